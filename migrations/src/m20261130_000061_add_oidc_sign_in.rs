use sea_orm_migration::{prelude::*, schema::*};

/// Signing in through the organisation (OpenID Connect).
///
/// - `oidc_sign_ins`: one row per sign-in under way, between the redirect to
///   the provider and its answer: the values the answer is checked against.
///   In the database, not in process memory, so that the answer may reach
///   another server instance than the one that sent the person off. Keyed by
///   the SHA-256 of the id in the browser's cookie, so that reading the table
///   gives nobody a cookie.
/// - `users.oidc_issuer` and `users.oidc_subject`: the provider's stable id
///   for the person (`iss`, `sub`), stored at the first sign-in matched by
///   e-mail. A subject is unique only at its issuer, so both are stored and
///   are unique together.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OidcSignIns::Table)
                    // Hex SHA-256 of the cookie's id.
                    .col(string_len(OidcSignIns::IdHash, 64).primary_key())
                    .col(string_len(OidcSignIns::State, 128))
                    .col(string_len(OidcSignIns::Nonce, 128))
                    .col(string_len(OidcSignIns::PkceVerifier, 128))
                    .col(string_len(OidcSignIns::ReturnTo, 2048))
                    .col(timestamp_with_time_zone(OidcSignIns::ExpiresAt))
                    .col(timestamp_with_time_zone(OidcSignIns::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_oidc_sign_ins_expires_at")
                    .table(OidcSignIns::Table)
                    .col(OidcSignIns::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_oidc_sign_ins_state")
                    .table(OidcSignIns::Table)
                    .col(OidcSignIns::State)
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        for column in [Users::OidcIssuer, Users::OidcSubject] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(string_len_null(column, 255))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_users_oidc_subject")
                    .table(Users::Table)
                    .col(Users::OidcSubject)
                    .col(Users::OidcIssuer)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_oidc_subject")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Users::OidcSubject, Users::OidcIssuer] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(OidcSignIns::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OidcSignIns {
    Table,
    IdHash,
    State,
    Nonce,
    PkceVerifier,
    ReturnTo,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    OidcIssuer,
    OidcSubject,
}
