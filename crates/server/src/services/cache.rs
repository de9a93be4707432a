//! Dashboards answered from memory while nothing has been written.
//!
//! A dashboard reads a manager's whole team (or the whole organisation) in
//! six statements; fifty managers asking at once kept the database busy
//! with the same work over and over (`scripts/bench`, docs/QUALITY.md). The
//! answer is kept, serialised, and handed out again while it is *fresh*:
//!
//! - no write transaction has ended since it was read
//!   (`store::WriteCounter`): whatever a user changes through this server,
//!   the next dashboard shows; on PostgreSQL the other instances on the
//!   same database tell of theirs (`store::notices`) and, while they cannot
//!   be heard, nothing is kept;
//! - and it is younger than the configured lifetime
//!   (`MUS_DASHBOARD_CACHE_MS`, one second by default): with the length of
//!   one read (see below), the bound on how long a change made elsewhere
//!   can go unseen when its notice was lost.
//!   `0` turns the cache off.
//!
//! When an answer is missing or stale, one request reads it while the others
//! asking for the same one wait for that read instead of repeating it. When
//! nothing was written and the answer has only grown old, the others are
//! handed the old one meanwhile (for at most a second lifetime), so that a
//! dashboard asked for all the time does not make everyone wait once a
//! second.
//!
//! Entries are keyed by who asks, so an answer never reaches anyone but the
//! caller it was read for.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use mus_domain::RoundId;
use uuid::Uuid;

use crate::store::WriteCounter;

/// Which answer: a dashboard, for whom, for which round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// The team dashboard of a manager.
    Team {
        manager: Uuid,
        round: Option<RoundId>,
    },
    /// The organisation dashboard (the same for every HR administrator).
    Organisation { round: Option<RoundId> },
}

/// Kept answers, shared by all workers of one server.
#[derive(Debug, Clone)]
pub struct DashboardCache {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lifetime: Duration,
    writes: WriteCounter,
    slots: Mutex<HashMap<Key, Slot>>,
}

#[derive(Debug, Default)]
struct Slot {
    entry: Option<Entry>,
    /// Held by the one request reading this answer afresh.
    reading: Arc<tokio::sync::Mutex<()>>,
}

/// What is kept for a key, and the lock for reading it afresh.
enum Lookup {
    Fresh(Bytes),
    /// Older than the lifetime (but not twice), with nothing written since.
    Aged(Bytes, Arc<tokio::sync::Mutex<()>>),
    Missing(Arc<tokio::sync::Mutex<()>>),
}

#[derive(Debug, Clone)]
struct Entry {
    body: Bytes,
    generation: u64,
    read_at: Instant,
}

/// Past this many kept answers, stale ones are dropped (and if none is
/// stale, all): a bound on memory however many managers there are.
const MAX_SLOTS: usize = 4096;

