//! The reminder scan: what the year needs from whom, found in a fixed
//! number of statements whatever the size of the organisation, and told
//! once per reason (`services::notifications`).
//!
//! - the preparation deadline is near (the round's reminder days) and a
//!   party's preparation is not shared: the employee about their own
//!   conversation, the manager once for all of theirs;
//! - a summary has waited 2, then 7 days for a party's signature;
//! - a check-in is a week away, due, or a week overdue;
//! - agreements past their date, once a week to their owner;
//! - each manager's weekly digest of what in the team needs them.
//!
//! A reminder follows the state it is about, read afresh on every scan: a
//! shared preparation, a signed summary or a completed check-in is never
//! reminded of again. Reminders go out in Danish working hours only.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use mus_domain::agreements::danish_date;
use mus_domain::meeting::copenhagen_local;
use mus_domain::{
    AgreementOwner, AgreementStatus, ConversationSnapshot, ConversationStatus, Party,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::notifications::{self, Digest, Message, Notice, Recipients, Told};
use crate::error::AppError;
use crate::store::entities::{agreement, check_in, conversation, notification, round};
use crate::store::{begin_write, leases};

/// The lease the scan runs under.
const LEASE_NAME: &str = "reminders";
/// How long a scan may take before another instance may take over.
const LEASE: Duration = Duration::from_secs(5 * 60);
/// Nothing is reminded of this many days after its date; reasons told
/// within this many days are remembered (a little longer).
const LAST_DAY: i64 = 60;
const REMEMBERED_DAYS: i64 = LAST_DAY + 10;
/// Danish hours in which reminders go out: from 7 to 20.
const WORKING_HOURS: std::ops::Range<u32> = 7..20;

/// Runs the scan if no instance has run it within `every` (less a tenth,
/// see `leases::run_once`) and none is running it now; `None` when it was
/// not this instance's turn.
pub async fn run(
    db: &DatabaseConnection,
    site: &url::Url,
    now: DateTime<Utc>,
    every: Duration,
) -> Result<Option<Told>, AppError> {
    leases::run_once(db, LEASE_NAME, now, every, LEASE, scan(db, site, now)).await
}

/// Starts this process's scanner: every `every`, the scan runs on whichever
/// instance claims it first.
pub fn start(
    db: DatabaseConnection,
    site: url::Url,
    wake: crate::outbox::Wake,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match run(&db, &site, Utc::now(), every).await {
                Ok(Some(told)) => {
                    if told.mails > 0 {
                        wake.wake();
                    }
                    tracing::info!(
                        notifications = told.notifications,
                        mails = told.mails,
                        "reminders scanned"
                    );
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(error = ?error, "the reminder scan failed; trying again later");
                }
            }
        }
    })
}

/// One scan at `now`, without the lease (`run` takes it). Eight statements
/// read what is due; the notices are written in one transaction. A reason
/// already told is not told again; were two scans to run at once, the
/// second transaction would fail on the unique reason and tell nothing.
pub async fn scan(
    db: &DatabaseConnection,
    site: &url::Url,
    now: DateTime<Utc>,
) -> Result<Told, AppError> {
    let local = copenhagen_local(now);
    if !WORKING_HOURS.contains(&local.hour()) {
        return Ok(Told::default());
    }
    let today = danish_date(now);
    let recipients = Recipients::all(db).await?;
    let mut found = Found::default();
    preparations(db, today, &recipients, &mut found).await?;
    summaries(db, today, &recipients, &mut found).await?;
    check_ins(db, today, &recipients, &mut found).await?;
    agreements(db, today, &recipients, &mut found).await?;
    found.digests_and_agreements(today);

    let told = told_since(db, now - chrono::Duration::days(REMEMBERED_DAYS)).await?;
    let notices: Vec<Notice> = found
        .notices
        .into_iter()
        .filter(|notice| !told.contains(&notice.reason))
        .collect();
    if notices.is_empty() {
        return Ok(Told::default());
    }
    let (_turn, txn) = begin_write(db).await?;
    let told = notifications::tell(&txn, site, &recipients, notices).await?;
    txn.commit().await?;
    Ok(told)
}

