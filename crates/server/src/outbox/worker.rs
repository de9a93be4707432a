//! The delivery worker: claims due messages with a lease, sends them and
//! settles each as sent, due again later, or dead.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio::task::JoinHandle;
use uuid::Uuid;

use futures_util::StreamExt;

use super::mail::{Failure, Mailer};
use super::webhook::Hooks;
use super::{CHANNEL_MAIL, CHANNEL_WEBHOOK, Letter, Wake};
use crate::store::begin_write;
use crate::store::entities::{outbox, webhook};

/// Messages claimed at once.
const BATCH: u64 = 20;
/// Messages of a batch on their way at once, so one slow endpoint does
/// not hold up the rest.
const AT_ONCE: usize = 8;
/// How long a claimed message is left to its worker before another may
/// take it over (a worker that died mid-send).
const LEASE: Duration = Duration::from_secs(120);
/// The pause after each failed attempt. After the last, the message is dead.
const PAUSES: [Duration; 9] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(3 * 60 * 60),
    Duration::from_secs(6 * 60 * 60),
    Duration::from_secs(12 * 60 * 60),
    Duration::from_secs(24 * 60 * 60),
    Duration::from_secs(24 * 60 * 60),
];
/// Attempts before a message is given up on: about three days of trying.
pub const MAX_ATTEMPTS: i32 = PAUSES.len() as i32 + 1;
/// Longest failure text kept; the column holds 500 characters.
const MAX_ERROR_CHARS: usize = 480;

/// The pause before the next attempt after `attempts` have failed, or
/// `None` when that was the last.
pub fn pause_after(attempts: i32) -> Option<Duration> {
    usize::try_from(Ord::max(attempts, 1) - 1)
        .ok()
        .and_then(|index| PAUSES.get(index).copied())
}

/// Starts the worker of this process: it delivers whatever is due, then
/// waits until woken or until `poll` has passed (messages put in the outbox
/// by another instance, or due again after a pause).
pub fn start(
    db: DatabaseConnection,
    senders: Senders,
    wake: Wake,
    poll: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_due(&db, &senders).await {
                // A full batch: there may be more waiting.
                Ok(delivered) if delivered.claimed >= BATCH as usize => continue,
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(error = ?error, "the outbox could not be read; trying again later");
                }
            }
            tokio::select! {
                () = wake.woken() => {}
                () = tokio::time::sleep(poll) => {}
            }
        }
    })
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub claimed: usize,
    pub sent: usize,
    pub failed: usize,
}

/// What the worker sends with: mail over SMTP (or to files), webhooks
/// over HTTP.
#[derive(Debug, Clone)]
pub struct Senders {
    pub mail: Mailer,
    pub hooks: Hooks,
}

/// Claims the messages due now and delivers them, a few at a time.
pub async fn deliver_due(
    db: &DatabaseConnection,
    senders: &Senders,
) -> Result<Delivered, sea_orm::DbErr> {
    let claimed = claim(db, Utc::now()).await?;
    let mut delivered = Delivered {
        claimed: claimed.len(),
        ..Delivered::default()
    };
    let mut outcomes = futures_util::stream::iter(claimed)
        .map(|message| async move {
            let outcome = send(db, senders, &message).await;
            (message, outcome)
        })
        .buffer_unordered(AT_ONCE);
    while let Some((message, outcome)) = outcomes.next().await {
        if outcome.is_ok() {
            delivered.sent += 1;
        } else {
            delivered.failed += 1;
        }
        settle(db, &message, outcome).await?;
    }
    Ok(delivered)
}

/// Leases up to `BATCH` due messages to this worker and counts the attempt.
/// On PostgreSQL, rows another worker is claiming at this moment are
/// skipped (`FOR UPDATE SKIP LOCKED`), so two instances never take the same
/// message; on SQLite the write lock does the same.
async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<outbox::Model>, sea_orm::DbErr> {
    let lease = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
    // A read first: most passes find nothing, and a pass that only reads
    // leaves the dashboards' caches (which any write makes stale) alone.
    let anything_due = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(due_now(now))
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some();
    if !anything_due {
        return Ok(Vec::new());
    }
    let due = Query::select()
        .column(outbox::Column::Id)
        .from(outbox::Entity)
        .cond_where(due_now(now))
        .order_by(outbox::Column::DueAt, sea_orm::Order::Asc)
        .limit(BATCH)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let (_turn, txn) = begin_write(db).await?;
    let claimed = outbox::Entity::update_many()
        .col_expr(outbox::Column::LeasedUntil, Expr::value(lease))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.in_subquery(due))
        .exec_with_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}

