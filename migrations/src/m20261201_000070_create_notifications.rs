use sea_orm_migration::{prelude::*, schema::*};

/// Reminders and notifications.
///
/// - `notifications`: what each person was told, in their list in the web
///   app; `reason` is unique, so a reminder is given once per reason (a
///   round, a deadline's day, a summary version, a week) however many
///   times, or on however many instances, the scan runs.
/// - `notification_settings`: the kinds of e-mail a person turned off.
/// - `job_leases`: work that must run on one instance at a time (the
///   reminder scan), claimed until `leased_until`.
/// - `rounds.reminder_days`: days before the preparation deadline on which
///   those who have not shared are reminded, as a JSON array.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(string_len(Notifications::Reason, 200))
                    // Rendered in the person's language: names, dates, states.
                    .col(string_len(Notifications::Title, 300))
                    .col(string_len(Notifications::Link, 300))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_reason")
                    .table(Notifications::Table)
                    .col(Notifications::Reason)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationSettings::Table)
                    .col(uuid(NotificationSettings::UserId).primary_key())
                    // JSON array of the kinds turned off.
                    .col(string_len(NotificationSettings::MailOff, 300))
                    .col(timestamp_with_time_zone(NotificationSettings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_settings_user")
                            .from(NotificationSettings::Table, NotificationSettings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobLeases::Table)
                    .col(string_len(JobLeases::Name, 64).primary_key())
                    .col(timestamp_with_time_zone(JobLeases::LeasedUntil))
                    .col(timestamp_with_time_zone_null(JobLeases::LastRunAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .add_column(string_len(Rounds::ReminderDays, 64).default("[7,1]"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .drop_column(Rounds::ReminderDays)
                    .to_owned(),
            )
            .await?;
        for table in [
            JobLeases::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Reason,
    Title,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    MailOff,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobLeases {
    Table,
    Name,
    LeasedUntil,
    LastRunAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    ReminderDays,
}
