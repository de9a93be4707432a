//! A signed-in person's standing: their role, and whether they have left.
//!
//! An access token lives for minutes, so what it says about its holder is
//! not trusted: a role taken away or a leaving day reached counts from the
//! next request, not from the token's expiry. The standing is read as
//! stored and kept in memory by the same rule as the dashboards
//! (`services::cache`): it is handed out again only while no write
//! transaction of this process has ended since it was read, and for at most
//! the dashboards' lifetime (`MUS_DASHBOARD_CACHE_MS`, one second by
//! default). Whatever HR changes through this server, or another instance
//! or a `mus` command on the same PostgreSQL database (`store::notices`),
//! counts from the next request; a change whose notice was lost, within
//! that lifetime.
//! `MUS_DASHBOARD_CACHE_MS=0` reads it on every request.
//!
//! The leaving day is kept, not the verdict, so a leaving day that is
//! reached while an entry is kept still counts at once. Reading the
//! standing on every request put every signed-in request through the
//! connection pool and cost the team dashboard four fifths of its
//! throughput (docs/QUALITY.md, *Powers that cannot be turned on oneself*).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mus_domain::{ErrorCode, Role, UserId};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use crate::error::AppError;
use crate::store::WriteCounter;
use crate::store::entities::user;

/// Standings read lately, shared by all workers of one server.
#[derive(Debug, Clone)]
pub struct Standings {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lifetime: Duration,
    writes: WriteCounter,
    kept: Mutex<HashMap<UserId, Kept>>,
}

#[derive(Debug, Clone, Copy)]
struct Kept {
    stored: Option<Stored>,
    generation: u64,
    read_at: Instant,
}

/// A person's row as far as their standing goes; `None` above: no such row.
#[derive(Debug, Clone, Copy)]
struct Stored {
    role: Role,
    left_on: Option<NaiveDate>,
}

/// Past this many kept standings, the stale ones are dropped (and if none
/// is stale, all): a bound on memory however many people sign in.
const MAX_KEPT: usize = 65_536;

impl Standings {
    /// Keeps standings read from the database whose writes `writes` counts,
    /// for `lifetime`; `Duration::ZERO` keeps none.
    pub fn new(lifetime: Duration, writes: WriteCounter) -> Standings {
        Standings {
            inner: Arc::new(Inner {
                lifetime,
                writes,
                kept: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The person's role as stored, if they may still act at all.
    pub async fn role(&self, db: &impl ConnectionTrait, person: UserId) -> Result<Role, AppError> {
        let stored = match self.fresh(person) {
            Some(stored) => stored,
            None => {
                // Counted before reading: a write that ends while the read
                // runs makes what it read stale, not fresh.
                let generation = self.inner.writes.get();
                let read_at = Instant::now();
                let stored = read(db, person).await?;
                self.keep(
                    person,
                    Kept {
                        stored,
                        generation,
                        read_at,
                    },
                );
                stored
            }
        };
        match stored {
            Some(Stored { left_on, .. }) if has_left(left_on) => {
                Err(AppError::Unauthorized(ErrorCode::TokenInvalid))
            }
            Some(Stored { role, .. }) => Ok(role),
            // The token outlived its account.
            None => Err(AppError::Unauthorized(ErrorCode::TokenInvalid)),
        }
    }

    /// What is kept for `person`, if it is fresh: `Some(None)` is a person
    /// known to be gone.
    fn fresh(&self, person: UserId) -> Option<Option<Stored>> {
        if self.inner.lifetime.is_zero() || !self.inner.writes.hears_all() {
            return None;
        }
        let generation = self.inner.writes.get();
        let kept = self.kept().get(&person).copied()?;
        self.is_fresh(&kept, generation).then_some(kept.stored)
    }

    /// The dashboards' rule (`services::cache`): nothing written by this
    /// server since the read, and younger than the lifetime.
    fn is_fresh(&self, kept: &Kept, generation: u64) -> bool {
        kept.generation == generation && kept.read_at.elapsed() < self.inner.lifetime
    }

    fn keep(&self, person: UserId, entry: Kept) {
        if self.inner.lifetime.is_zero() {
            return;
        }
        let mut kept = self.kept();
        if kept.len() >= MAX_KEPT && !kept.contains_key(&person) {
            let generation = self.inner.writes.get();
            kept.retain(|_, entry| self.is_fresh(entry, generation));
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
        }
        kept.insert(person, entry);
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Kept>> {
        self.inner
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// One lookup by primary key.
async fn read(db: &impl ConnectionTrait, person: UserId) -> Result<Option<Stored>, AppError> {
    let found: Option<(String, Option<NaiveDate>)> = user::Entity::find_by_id(person.0)
        .select_only()
        .column(user::Column::Role)
        .column(user::Column::LeftOn)
        .into_tuple()
        .one(db)
        .await?;
    found
        .map(|(role, left_on)| {
            let role = Role::parse(&role).ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("user {person} has unknown role {role:?}"))
            })?;
            Ok(Stored { role, left_on })
        })
        .transpose()
}

/// Whether the leaving day has come (in Danish time): from that day on the
/// person can neither sign in nor use a session or an API token.
pub fn has_left(left_on: Option<chrono::NaiveDate>) -> bool {
    left_on
        .is_some_and(|left_on| left_on <= mus_domain::agreements::danish_date(chrono::Utc::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(role: Role, generation: u64) -> Kept {
        Kept {
            stored: Some(Stored {
                role,
                left_on: None,
            }),
            generation,
            read_at: Instant::now(),
        }
    }

    fn person(n: u128) -> UserId {
        UserId(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn a_kept_standing_is_fresh_until_this_server_writes() {
        let writes = WriteCounter::default();
        let standings = Standings::new(Duration::from_secs(60), writes.clone());
        standings.keep(person(1), entry(Role::HrAdmin, writes.get()));
        assert!(matches!(
            standings.fresh(person(1)),
            Some(Some(Stored {
                role: Role::HrAdmin,
                ..
            }))
        ));
        writes.note_write();
        assert!(standings.fresh(person(1)).is_none());
    }

    #[test]
    fn a_kept_standing_grows_old() {
        let standings = Standings::new(Duration::from_millis(20), WriteCounter::default());
        standings.keep(person(1), entry(Role::Manager, 0));
        std::thread::sleep(Duration::from_millis(30));
        assert!(standings.fresh(person(1)).is_none());
    }

    #[test]
    fn a_standing_read_before_a_write_ended_is_not_fresh_after_it() {
        let writes = WriteCounter::default();
        let standings = Standings::new(Duration::from_secs(60), writes.clone());
        // Counted before the read began; the write ended during the read.
        let generation = writes.get();
        writes.note_write();
        standings.keep(person(1), entry(Role::HrAdmin, generation));
        assert!(standings.fresh(person(1)).is_none());
    }

    #[test]
    fn no_lifetime_keeps_nothing() {
        let standings = Standings::new(Duration::ZERO, WriteCounter::default());
        standings.keep(person(1), entry(Role::Employee, 0));
        assert!(standings.fresh(person(1)).is_none());
        assert!(standings.kept().is_empty());
    }

    #[test]
    fn memory_stays_bounded() {
        let standings = Standings::new(Duration::from_secs(60), WriteCounter::default());
        for n in 0..(MAX_KEPT as u128 + 10) {
            standings.keep(person(n), entry(Role::Employee, 0));
        }
        assert!(standings.kept().len() <= MAX_KEPT);
    }
}
