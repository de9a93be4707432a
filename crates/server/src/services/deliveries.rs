//! What HR sees of the outbox: how many messages of each kind went out,
//! wait, are retried or were given up on, and the dead letters, which HR
//! may send again. Never a message's text or its recipient.

use chrono::Utc;
use mus_domain::{DeadLetter, Deliveries, DeliveryCount, MessageId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::error::AppError;
use crate::store::entities::outbox;
use crate::store::{begin_write, count_rows};

/// Dead letters listed at most.
const MAX_DEAD_LETTERS: u64 = 100;

/// Each row's state, as SQL both databases read alike.
const STATE: &str = "CASE WHEN sent_at IS NOT NULL THEN 'sent' \
     WHEN dead_at IS NOT NULL THEN 'dead' \
     WHEN last_error IS NOT NULL THEN 'retrying' \
     ELSE 'waiting' END";

/// Counts per kind and state (one statement), and the newest dead letters.
pub async fn overview(db: &impl ConnectionTrait) -> Result<Deliveries, AppError> {
    let counts: Vec<(String, String, i64)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Topic)
        .column_as(Expr::cust(STATE), "state")
        .column_as(count_rows(), "n")
        .group_by(outbox::Column::Topic)
        .group_by(Expr::cust(STATE))
        .into_tuple()
        .all(db)
        .await?;
    let mut kinds: Vec<DeliveryCount> = Vec::new();
    for (topic, state, n) in counts {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let index = match kinds.iter().position(|k| k.topic == topic) {
            Some(index) => index,
            None => {
                kinds.push(DeliveryCount {
                    topic,
                    sent: 0,
                    waiting: 0,
                    retrying: 0,
                    dead: 0,
                });
                kinds.len() - 1
            }
        };
        let kind = &mut kinds[index];
        match state.as_str() {
            "sent" => kind.sent += n,
            "dead" => kind.dead += n,
            "retrying" => kind.retrying += n,
            _ => kind.waiting += n,
        }
    }
    kinds.sort_by(|a, b| a.topic.cmp(&b.topic));
    let dead = outbox::Entity::find()
        .filter(outbox::Column::DeadAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .order_by_desc(outbox::Column::DeadAt)
        .limit(MAX_DEAD_LETTERS)
        .all(db)
        .await?;
    Ok(Deliveries {
        kinds,
        dead_letters: dead
            .into_iter()
            .filter_map(|row| {
                Some(DeadLetter {
                    id: MessageId(row.id),
                    topic: row.topic,
                    created_at: row.created_at,
                    dead_at: row.dead_at?,
                    attempts: u32::try_from(row.attempts).unwrap_or_default(),
                    last_error: row.last_error,
                })
            })
            .collect(),
    })
}

/// Puts a dead letter back in the queue, due now, with its attempts
/// counted afresh; 404 when `id` is not a dead letter.
pub async fn retry(db: &DatabaseConnection, id: MessageId) -> Result<(), AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let revived = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::DeadAt,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::DueAt, Expr::value(Utc::now()))
        .filter(outbox::Column::Id.eq(id.0))
        .filter(outbox::Column::DeadAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if revived == 0 {
        return Err(AppError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}