/// What the scan found, before what was told already is taken out.
#[derive(Default)]
struct Found {
    notices: Vec<Notice>,
    digests: HashMap<Uuid, Digest>,
    /// Agreements past their date, per person who owns them.
    overdue: BTreeMap<Uuid, u32>,
}

impl Found {
    fn digest(&mut self, manager: Uuid) -> &mut Digest {
        self.digests.entry(manager).or_default()
    }

    /// The weekly notices, named by the ISO week, so each goes once a week.
    fn digests_and_agreements(&mut self, today: NaiveDate) {
        let iso = today.iso_week();
        let week = format!("{}-W{:02}", iso.year(), iso.week());
        for (person, count) in std::mem::take(&mut self.overdue) {
            self.notices.push(Notice {
                user: person,
                reason: format!("agreements_overdue:{person}:{week}"),
                message: Message::AgreementsOverdue { count },
                link: "/agreements".into(),
            });
        }
        let mut digests: Vec<_> = std::mem::take(&mut self.digests).into_iter().collect();
        digests.sort_by_key(|(manager, _)| *manager);
        for (manager, digest) in digests {
            if digest.is_empty() {
                continue;
            }
            self.notices.push(Notice {
                user: manager,
                reason: format!("weekly_digest:{manager}:{week}"),
                message: Message::WeeklyDigest(digest),
                link: "/team".into(),
            });
        }
    }
}

