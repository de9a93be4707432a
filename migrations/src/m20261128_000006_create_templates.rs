use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(uuid(Templates::Id).primary_key())
                    .col(uuid(Templates::FamilyId))
                    .col(integer(Templates::Version))
                    // The newest version of its family: what lists show.
                    .col(boolean(Templates::IsLatest))
                    .col(boolean(Templates::Frozen))
                    // `classic-da`, … for the forms that ship with MUS.
                    .col(string_len_null(Templates::Shipped, 40))
                    .col(string_len(Templates::Name, 200))
                    .col(string_len(Templates::Language, 5))
                    .col(text(Templates::Description))
                    // The sections and questions, as JSON: a form is read and
                    // written whole, and JSON text is the same on every database.
                    .col(text(Templates::Sections))
                    .col(timestamp_with_time_zone(Templates::CreatedAt))
                    .col(timestamp_with_time_zone(Templates::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_templates_family_version")
                    .table(Templates::Table)
                    .col(Templates::FamilyId)
                    .col(Templates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_templates_shipped")
                    .table(Templates::Table)
                    .col(Templates::Shipped)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Templates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Id,
    FamilyId,
    Version,
    IsLatest,
    Frozen,
    Shipped,
    Name,
    Language,
    Description,
    Sections,
    CreatedAt,
    UpdatedAt,
}
