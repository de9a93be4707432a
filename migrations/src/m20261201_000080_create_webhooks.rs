use sea_orm_migration::{prelude::*, schema::*};

/// Webhooks.
///
/// - `webhooks`: the endpoints HR registered, the events each is sent (a
///   comma-separated list of event names) and its signing secret, which
///   must be kept to sign with. The secret a rotation replaced signs beside
///   the new one until `previous_secret_until`.
/// - `outbox.webhook_id`: the endpoint a delivery is for. Deliveries wait in
///   the same outbox as mail (channel `webhook`), with the same retries.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(uuid(Webhooks::Id).primary_key())
                    .col(string_len(Webhooks::Url, 500))
                    .col(string_len(Webhooks::Description, 200))
                    .col(string_len(Webhooks::Events, 300))
                    .col(string_len(Webhooks::Secret, 100))
                    .col(string_len_null(Webhooks::PreviousSecret, 100))
                    .col(timestamp_with_time_zone_null(Webhooks::PreviousSecretUntil))
                    .col(uuid(Webhooks::CreatedBy))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(uuid_null(Outbox::WebhookId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_webhook")
                    .table(Outbox::Table)
                    .col(Outbox::WebhookId)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_webhook")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::WebhookId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Description,
    Events,
    Secret,
    PreviousSecret,
    PreviousSecretUntil,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    WebhookId,
    CreatedAt,
}
