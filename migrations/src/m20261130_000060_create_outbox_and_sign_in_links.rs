use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000002_create_users::Users;

/// The outbox every message leaving MUS goes through (e-mail now, webhook
/// deliveries later), the single-use links that let a person choose their
/// own password, and the language a person's mail is written in.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    // Also the message's id outside: `Message-ID`, `webhook-id`.
                    .col(uuid(Outbox::Id).primary_key())
                    // `mail`.
                    .col(string_len(Outbox::Channel, 16))
                    // What the message is about (`invitation`, `password_reset`,
                    // `manager_changed`, …), for the dead-letter list.
                    .col(string_len(Outbox::Topic, 32))
                    // The person it is for, when it is for a person.
                    .col(uuid_null(Outbox::RecipientId))
                    // Where it goes: an e-mail address.
                    .col(string_len(Outbox::Address, 320))
                    // The rendered message (JSON); emptied once it is sent.
                    .col(text(Outbox::Payload))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    // When the next attempt is due.
                    .col(timestamp_with_time_zone(Outbox::DueAt))
                    .col(integer(Outbox::Attempts).default(0))
                    // A worker that claimed the message holds it until then.
                    .col(timestamp_with_time_zone_null(Outbox::LeasedUntil))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    // Given up on: a dead letter, until someone retries it.
                    .col(timestamp_with_time_zone_null(Outbox::DeadAt))
                    // The last failure, as the mail server put it (no content).
                    .col(string_len_null(Outbox::LastError, 500))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_recipient")
                            .from(Outbox::Table, Outbox::RecipientId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_pending")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::DeadAt)
                    .col(Outbox::DueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInLinks::Table)
                    .col(uuid(SignInLinks::Id).primary_key())
                    .col(uuid(SignInLinks::UserId))
                    // `invitation` or `password_reset`.
                    .col(string_len(SignInLinks::Purpose, 16))
                    // SHA-256 of the link's secret, hex: the secret is never stored.
                    .col(string_len_uniq(SignInLinks::TokenHash, 64))
                    // HR who sent an invitation; none for a reset asked for by the person.
                    .col(uuid_null(SignInLinks::CreatedBy))
                    .col(timestamp_with_time_zone(SignInLinks::CreatedAt))
                    .col(timestamp_with_time_zone(SignInLinks::ExpiresAt))
                    // Used, or replaced by a newer link or a new password.
                    .col(timestamp_with_time_zone_null(SignInLinks::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sign_in_links_user")
                            .from(SignInLinks::Table, SignInLinks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sign_in_links_user")
                    .table(SignInLinks::Table)
                    .col(SignInLinks::UserId)
                    .col(SignInLinks::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len(Language::Language, 2).default("da"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Language::Language)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SignInLinks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Channel,
    Topic,
    RecipientId,
    Address,
    Payload,
    CreatedAt,
    DueAt,
    Attempts,
    LeasedUntil,
    SentAt,
    DeadAt,
    LastError,
}

#[derive(DeriveIden)]
enum SignInLinks {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Language {
    Language,
}
