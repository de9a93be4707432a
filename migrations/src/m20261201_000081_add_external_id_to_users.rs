use sea_orm_migration::{prelude::*, schema::*};

/// Provisioning through SCIM.
///
/// - `users.external_id`: the id an identity provider or HR system gave the
///   person (`externalId`), unique so that the provider's lookups by it find
///   one person at most. Null for people made any other way.
/// - `users.deprovisioned_at`: when a provider deleted the person. MUS keeps
///   the person (as a leaver: retention decides when their content goes),
///   but SCIM no longer shows them, as a deleted resource must not be.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len_null(Users::ExternalId, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Users::DeprovisionedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_external_id")
                    .table(Users::Table)
                    .col(Users::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_external_id")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Users::DeprovisionedAt, Users::ExternalId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    ExternalId,
    DeprovisionedAt,
}