/// The reasons told since `since`: one statement.
async fn told_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<HashSet<String>, AppError> {
    use mus_domain::NotificationKind as K;
    let kinds = [
        K::PreparationDue,
        K::SignatureWaiting,
        K::CheckInDue,
        K::AgreementsOverdue,
        K::WeeklyDigest,
    ];
    let reasons: Vec<String> = notification::Entity::find()
        .select_only()
        .column(notification::Column::Reason)
        .filter(notification::Column::CreatedAt.gte(since))
        .filter(notification::Column::Kind.is_in(kinds.map(K::as_str)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(reasons.into_iter().collect())
}

fn snapshot(state: &str) -> Option<ConversationSnapshot> {
    serde_json::from_str(state).ok()
}

/// The reminder day a conversation is in: the nearest of the round's days
/// at or after the days left, so a scan that missed a day still reminds
/// once for where the deadline stands now.
fn reminder_day(days: &[u16], days_left: i64) -> Option<i64> {
    days.iter()
        .map(|d| i64::from(*d))
        .filter(|d| *d >= days_left)
        .min()
}

/// Two statements: the rounds whose deadline is within reach, and their
/// conversations that are not ready.
async fn preparations(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    recipients: &Recipients,
    found: &mut Found,
) -> Result<(), AppError> {
    let rounds: Vec<round::Model> = round::Entity::find()
        .filter(round::Column::PreparationDeadline.gte(today))
        .filter(round::Column::PreparationDeadline.lte(
            today + chrono::Duration::days(i64::from(mus_domain::rounds::MAX_REMINDER_DAYS_BEFORE)),
        ))
        .all(db)
        .await?;
    if rounds.is_empty() {
        return Ok(());
    }
    let rounds: HashMap<Uuid, round::Model> = rounds.into_iter().map(|r| (r.id, r)).collect();
    let open: Vec<(Uuid, Uuid, Uuid, Uuid, String)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .column(conversation::Column::RoundId)
        .column(conversation::Column::EmployeeId)
        .column(conversation::Column::ManagerId)
        .column(conversation::Column::State)
        .filter(conversation::Column::RoundId.is_in(rounds.keys().copied()))
        .filter(conversation::Column::Status.is_in([
            ConversationStatus::Planned.as_str(),
            ConversationStatus::Preparing.as_str(),
        ]))
        .into_tuple()
        .all(db)
        .await?;
    // The manager's, per round and reminder day: one notice for all.
    let mut managers: BTreeMap<(Uuid, Uuid, i64), Vec<String>> = BTreeMap::new();
    let name = |id: Uuid| {
        recipients
            .get(id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    for (id, round_id, employee, manager, state) in open {
        let (Some(round), Some(state)) = (rounds.get(&round_id), snapshot(&state)) else {
            continue;
        };
        let days_left = (round.preparation_deadline - today).num_days();
        let reminder_days: Vec<u16> =
            serde_json::from_str(&round.reminder_days).unwrap_or_default();
        if !state.manager_preparation_shared && days_left <= 7 {
            found.digest(manager).preparations_not_shared += 1;
        }
        let Some(day) = reminder_day(&reminder_days, days_left) else {
            continue;
        };
        if !state.employee_preparation_shared {
            found.notices.push(Notice {
                user: employee,
                reason: format!("preparation_due:{id}:employee:{day}"),
                message: Message::PreparationDue {
                    round: round.name.clone(),
                    deadline: round.preparation_deadline,
                    days: days_left,
                    with: vec![name(manager)],
                },
                link: format!("/conversations/{id}/preparation"),
            });
        }
        if !state.manager_preparation_shared {
            managers
                .entry((round_id, manager, day))
                .or_default()
                .push(name(employee));
        }
    }
    for ((round_id, manager, day), mut with) in managers {
        let Some(round) = rounds.get(&round_id) else {
            continue;
        };
        with.sort_by(|a, b| mus_domain::danish_order(a, b));
        found.notices.push(Notice {
            user: manager,
            reason: format!("preparation_due:{round_id}:{manager}:manager:{day}"),
            message: Message::PreparationDue {
                round: round.name.clone(),
                deadline: round.preparation_deadline,
                days: (round.preparation_deadline - today).num_days(),
                with,
            },
            link: "/".into(),
        });
    }
    Ok(())
}

/// One statement: summaries to write and to sign. The one who has not
/// signed is reminded 2 and 7 days after the other signed (when the
/// conversation last changed).
async fn summaries(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    recipients: &Recipients,
    found: &mut Found,
) -> Result<(), AppError> {
    let rows: Vec<(Uuid, Uuid, Uuid, String, String, DateTime<Utc>)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .column(conversation::Column::EmployeeId)
        .column(conversation::Column::ManagerId)
        .column(conversation::Column::Status)
        .column(conversation::Column::State)
        .column(conversation::Column::UpdatedAt)
        .filter(conversation::Column::Status.is_in([
            ConversationStatus::Held.as_str(),
            ConversationStatus::SummaryDraft.as_str(),
            ConversationStatus::AwaitingSignatures.as_str(),
        ]))
        .into_tuple()
        .all(db)
        .await?;
    let name = |id: Uuid| {
        recipients
            .get(id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    for (id, employee, manager, status, state, updated_at) in rows {
        if status != ConversationStatus::AwaitingSignatures.as_str() {
            found.digest(manager).summaries_to_write += 1;
            continue;
        }
        let Some(summary) = snapshot(&state).and_then(|s| s.summary) else {
            continue;
        };
        let signed = |party: Party| {
            summary
                .signatures
                .iter()
                .any(|s| s.by == party && s.version == summary.version)
        };
        let days = (today - danish_date(updated_at)).num_days();
        let stage = match days {
            2..7 => Some(2),
            7..LAST_DAY => Some(7),
            _ => None,
        };
        for party in Party::ALL {
            if signed(party) {
                continue;
            }
            let (person, other) = match party {
                Party::Employee => (employee, manager),
                Party::Manager => (manager, employee),
            };
            if party == Party::Manager {
                found.digest(manager).summaries_to_sign += 1;
            }
            let Some(stage) = stage else {
                continue;
            };
            found.notices.push(Notice {
                user: person,
                reason: format!(
                    "signature_waiting:{id}:{}:{}:{stage}",
                    summary.version,
                    party.as_str()
                ),
                message: Message::SignatureWaiting {
                    with: name(other),
                    days,
                },
                link: format!("/conversations/{id}/summary"),
            });
        }
    }
    Ok(())
}

/// One statement: check-ins not completed from a week before their day to
/// `LAST_DAY` after it; the employee and their manager now are reminded a
/// week before, on the day, and a week after.
async fn check_ins(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    recipients: &Recipients,
    found: &mut Found,
) -> Result<(), AppError> {
    let rows: Vec<(Uuid, Uuid, Uuid, NaiveDate)> = check_in::Entity::find()
        .select_only()
        .column(check_in::Column::Id)
        .column(check_in::Column::ConversationId)
        .column(check_in::Column::EmployeeId)
        .column(check_in::Column::DueOn)
        .filter(check_in::Column::CompletedAt.is_null())
        .filter(check_in::Column::DueOn.lte(today + chrono::Duration::days(7)))
        .filter(check_in::Column::DueOn.gte(today - chrono::Duration::days(LAST_DAY)))
        .into_tuple()
        .all(db)
        .await?;
    for (id, conversation, employee, due_on) in rows {
        let Some(manager) = recipients.get(employee).and_then(|e| e.manager) else {
            continue;
        };
        found.digest(manager).check_ins_due += 1;
        let days_after = (today - due_on).num_days();
        let stage = match days_after {
            ..0 => "week_before",
            0..7 => "due",
            _ => "overdue",
        };
        for (person, other) in [(employee, manager), (manager, employee)] {
            let with = recipients
                .get(other)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            found.notices.push(Notice {
                user: person,
                reason: format!("check_in_due:{id}:{stage}:{person}"),
                message: Message::CheckInDue {
                    with,
                    due_on,
                    overdue: stage == "overdue",
                },
                link: format!("/conversations/{conversation}/follow-up"),
            });
        }
    }
    Ok(())
}

/// One statement: agreements still open past their date and not carried
/// into a later summary, counted per owner.
async fn agreements(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    recipients: &Recipients,
    found: &mut Found,
) -> Result<(), AppError> {
    let rows: Vec<(Uuid, Uuid, String)> = agreement::Entity::find()
        .select_only()
        .column(agreement::Column::Id)
        .column(agreement::Column::EmployeeId)
        .column(agreement::Column::Owner)
        .filter(agreement::Column::Status.is_in([
            AgreementStatus::Open.as_str(),
            AgreementStatus::InProgress.as_str(),
        ]))
        .filter(agreement::Column::DueOn.lt(today))
        .filter(agreement::Column::CarriedInto.is_null())
        .into_tuple()
        .all(db)
        .await?;
    for (_, employee, owner) in rows {
        let owner = AgreementOwner::parse(&owner).unwrap_or(AgreementOwner::Both);
        if matches!(owner, AgreementOwner::Employee | AgreementOwner::Both) {
            *found.overdue.entry(employee).or_default() += 1;
        }
        // The manager's part falls to the employee's manager now.
        let manager = recipients.get(employee).and_then(|e| e.manager);
        if let (AgreementOwner::Manager | AgreementOwner::Both, Some(manager)) = (owner, manager) {
            *found.overdue.entry(manager).or_default() += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_reminder_day_is_caught_up_once() {
        let days = [7, 1];
        assert_eq!(reminder_day(&days, 9), None);
        assert_eq!(reminder_day(&days, 7), Some(7));
        // The scan did not run on the seventh day before: the sixth day
        // still reminds, as the 7-day reminder.
        assert_eq!(reminder_day(&days, 6), Some(7));
        assert_eq!(reminder_day(&days, 1), Some(1));
        assert_eq!(reminder_day(&days, 0), Some(1));
        assert_eq!(reminder_day(&[], 0), None);
        assert_eq!(reminder_day(&[0], 0), Some(0));
    }
}
