use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign keys: the record of who did what outlives the people in it.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid(AuditEvents::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::Action, 60))
                    // Whose data the event concerns, for the person's own access log.
                    .col(uuid_null(AuditEvents::SubjectId))
                    .col(string_len(AuditEvents::ResourceType, 40))
                    .col(uuid_null(AuditEvents::ResourceId))
                    // True for reads of someone else's content.
                    .col(boolean(AuditEvents::IsRead))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_audit_events_at", AuditEvents::At),
            ("idx_audit_events_subject", AuditEvents::SubjectId),
            ("idx_audit_events_actor", AuditEvents::ActorId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEvents::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    Action,
    SubjectId,
    ResourceType,
    ResourceId,
    IsRead,
}
