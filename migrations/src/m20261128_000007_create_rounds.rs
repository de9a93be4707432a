use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rounds::Table)
                    .col(uuid(Rounds::Id).primary_key())
                    .col(string_len(Rounds::Name, 200))
                    .col(uuid(Rounds::TemplateId))
                    .col(date(Rounds::PreparationDeadline))
                    .col(date(Rounds::MeetingsFrom))
                    .col(date(Rounds::MeetingsUntil))
                    // JSON array of department ids; empty for the whole organisation.
                    .col(text(Rounds::Departments))
                    .col(boolean(Rounds::SimultaneousReveal))
                    .col(timestamp_with_time_zone(Rounds::CreatedAt))
                    .col(timestamp_with_time_zone(Rounds::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(uuid(Conversations::Id).primary_key())
                    .col(uuid(Conversations::RoundId))
                    .col(uuid(Conversations::EmployeeId))
                    .col(uuid(Conversations::ManagerId))
                    // Where the employee was when the round opened, for HR's figures.
                    .col(uuid_null(Conversations::DepartmentId))
                    // `ConversationStatus`, also inside `state`; a column so it can be counted.
                    .col(string_len(Conversations::Status, 30))
                    // `ConversationSnapshot` as JSON, the state machine's memory.
                    .col(text(Conversations::State))
                    .col(timestamp_with_time_zone(Conversations::CreatedAt))
                    .col(timestamp_with_time_zone(Conversations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversations_round")
                            .from(Conversations::Table, Conversations::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversations_employee")
                            .from(Conversations::Table, Conversations::EmployeeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_round_employee")
                    .table(Conversations::Table)
                    .col(Conversations::RoundId)
                    .col(Conversations::EmployeeId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_conversations_employee", Conversations::EmployeeId),
            ("idx_conversations_manager", Conversations::ManagerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Conversations::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Conversations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Rounds::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
    Name,
    TemplateId,
    PreparationDeadline,
    MeetingsFrom,
    MeetingsUntil,
    Departments,
    SimultaneousReveal,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Conversations {
    Table,
    Id,
    RoundId,
    EmployeeId,
    ManagerId,
    DepartmentId,
    Status,
    State,
    CreatedAt,
    UpdatedAt,
}
