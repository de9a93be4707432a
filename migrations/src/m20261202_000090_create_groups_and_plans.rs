use sea_orm_migration::{prelude::*, schema::*};

/// Group conversations (GRUS) and development plans.
///
/// - `rounds.format`: `individual`, `group` or `group_then_individual`;
///   `rounds.group_template_id`: the group form of a round that holds both.
/// - `group_conversations`: one per team and round, with the manager's
///   agenda, the meeting, and the group summary (JSON) with its version.
/// - `group_members`: who is and was in a group, each participant's own
///   preparation (private until `shared_at`) and their acknowledgement of
///   the signed summary, with a note of disagreement.
/// - `team_agreements`, `group_check_ins`: the follow-up of a signed group
///   summary.
/// - `development_goals`: goals added to an employee's development plan
///   between conversations.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .add_column(string_len(Rounds::Format, 30).default("individual"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .add_column(uuid_null(Rounds::GroupTemplateId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupConversations::Table)
                    .col(uuid(GroupConversations::Id).primary_key())
                    .col(uuid(GroupConversations::RoundId))
                    .col(uuid(GroupConversations::ManagerId))
                    .col(uuid_null(GroupConversations::DepartmentId))
                    .col(string_len(GroupConversations::Name, 200))
                    .col(text(GroupConversations::Agenda))
                    .col(integer(GroupConversations::AgendaVersion))
                    .col(timestamp_with_time_zone_null(
                        GroupConversations::MeetingStartsAt,
                    ))
                    .col(integer_null(GroupConversations::MeetingMinutes))
                    .col(string_len_null(GroupConversations::MeetingLocation, 300))
                    .col(integer(GroupConversations::MeetingSequence))
                    .col(text(GroupConversations::Summary))
                    .col(integer(GroupConversations::SummaryVersion))
                    .col(timestamp_with_time_zone_null(
                        GroupConversations::SummaryUpdatedAt,
                    ))
                    .col(timestamp_with_time_zone_null(GroupConversations::SignedAt))
                    .col(uuid_null(GroupConversations::SignedBy))
                    .col(timestamp_with_time_zone(GroupConversations::CreatedAt))
                    .col(timestamp_with_time_zone(GroupConversations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_group_conversations_round", GroupConversations::RoundId),
            (
                "idx_group_conversations_manager",
                GroupConversations::ManagerId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(GroupConversations::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(uuid(GroupMembers::Id).primary_key())
                    .col(uuid(GroupMembers::GroupId))
                    .col(uuid(GroupMembers::UserId))
                    .col(timestamp_with_time_zone(GroupMembers::JoinedAt))
                    .col(timestamp_with_time_zone_null(GroupMembers::LeftAt))
                    .col(text(GroupMembers::Answers))
                    .col(integer(GroupMembers::PreparationVersion))
                    .col(timestamp_with_time_zone_null(
                        GroupMembers::PreparationUpdatedAt,
                    ))
                    .col(timestamp_with_time_zone_null(GroupMembers::SharedAt))
                    .col(timestamp_with_time_zone_null(GroupMembers::AcknowledgedAt))
                    .col(text_null(GroupMembers::Disagreement))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_members_group_user")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::GroupId)
                    .col(GroupMembers::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_members_user")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TeamAgreements::Table)
                    .col(uuid(TeamAgreements::Id).primary_key())
                    .col(uuid(TeamAgreements::GroupId))
                    .col(string_len(TeamAgreements::Title, 200))
                    .col(text(TeamAgreements::Description))
                    .col(string_len(TeamAgreements::Owner, 20))
                    .col(string_len(TeamAgreements::Category, 30))
                    .col(date_null(TeamAgreements::DueOn))
                    .col(string_len(TeamAgreements::Status, 20))
                    .col(text(TeamAgreements::Note))
                    .col(timestamp_with_time_zone(TeamAgreements::CreatedAt))
                    .col(timestamp_with_time_zone(TeamAgreements::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_team_agreements_group")
                    .table(TeamAgreements::Table)
                    .col(TeamAgreements::GroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupCheckIns::Table)
                    .col(uuid(GroupCheckIns::Id).primary_key())
                    .col(uuid(GroupCheckIns::GroupId))
                    .col(integer(GroupCheckIns::MonthsAfter))
                    .col(date(GroupCheckIns::DueOn))
                    .col(timestamp_with_time_zone_null(GroupCheckIns::CompletedAt))
                    .col(uuid_null(GroupCheckIns::CompletedBy))
                    .col(text(GroupCheckIns::Entries))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_check_ins_group")
                    .table(GroupCheckIns::Table)
                    .col(GroupCheckIns::GroupId)
                    .col(GroupCheckIns::MonthsAfter)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DevelopmentGoals::Table)
                    .col(uuid(DevelopmentGoals::Id).primary_key())
                    .col(uuid(DevelopmentGoals::EmployeeId))
                    .col(string_len(DevelopmentGoals::Title, 200))
                    .col(text(DevelopmentGoals::Description))
                    .col(string_len(DevelopmentGoals::Category, 30))
                    .col(string_len(DevelopmentGoals::Status, 20))
                    .col(date_null(DevelopmentGoals::DueOn))
                    .col(text(DevelopmentGoals::Note))
                    .col(uuid(DevelopmentGoals::CreatedBy))
                    .col(timestamp_with_time_zone(DevelopmentGoals::CreatedAt))
                    .col(timestamp_with_time_zone(DevelopmentGoals::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_development_goals_employee")
                    .table(DevelopmentGoals::Table)
                    .col(DevelopmentGoals::EmployeeId)
                    .col(DevelopmentGoals::UpdatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DevelopmentGoals::Table.into_iden(),
            GroupCheckIns::Table.into_iden(),
            TeamAgreements::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            GroupConversations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [Rounds::GroupTemplateId, Rounds::Format] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Rounds::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Format,
    GroupTemplateId,
}

#[derive(DeriveIden)]
enum GroupConversations {
    Table,
    Id,
    RoundId,
    ManagerId,
    DepartmentId,
    Name,
    Agenda,
    AgendaVersion,
    MeetingStartsAt,
    MeetingMinutes,
    MeetingLocation,
    MeetingSequence,
    Summary,
    SummaryVersion,
    SummaryUpdatedAt,
    SignedAt,
    SignedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    Id,
    GroupId,
    UserId,
    JoinedAt,
    LeftAt,
    Answers,
    PreparationVersion,
    PreparationUpdatedAt,
    SharedAt,
    AcknowledgedAt,
    Disagreement,
}

#[derive(DeriveIden)]
enum TeamAgreements {
    Table,
    Id,
    GroupId,
    Title,
    Description,
    Owner,
    Category,
    DueOn,
    Status,
    Note,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupCheckIns {
    Table,
    Id,
    GroupId,
    MonthsAfter,
    DueOn,
    CompletedAt,
    CompletedBy,
    Entries,
}

#[derive(DeriveIden)]
enum DevelopmentGoals {
    Table,
    Id,
    EmployeeId,
    Title,
    Description,
    Category,
    Status,
    DueOn,
    Note,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
