//! Instances on one PostgreSQL database tell each other that they wrote.
//!
//! What a server keeps in memory (dashboards, `services::cache`; roles and
//! leaving days, `auth::Standings`) stays fresh while the database's
//! [`WriteCounter`] stands still. The counter counts this process's write
//! transactions; with several instances on one database, each also has to
//! count the others'. So on PostgreSQL each `mus serve`:
//!
//! - tells: after its write transactions end, it sends `NOTIFY mus_writes`
//!   with its own id and count of writes (one notice for whatever was
//!   written meanwhile, so a burst of writes costs a notice or two);
//! - listens: one connection of its pool holds `LISTEN mus_writes`, and
//!   every notice from another instance moves the counter;
//! - holds each response that wrote until its notice has come back to its
//!   own listening connection. PostgreSQL hands a notice to every listener
//!   at the same moment, so by then the other instances have it too: a
//!   client that has its answer finds the change on every instance's next
//!   read (what is left is the time another instance's listening task takes
//!   to be scheduled, well under the time a request takes to arrive).
//!
//! The notice is not sent inside the write transaction, although PostgreSQL
//! would then deliver it exactly at commit: a transaction that notifies
//! takes a lock for the whole database while it commits, so writers that
//! could commit together queue one by one (2,000 → 600 transactions a
//! second with `pgbench`, 20 clients). Its own short transaction, without
//! waiting for the disk (a lost notice only costs a read), holds that lock
//! briefly and once per burst.
//!
//! A `mus` command that wrote tells the instances once, as it ends
//! ([`tell_once`]).
//!
//! While the listening connection is down, other instances' writes go
//! uncounted, so the counter says it does not hear everyone
//! ([`WriteCounter::hears_all`]) and the caches read afresh; once it listens
//! again it moves once (what was kept before may have missed a write) and
//! the caches work again. SQLite has no notices: one SQLite file is one
//! server's.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use tokio::sync::watch;

use super::WriteCounter;

/// The channel every instance notifies and listens on.
pub const CHANNEL: &str = "mus_writes";

/// How long to wait before listening again after the connection was lost.
const RETRY: Duration = Duration::from_secs(1);

/// The longest a response waits for its notice; past it, the notice is
/// late (the database is slow or gone) and the answer goes out anyway.
const MOST_WAIT: Duration = Duration::from_secs(2);

/// How far the other instances have been told of this process's writes.
#[derive(Debug, Clone)]
pub struct Notices {
    writes: WriteCounter,
    /// The count of this process's writes told so far; `None` without
    /// other instances to tell (SQLite).
    told: Option<watch::Receiver<u64>>,
}

/// This process's writes before a request, to see whether it wrote.
#[derive(Debug, Clone, Copy)]
pub struct Mark(u64);

/// Starts telling and listening for the database behind `db` (nothing on
/// SQLite). Until the listening connection is up, the caches read afresh.
pub fn start(db: &DatabaseConnection) -> Notices {
    let writes = WriteCounter::of(db);
    if db.get_database_backend() != DbBackend::Postgres {
        return Notices { writes, told: None };
    }
    let instance = uuid::Uuid::new_v4().to_string();
    writes.set_hears_all(false);
    let (told, told_rx) = watch::channel(writes.own());
    let told = Arc::new(told);
    tokio::spawn(tell(
        db.clone(),
        instance.clone(),
        writes.clone(),
        told.clone(),
    ));
    tokio::spawn(listen(db.clone(), instance, writes.clone(), told));
    Notices {
        writes,
        told: Some(told_rx),
    }
}

impl Notices {
    /// Where this process's writes stand now.
    pub fn mark(&self) -> Mark {
        Mark(self.writes.own())
    }