impl DashboardCache {
    /// Keeps answers read from the database whose writes `writes` counts,
    /// for `lifetime`; `Duration::ZERO` keeps none.
    pub fn new(lifetime: Duration, writes: WriteCounter) -> DashboardCache {
        DashboardCache {
            inner: Arc::new(Inner {
                lifetime,
                writes,
                slots: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The kept answer for `key` if fresh; otherwise reads it with `read`,
    /// keeps it and returns it.
    pub async fn get_or_read<F, Fut, E>(&self, key: Key, read: F) -> Result<Bytes, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Bytes, E>>,
    {
        if self.inner.lifetime.is_zero() || !self.inner.writes.hears_all() {
            return read().await;
        }
        let _reading = match self.look_up(key) {
            Lookup::Fresh(body) => return Ok(body),
            // Nothing was written, the answer has only grown old: one
            // request reads it afresh, the others have the old one
            // meanwhile instead of waiting.
            Lookup::Aged(body, reading) => match reading.try_lock_owned() {
                Ok(reading) => reading,
                Err(_) => return Ok(body),
            },
            Lookup::Missing(reading) => {
                let reading = reading.lock_owned().await;
                // Whoever read before may have just kept a fresh answer.
                if let Lookup::Fresh(body) = self.look_up(key) {
                    return Ok(body);
                }
                reading
            }
        };
        // Read before reading: a write that ends while `read` runs makes
        // what it read stale, not fresh.
        let generation = self.inner.writes.get();
        let read_at = Instant::now();
        let body = read().await?;
        self.keep(
            key,
            Entry {
                body: body.clone(),
                generation,
                read_at,
            },
        );
        Ok(body)
    }

    fn look_up(&self, key: Key) -> Lookup {
        let generation = self.inner.writes.get();
        let mut slots = self.slots();
        if slots.len() >= MAX_SLOTS && !slots.contains_key(&key) {
            slots.retain(|_, slot| {
                slot.entry
                    .as_ref()
                    .is_some_and(|entry| self.is_fresh(entry, generation))
            });
            if slots.len() >= MAX_SLOTS {
                slots.clear();
            }
        }
        let slot = slots.entry(key).or_default();
        let reading = slot.reading.clone();
        match &slot.entry {
            Some(entry) if entry.generation == generation => {
                let age = entry.read_at.elapsed();
                if age < self.inner.lifetime {
                    Lookup::Fresh(entry.body.clone())
                } else if age < 2 * self.inner.lifetime {
                    Lookup::Aged(entry.body.clone(), reading)
                } else {
                    Lookup::Missing(reading)
                }
            }
            _ => Lookup::Missing(reading),
        }
    }

    fn keep(&self, key: Key, entry: Entry) {
        self.slots().entry(key).or_default().entry = Some(entry);
    }

    fn is_fresh(&self, entry: &Entry, generation: u64) -> bool {
        entry.generation == generation && entry.read_at.elapsed() < self.inner.lifetime
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Slot>> {
        self.inner
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots().len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn without_writes(lifetime: Duration) -> DashboardCache {
        DashboardCache::new(lifetime, WriteCounter::default())
    }

    fn team(n: u128) -> Key {
        Key::Team {
            manager: Uuid::from_u128(n),
            round: None,
        }
    }

    async fn get(cache: &DashboardCache, key: Key, reads: &AtomicUsize) -> Bytes {
        cache
            .get_or_read(key, || async {
                let n = reads.fetch_add(1, Ordering::SeqCst) + 1;
                Ok::<_, ()>(Bytes::from(format!("read {n}")))
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_fresh_answer_is_read_once() {
        let cache = without_writes(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        let first = get(&cache, team(1), &reads).await;
        let second = get(&cache, team(1), &reads).await;
        assert_eq!(second, first);
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn each_caller_has_their_own_answer() {
        let cache = without_writes(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        get(&cache, team(1), &reads).await;
        get(&cache, team(2), &reads).await;
        get(&cache, Key::Organisation { round: None }, &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 3);
        assert_eq!(cache.len(), 3);
    }

    #[tokio::test]
    async fn a_write_makes_the_answer_stale() {
        let writes = WriteCounter::default();
        let cache = DashboardCache::new(Duration::from_secs(60), writes.clone());
        let reads = AtomicUsize::new(0);
        get(&cache, team(1), &reads).await;
        writes.note_write();
        let after = get(&cache, team(1), &reads).await;
        assert_eq!(after, Bytes::from("read 2"));
    }

    #[tokio::test]
    async fn an_old_answer_is_read_again() {
        let cache = without_writes(Duration::from_millis(20));
        let reads = AtomicUsize::new(0);
        get(&cache, team(1), &reads).await;
        tokio::time::sleep(Duration::from_millis(30)).await;
        get(&cache, team(1), &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    /// Starts a read of `team(1)` that takes 50 ms and gives `body`, and
    /// returns once it is under way.
    async fn read_slowly(
        cache: &DashboardCache,
        reads: &Arc<AtomicUsize>,
        body: &'static str,
    ) -> tokio::task::JoinHandle<Result<Bytes, ()>> {
        let (cache, reads) = (cache.clone(), reads.clone());
        let read = tokio::spawn(async move {
            cache
                .get_or_read(team(1), || async {
                    reads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok(Bytes::from(body))
                })
                .await
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        read
    }

    #[tokio::test]
    async fn an_old_answer_is_handed_out_while_one_request_reads_it_afresh() {
        let cache = without_writes(Duration::from_millis(100));
        let reads = Arc::new(AtomicUsize::new(0));
        get(&cache, team(1), &reads).await;
        tokio::time::sleep(Duration::from_millis(120)).await;
        let refresh = read_slowly(&cache, &reads, "read afresh").await;
        let meanwhile = get(&cache, team(1), &reads).await;
        assert_eq!(meanwhile, Bytes::from("read 1"));
        assert_eq!(refresh.await.unwrap().unwrap(), Bytes::from("read afresh"));
        assert_eq!(
            get(&cache, team(1), &reads).await,
            Bytes::from("read afresh")
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_written_answer_is_never_handed_out_while_being_read() {
        let writes = WriteCounter::default();
        let cache = DashboardCache::new(Duration::from_millis(100), writes.clone());
        let reads = Arc::new(AtomicUsize::new(0));
        get(&cache, team(1), &reads).await;
        writes.note_write();
        let refresh = read_slowly(&cache, &reads, "after the write").await;
        // Waits for the read instead of handing out the answer from before.
        let meanwhile = get(&cache, team(1), &reads).await;
        assert_eq!(meanwhile, Bytes::from("after the write"));
        refresh.await.unwrap().unwrap();
        // The first read, and the one after the write.
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn nothing_is_kept_while_other_instances_go_unheard() {
        let writes = WriteCounter::default();
        let cache = DashboardCache::new(Duration::from_secs(60), writes.clone());
        let reads = AtomicUsize::new(0);
        get(&cache, team(1), &reads).await;
        writes.set_hears_all(false);
        assert_eq!(get(&cache, team(1), &reads).await, Bytes::from("read 2"));
        assert_eq!(get(&cache, team(1), &reads).await, Bytes::from("read 3"));
        // Hearing again, as `store::notices` does it: the count moves once.
        writes.note_others_write();
        writes.set_hears_all(true);
        assert_eq!(get(&cache, team(1), &reads).await, Bytes::from("read 4"));
        assert_eq!(get(&cache, team(1), &reads).await, Bytes::from("read 4"));
    }

    #[tokio::test]
    async fn no_lifetime_keeps_nothing() {
        let cache = without_writes(Duration::ZERO);
        let reads = AtomicUsize::new(0);
        get(&cache, team(1), &reads).await;
        get(&cache, team(1), &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        assert_eq!(cache.len(), 0);
    }

    #[tokio::test]
    async fn callers_asking_at_once_wait_for_one_read() {
        let cache = without_writes(Duration::from_secs(60));
        let reads = Arc::new(AtomicUsize::new(0));
        let asks: Vec<_> = (0..8)
            .map(|_| {
                let (cache, reads) = (cache.clone(), reads.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_read(team(1), || async {
                            reads.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok::<_, ()>(Bytes::from("read"))
                        })
                        .await
                })
            })
            .collect();
        for ask in asks {
            ask.await.unwrap().unwrap();
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn memory_stays_bounded() {
        let cache = without_writes(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        for n in 0..(MAX_SLOTS as u128 + 10) {
            get(&cache, team(n), &reads).await;
        }
        assert!(cache.len() <= MAX_SLOTS);
    }
}