/// Not sent, not given up on, due, and held by no live lease.
fn due_now(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::DeadAt.is_null())
        .add(outbox::Column::DueAt.lte(now))
        .add(
            Condition::any()
                .add(outbox::Column::LeasedUntil.is_null())
                .add(outbox::Column::LeasedUntil.lt(now)),
        )
}

async fn send(
    db: &DatabaseConnection,
    senders: &Senders,
    message: &outbox::Model,
) -> Result<(), Failure> {
    match message.channel.as_str() {
        CHANNEL_MAIL => {
            let letter: Letter = serde_json::from_str(&message.payload)
                .map_err(|e| Failure::permanent(format!("unreadable message: {e}")))?;
            senders
                .mail
                .send(message.id, &message.address, &letter, message.created_at)
                .await
        }
        CHANNEL_WEBHOOK => {
            // Read now, so a rotated secret signs from the next attempt on.
            let hook = match message.webhook_id {
                Some(id) => webhook::Entity::find_by_id(id)
                    .one(db)
                    .await
                    .map_err(|e| Failure::transient(format!("the endpoint cannot be read: {e}")))?,
                None => None,
            };
            let hook = hook.ok_or_else(|| Failure::permanent("the endpoint was removed"))?;
            senders
                .hooks
                .send(message.id, &hook, &message.payload, Utc::now())
                .await
        }
        other => Err(Failure::permanent(format!("unknown channel {other}"))),
    }
}

/// Marks a message sent (and forgets its text, which may hold a sign-in
/// link), due again after a pause, or dead.
async fn settle(
    db: &DatabaseConnection,
    message: &outbox::Model,
    outcome: Result<(), Failure>,
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let update = outbox::Entity::update_many()
        .filter(outbox::Column::Id.eq(message.id))
        .filter(outbox::Column::SentAt.is_null())
        .col_expr(
            outbox::Column::LeasedUntil,
            Expr::value(None::<DateTime<Utc>>),
        );
    let update = match outcome {
        Ok(()) => {
            tracing::info!(message = %message.id, topic = %message.topic, "message sent");
            update
                .col_expr(outbox::Column::SentAt, Expr::value(now))
                .col_expr(outbox::Column::Payload, Expr::value(""))
                .col_expr(outbox::Column::LastError, Expr::value(None::<String>))
        }
        Err(failure) => {
            let error: String = failure.message.chars().take(MAX_ERROR_CHARS).collect();
            let pause = (!failure.permanent)
                .then(|| pause_after(message.attempts))
                .flatten();
            let update = update.col_expr(outbox::Column::LastError, Expr::value(error.clone()));
            match pause {
                Some(pause) => {
                    tracing::warn!(message = %message.id, topic = %message.topic, attempts = message.attempts, error, "message not sent; trying again later");
                    let due = now + chrono::Duration::from_std(pause).unwrap_or_default();
                    update.col_expr(outbox::Column::DueAt, Expr::value(due))
                }
                None => {
                    tracing::error!(message = %message.id, topic = %message.topic, attempts = message.attempts, error, "message given up on: kept as a dead letter");
                    update.col_expr(outbox::Column::DeadAt, Expr::value(now))
                }
            }
        }
    };
    let (_turn, txn) = begin_write(db).await?;
    update.exec(&txn).await?;
    txn.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_end() {
        let pauses: Vec<_> = (1..MAX_ATTEMPTS).map(|n| pause_after(n).unwrap()).collect();
        assert!(pauses.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(pause_after(1), Some(Duration::from_secs(60)));
        assert_eq!(pause_after(MAX_ATTEMPTS), None);
        let total: Duration = pauses.iter().sum();
        assert!(total > Duration::from_secs(2 * 24 * 60 * 60), "{total:?}");
        assert!(total < Duration::from_secs(5 * 24 * 60 * 60), "{total:?}");
    }
}
