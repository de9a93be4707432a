use sea_orm_migration::{prelude::*, schema::*};

/// Summaries with every version, the agreements followed up from signed
/// ones, last year's agreements as reviewed by this year's conversation, and
/// the quarterly check-ins.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Who wrote a preparation: after a change of manager the new one does
        // not read or continue the notes their predecessor prepared.
        manager
            .alter_table(
                Table::alter()
                    .table(Preparations::Table)
                    .add_column(uuid_null(Preparations::AuthorId))
                    .to_owned(),
            )
            .await?;
        // When both parties first signed a summary: completion is counted by it.
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(timestamp_with_time_zone_null(Conversations::SignedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SummaryVersions::Table)
                    .col(uuid(SummaryVersions::Id).primary_key())
                    .col(uuid(SummaryVersions::ConversationId))
                    .col(integer(SummaryVersions::Version))
                    // Saves of this version; a write names the one it read.
                    .col(integer(SummaryVersions::Revision))
                    // `mus_domain::SummaryContent` as JSON; hashed as stored.
                    .col(text(SummaryVersions::Content))
                    .col(string_len(SummaryVersions::ContentHash, 64))
                    // `Vec<mus_domain::SignatureRecord>` as JSON.
                    .col(text(SummaryVersions::Signatures))
                    .col(uuid_null(SummaryVersions::UpdatedBy))
                    .col(timestamp_with_time_zone(SummaryVersions::CreatedAt))
                    .col(timestamp_with_time_zone(SummaryVersions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_summary_versions_conversation")
                            .from(SummaryVersions::Table, SummaryVersions::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_summary_versions_conversation_version")
                    .table(SummaryVersions::Table)
                    .col(SummaryVersions::ConversationId)
                    .col(SummaryVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Agreements::Table)
                    .col(uuid(Agreements::Id).primary_key())
                    .col(uuid(Agreements::ConversationId))
                    .col(uuid(Agreements::EmployeeId))
                    .col(string_len(Agreements::Title, 200))
                    .col(text(Agreements::Description))
                    .col(string_len(Agreements::Owner, 10))
                    .col(string_len(Agreements::Category, 20))
                    .col(date_null(Agreements::DueOn))
                    .col(string_len(Agreements::Status, 12))
                    .col(text(Agreements::Note))
                    .col(uuid_null(Agreements::OriginId))
                    // Set when next year's signed summary carries it over.
                    .col(uuid_null(Agreements::CarriedInto))
                    .col(timestamp_with_time_zone(Agreements::CreatedAt))
                    .col(timestamp_with_time_zone(Agreements::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agreements_conversation")
                            .from(Agreements::Table, Agreements::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_agreements_conversation",
                vec![Agreements::ConversationId],
            ),
            (
                "idx_agreements_employee_status",
                vec![Agreements::EmployeeId, Agreements::Status],
            ),
            (
                "idx_agreements_status_due",
                vec![Agreements::Status, Agreements::DueOn],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Agreements::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AgreementReviews::Table)
                    .col(uuid(AgreementReviews::Id).primary_key())
                    // This year's conversation, which reviews the agreement.
                    .col(uuid(AgreementReviews::ConversationId))
                    .col(uuid(AgreementReviews::AgreementId))
                    .col(string_len(AgreementReviews::Side, 10))
                    .col(string_len(AgreementReviews::Decision, 12))
                    .col(uuid(AgreementReviews::UpdatedBy))
                    .col(timestamp_with_time_zone(AgreementReviews::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agreement_reviews_conversation")
                            .from(AgreementReviews::Table, AgreementReviews::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agreement_reviews_agreement")
                            .from(AgreementReviews::Table, AgreementReviews::AgreementId)
                            .to(Agreements::Table, Agreements::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agreement_reviews_unique")
                    .table(AgreementReviews::Table)
                    .col(AgreementReviews::ConversationId)
                    .col(AgreementReviews::AgreementId)
                    .col(AgreementReviews::Side)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .col(uuid(CheckIns::Id).primary_key())
                    .col(uuid(CheckIns::ConversationId))
                    .col(uuid(CheckIns::EmployeeId))
                    .col(integer(CheckIns::MonthsAfter))
                    .col(date(CheckIns::DueOn))
                    .col(timestamp_with_time_zone_null(CheckIns::CompletedAt))
                    .col(uuid_null(CheckIns::CompletedBy))
                    // `Vec<mus_domain::CheckInEntry>` as JSON.
                    .col(text(CheckIns::Entries))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_check_ins_conversation")
                            .from(CheckIns::Table, CheckIns::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_check_ins_conversation", vec![CheckIns::ConversationId]),
            (
                "idx_check_ins_employee_due",
                vec![CheckIns::EmployeeId, CheckIns::DueOn],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CheckIns::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CheckIns::Table.into_iden(),
            AgreementReviews::Table.into_iden(),
            Agreements::Table.into_iden(),
            SummaryVersions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(Conversations::SignedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Preparations::Table)
                    .drop_column(Preparations::AuthorId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    SignedAt,
}

#[derive(DeriveIden)]
enum Preparations {
    Table,
    AuthorId,
}

#[derive(DeriveIden)]
enum SummaryVersions {
    Table,
    Id,
    ConversationId,
    Version,
    Revision,
    Content,
    ContentHash,
    Signatures,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Agreements {
    Table,
    Id,
    ConversationId,
    EmployeeId,
    Title,
    Description,
    Owner,
    Category,
    DueOn,
    Status,
    Note,
    OriginId,
    CarriedInto,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgreementReviews {
    Table,
    Id,
    ConversationId,
    AgreementId,
    Side,
    Decision,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    Id,
    ConversationId,
    EmployeeId,
    MonthsAfter,
    DueOn,
    CompletedAt,
    CompletedBy,
    Entries,
}