    /// Waits until the other instances have heard of every write of this
    /// process since `mark` (at most [`MOST_WAIT`]).
    pub async fn told_since(&self, mark: Mark) {
        let Some(told) = &self.told else {
            return;
        };
        let written = self.writes.own();
        if written == mark.0 {
            return;
        }
        let mut told = told.clone();
        let caught_up = told.wait_for(|&told| told >= written);
        if tokio::time::timeout(MOST_WAIT, caught_up).await.is_err() {
            tracing::warn!(
                waited_ms = MOST_WAIT.as_millis() as u64,
                "the other instances were not told of a write in time"
            );
        }
    }
}

/// Tells the running instances that a `mus` command wrote to the database
/// behind `db` (nothing on SQLite), for a command that writes to call once
/// its writes are done.
pub async fn tell_once(db: &DatabaseConnection) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let notice = format!("SELECT pg_notify('{CHANNEL}', 'command 0')");
    if let Err(error) = db.execute_unprepared(&notice).await {
        tracing::warn!(
            error = %crate::error::Loggable(&error),
            "cannot tell the running instances of the command's writes; they see them within MUS_DASHBOARD_CACHE_MS"
        );
    }
}

/// Sends a notice after each burst of this process's writes, for as long
/// as the pool is open. The notice carries how many writes it covers; its
/// echo on this process's own listening connection marks them told.
async fn tell(
    db: DatabaseConnection,
    instance: String,
    writes: WriteCounter,
    told: Arc<watch::Sender<u64>>,
) {
    loop {
        writes.written().await;
        if db.get_postgres_connection_pool().is_closed() {
            return;
        }
        // Read before sending: writes that end meanwhile wake this loop
        // again and get a notice of their own.
        let written = writes.own();
        let notice = format!(
            "SET LOCAL synchronous_commit = off; SELECT pg_notify('{CHANNEL}', '{instance} {written}')"
        );
        tracing::debug!(written, "telling the other instances");
        let sent = db.execute_unprepared(&notice).await;
        if let Err(error) = &sent {
            tracing::warn!(
                error = %crate::error::Loggable(error),
                "cannot tell the other instances of a write; their caches catch up within MUS_DASHBOARD_CACHE_MS"
            );
        }
        // No echo will come: nobody waits for it.
        if sent.is_err() || !writes.hears_all() {
            mark_told(&told, written);
        }
    }
}

fn mark_told(told: &watch::Sender<u64>, written: u64) {
    told.send_if_modified(|told| {
        let later = written > *told;
        if later {
            *told = written;
        }
        later
    });
}

/// Holds `LISTEN` on one connection of the pool and counts every other
/// instance's notice (and this one's own, as told), listening again
/// whenever the connection is lost, until the pool is closed.
async fn listen(
    db: DatabaseConnection,
    instance: String,
    writes: WriteCounter,
    told: Arc<watch::Sender<u64>>,
) {
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        let heard = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.eager_reconnect(false);
            listener.listen(CHANNEL).await?;
            // What was kept before may have missed a notice.
            writes.note_others_write();
            writes.set_hears_all(true);
            tracing::info!(channel = CHANNEL, "hearing the other instances' writes");
            while let Some(notice) = listener.try_recv().await? {
                let (from, written) = notice.payload().split_once(' ').unwrap_or_default();
                if from == instance {
                    mark_told(&told, written.parse().unwrap_or(0));
                    tracing::debug!(written, "the other instances heard");
                } else {
                    writes.note_others_write();
                    tracing::debug!(from, written, "another instance wrote");
                }
            }
            Ok::<_, sea_orm::sqlx::Error>(())
        }
        .await;
        writes.set_hears_all(false);
        // Echoes lost with the connection will not come.
        mark_told(&told, writes.own());
        if pool.is_closed() {
            return;
        }
        match heard {
            Ok(()) => tracing::warn!(
                "lost the connection that hears the other instances' writes; reading dashboards afresh until it is back"
            ),
            Err(error) => tracing::warn!(
                error = %crate::error::Loggable(&error),
                "cannot hear the other instances' writes; reading dashboards afresh until it can"
            ),
        }
        tokio::time::sleep(RETRY).await;
    }
}
