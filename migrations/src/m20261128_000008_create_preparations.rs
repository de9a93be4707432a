use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Preparations::Table)
                    .col(uuid(Preparations::Id).primary_key())
                    .col(uuid(Preparations::ConversationId))
                    // `employee` or `manager`: whose preparation this is.
                    .col(string_len(Preparations::Side, 10))
                    // Answers by question key, as JSON.
                    .col(text(Preparations::Answers))
                    .col(integer(Preparations::Version))
                    .col(timestamp_with_time_zone_null(Preparations::SharedAt))
                    .col(timestamp_with_time_zone(Preparations::CreatedAt))
                    .col(timestamp_with_time_zone(Preparations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_preparations_conversation")
                            .from(Preparations::Table, Preparations::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_preparations_conversation_side")
                    .table(Preparations::Table)
                    .col(Preparations::ConversationId)
                    .col(Preparations::Side)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Preparations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Preparations {
    Table,
    Id,
    ConversationId,
    Side,
    Answers,
    Version,
    SharedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
}
