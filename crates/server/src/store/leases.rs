//! Work that must run on one instance at a time, whatever the number of
//! instances on the database: the instance that claims the lease does it;
//! a lease left by an instance that died runs out by itself.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::begin_write;
use super::entities::job_lease;

/// Claims `name` until `until` when it is free (never claimed, or its lease
/// ran out) and it last ran before `not_since`. One statement decides: the
/// claim is an update guarded by both conditions, so of two instances
/// claiming at once one changes the row and the other finds nothing to
/// change. Reads first, so an instance that would not get it writes nothing.
async fn claim(
    db: &DatabaseConnection,
    name: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    not_since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let current = job_lease::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?;
    let (_turn, txn) = begin_write(db).await?;
    match current {
        None => {
            let row = job_lease::ActiveModel {
                name: sea_orm::ActiveValue::Set(name.to_owned()),
                leased_until: sea_orm::ActiveValue::Set(DateTime::<Utc>::UNIX_EPOCH),
                last_run_at: sea_orm::ActiveValue::Set(None),
            };
            job_lease::Entity::insert(row)
                .on_conflict(
                    OnConflict::column(job_lease::Column::Name)
                        .do_nothing()
                        .to_owned(),
                )
                .try_insert()
                .exec_without_returning(&txn)
                .await?;
        }
        Some(lease) => {
            let ran_lately = lease.last_run_at.is_some_and(|at| at >= not_since);
            if lease.leased_until >= now || ran_lately {
                return Ok(false);
            }
        }
    }
    let claimed = job_lease::Entity::update_many()
        .col_expr(job_lease::Column::LeasedUntil, Expr::value(until))
        .filter(job_lease::Column::Name.eq(name))
        .filter(job_lease::Column::LeasedUntil.lt(now))
        .filter(
            sea_orm::Condition::any()
                .add(job_lease::Column::LastRunAt.is_null())
                .add(job_lease::Column::LastRunAt.lt(not_since)),
        )
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    txn.commit().await?;
    Ok(claimed)
}

/// Gives the lease back, noting that the work ran at `ran_at`.
async fn release(db: &DatabaseConnection, name: &str, ran_at: DateTime<Utc>) -> Result<(), DbErr> {
    let (_turn, txn) = begin_write(db).await?;
    job_lease::Entity::update_many()
        .col_expr(
            job_lease::Column::LeasedUntil,
            Expr::value(DateTime::<Utc>::UNIX_EPOCH),
        )
        .col_expr(job_lease::Column::LastRunAt, Expr::value(ran_at))
        .filter(job_lease::Column::Name.eq(name))
        .exec(&txn)
        .await?;
    txn.commit().await
}

/// Runs `work` under the lease `name`, on the instance that claims it,
/// when no instance has run it within most of `every` (a tenth less, so
/// that the instance that ran it last is not refused its next turn by a
/// clock a moment slow) and none runs it now; `None` when it was not this
/// instance's turn. An instance that dies in `work` holds the lease for
/// `lease` at most.
pub async fn run_once<T, E, F>(
    db: &DatabaseConnection,
    name: &str,
    now: DateTime<Utc>,
    every: std::time::Duration,
    lease: std::time::Duration,
    work: F,
) -> Result<Option<T>, E>
where
    E: From<DbErr>,
    F: std::future::Future<Output = Result<T, E>>,
{
    let until = now + chrono::Duration::from_std(lease).unwrap_or_default();
    let not_since = now - chrono::Duration::from_std(every - every / 10).unwrap_or_default();
    if !claim(db, name, now, until, not_since).await? {
        return Ok(None);
    }
    let done = work.await;
    release(db, name, now).await?;
    done.map(Some)
}
