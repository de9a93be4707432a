//! Storage: sea-orm entities and the database connection. Entities stay
//! inside the server; services map them to domain types.

pub mod accounts;
pub mod entities;
pub mod leases;
pub mod notices;
pub mod rules;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context;
use mus_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How many values go into one `IN (…)` list. SQLite bounds the number of
/// parameters in a statement (32,766 in current versions, 999 in old ones);
/// long lists are sent in chunks of this size.
pub const IN_LIST_CHUNK: usize = 500;

/// `COUNT(*)`, for counting rows. Counting a column (`COUNT(id)`) makes the
/// database look at the column in every row to skip nulls: on SQLite that
/// reads each table row behind a covering index, and HR's overdue counts
/// took 70–90 ms instead of 1–3 ms at 10,000 people (docs/QUALITY.md).
pub fn count_rows() -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
    Expr::col(Asterisk).count()
}

/// Who copies SQLite's write-ahead log back into the database file (a
/// checkpoint; nothing to do on PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoints {
    /// SQLite's own way: the commit that makes the log long enough (1,000
    /// pages) checkpoints before it returns, and waits for the disk. Right
    /// for a command that runs and ends.
    ByWriter,
    /// A task of its own (`checkpoint_in_background`), every
    /// [`CHECKPOINT_EVERY`], so that no writer waits for it: for the server.
    /// Under fifty clients autosaving, one commit in ten was such a
    /// checkpoint and took 9–13 ms instead of 0.7 ms while every other save
    /// queued behind it (docs/QUALITY.md).
    InBackground,
}

/// How often the server checkpoints SQLite's write-ahead log.
pub const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// Opens the database named by `url`, tuned for how MUS uses it; a
/// command's connection (`Checkpoints::ByWriter`).
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_with(url, Checkpoints::ByWriter).await
}

/// Opens the database named by `url`, with its checkpoints made as said.
pub async fn connect_with(
    url: &str,
    checkpoints: Checkpoints,
) -> anyhow::Result<DatabaseConnection> {
    if let Some(file) = sqlite_file(url)
        && let Err(error) = crate::files::private_sqlite(&file)
    {
        tracing::warn!(
            path = %file.display(),
            %error,
            "cannot make the database files readable by their owner only"
        );
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // Every statement outside a transaction takes a connection from the
        // pool; pinging it first doubled the round trips of each (measured
        // with scripts/bench, docs/QUALITY.md). A broken connection still
        // fails its statement and is replaced.
        .test_before_acquire(false)
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's nature; a small pool avoids lock
        // churn while WAL lets readers proceed during a write. The pragmas are
        // per connection, so they go into the connect options of every one.
        options
            .max_connections(sqlite_connections())
            .min_connections(1)
            .map_sqlx_sqlite_opts(move |sqlite| {
                sqlite
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    // Keeps the query planner's statistics fresh, so that it
                    // picks the selective index (a team's agreements by
                    // employee rather than every open agreement by date).
                    .optimize_on_close(true, Some(1000))
                    .pragma(
                        "wal_autocheckpoint",
                        match checkpoints {
                            Checkpoints::ByWriter => "1000",
                            Checkpoints::InBackground => "0",
                        },
                    )
            });
    } else {
        options.max_connections(20).min_connections(2);
    }
    let db = Database::connect(options).await.with_context(|| {
        format!(
            "cannot open database {}",
            crate::config::redact_password(url)
        )
    })?;
    Ok(db)
}

/// How many SQLite connections the pool opens at most: two per core, from
/// two to eight. SQLite's work is done on the server's own cores, so more
/// connections add no throughput, while each holds a thread, its page
/// cache, and on glibc an allocator arena of its own that keeps what it
/// once held: with eight on two cores the server kept 100 MB after
/// `scripts/bench`, with four 83 MB at the same throughput
/// (docs/QUALITY.md, *Startup and memory of `mus serve`*).
fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    u32::try_from(cores.saturating_mul(2)).map_or(8, |n| n.clamp(2, 8))
}

/// The file of a `sqlite:` database URL; `None` for PostgreSQL and for a
/// database in memory.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory = path == ":memory:" || query.split('&').any(|p| p == "mode=memory");
    (!path.is_empty() && !in_memory).then(|| PathBuf::from(path))
}

/// Starts the task that checkpoints the write-ahead log of the SQLite
/// database behind `db`, for connections opened with
/// `Checkpoints::InBackground` (nothing on PostgreSQL).
pub fn checkpoint_in_background(db: &DatabaseConnection) {
    if db.get_database_backend() == DbBackend::Sqlite {
        tokio::spawn(checkpoint_regularly(db.clone()));
    }
}

/// Checkpoints the write-ahead log every `CHECKPOINT_EVERY` until the pool
/// is closed.
///
/// First as far as it can without waiting for anyone (SQLite's `PASSIVE`),
/// while writers go on. That never copies the log's last frames while they
/// keep coming, and SQLite starts the log afresh only once all of it is
/// copied; so once it is longer than [`LONG_LOG`], the rest is copied in
/// this process's turn to write, which holds the writers back for the few
/// frames written since.
async fn checkpoint_regularly(db: DatabaseConnection) {
    let writes = WriteCounter::of(&db);
    let mut checkpointed_at = writes.get();
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if db.get_sqlite_connection_pool().is_closed() {
            return;
        }
        let written = writes.get();
        if written == checkpointed_at {
            continue;
        }
        checkpointed_at = written;
        let checkpointed = async {
            if checkpoint(&db).await? > LONG_LOG {
                let _turn = this_process(&db).queue.lock_owned().await;
                checkpoint(&db).await?;
            }
            Ok::<_, DbErr>(())
        };
        if let Err(error) = checkpointed.await {
            tracing::warn!(
                error = %crate::error::Loggable(&error),
                "cannot checkpoint the write-ahead log"
            );
        }
    }
}

/// The length of the write-ahead log, in pages, at which the server copies
/// the rest of it holding the writers back (128 MiB in 4 KiB pages).
pub const LONG_LOG: i64 = 32_768;

/// Copies what it can of the write-ahead log into the database; the log's
/// length in pages.
async fn checkpoint(db: &DatabaseConnection) -> Result<i64, DbErr> {
    let done = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA wal_checkpoint(PASSIVE)",
        ))
        .await?;
    Ok(done
        .map(|row| row.try_get_by_index::<i64>(1))
        .transpose()?
        .unwrap_or(0))
}

/// This process's turn to write to a SQLite database, held until the write
/// transaction it was taken for has ended (nothing to hold on PostgreSQL).
/// Letting go of it counts the write (`WriteCounter`).
#[must_use = "the turn must be held until the transaction ends"]
pub struct WriteTurn {
    queue: Option<OwnedMutexGuard<()>>,
    writes: WriteCounter,
}

impl std::fmt::Debug for WriteTurn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTurn")
            .field("queued", &self.queue.is_some())
            .finish_non_exhaustive()
    }
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        // The transaction has ended by now, committed or rolled back (a
        // rollback counts too: being careful costs one read more).
        self.writes.note_write();
    }
}

/// How many write transactions (`begin_write`) of this process have ended
/// on one database, and, on PostgreSQL, how many times another instance
/// said it wrote (`store::notices`). What was read from it while the count
/// stood still is as fresh as the database (`services::cache`), as long as
/// the count hears every instance ([`WriteCounter::hears_all`]).
#[derive(Debug, Clone, Default)]
pub struct WriteCounter(Arc<Writes>);

#[derive(Debug, Default)]
struct Writes {
    count: AtomicU64,
    /// This process's own writes only.
    own: AtomicU64,
    /// Set while other instances' writes may go uncounted: their notices
    /// are not being heard (`store::notices`).
    deaf: AtomicBool,
    /// Woken at each write of this process, to tell the other instances.
    written: tokio::sync::Notify,
}

impl WriteCounter {
    /// The counter of the database behind `db`.
    pub fn of(db: &DatabaseConnection) -> WriteCounter {
        this_process(db).writes
    }

    pub fn get(&self) -> u64 {
        self.0.count.load(Ordering::Acquire)
    }

    /// False while writes of other instances may go uncounted: what was
    /// kept may be stale without the count moving, so read afresh.
    pub fn hears_all(&self) -> bool {
        !self.0.deaf.load(Ordering::Acquire)
    }

    pub(crate) fn note_write(&self) {
        self.0.own.fetch_add(1, Ordering::Release);
        self.0.count.fetch_add(1, Ordering::Release);
        self.0.written.notify_one();
    }

    /// How many write transactions of this process have ended.
    pub(crate) fn own(&self) -> u64 {
        self.0.own.load(Ordering::Acquire)
    }

    /// Counts a write another instance told of; not told on.
    pub(crate) fn note_others_write(&self) {
        self.0.count.fetch_add(1, Ordering::Release);
    }

    pub(crate) fn set_hears_all(&self, hears_all: bool) {
        self.0.deaf.store(!hears_all, Ordering::Release);
    }

    /// Waits until this process has written since the last wait returned
    /// (one waiter: `store::notices`).
    pub(crate) async fn written(&self) {
        self.0.written.notified().await;
    }
}

/// Begins a transaction that is going to write, with this process's turn to
/// write. Bind both, turn first: `let (_turn, txn) = begin_write(db).await?;`
/// so the transaction ends before the turn is handed on.
///
/// On SQLite it takes the write lock at `BEGIN` (`BEGIN IMMEDIATE`). A
/// transaction begun in the default, deferred mode reads first and asks for
/// the lock only at its first write; if another connection wrote meanwhile,
/// SQLite refuses at once ("database is locked") instead of waiting the busy
/// timeout, so concurrent writes failed.
///
/// Before that, the writers of this process queue for their turn, first come
/// first served. SQLite lets one writer in at a time and makes the others
/// wait in its busy handler, which sleeps and retries with growing pauses
/// (up to 100 ms each): under fifty concurrent autosaves some writers lost
/// the race again and again and waited most of a second (`scripts/bench`,
/// docs/QUALITY.md). Queueing in the process hands the lock on the moment
/// it is free, in arrival order; the busy handler is left for writers in
/// other processes (`mus` commands next to a running server).
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<(WriteTurn, DatabaseTransaction), DbErr> {
    let this_process = this_process(db);
    let queue = match db.get_database_backend() {
        DbBackend::Sqlite => Some(this_process.queue.lock_owned().await),
        _ => None,
    };
    let turn = WriteTurn {
        queue,
        writes: this_process.writes,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    Ok((turn, txn))
}

/// What this process keeps per database: the queue of its writers and the
/// count of their writes. One per database, so that the databases of tests
/// running side by side do not wait for, nor count, each other's writes.
#[derive(Debug, Clone, Default)]
struct ThisProcess {
    queue: Arc<Mutex<()>>,
    writes: WriteCounter,
}

fn this_process(db: &DatabaseConnection) -> ThisProcess {
    static DATABASES: OnceLock<std::sync::Mutex<HashMap<String, ThisProcess>>> = OnceLock::new();
    let database = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = db.get_sqlite_connection_pool().connect_options();
            format!("sqlite:{}", options.get_filename().display())
        }
        DbBackend::Postgres => {
            let options = db.get_postgres_connection_pool().connect_options();
            format!(
                "postgres://{}:{}/{}",
                options.get_host(),
                options.get_port(),
                options.get_database().unwrap_or_default()
            )
        }
        other => format!("{other:?}"),
    };
    let mut databases = DATABASES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    databases.entry(database).or_default().clone()
}

/// Applies every pending migration, then lets SQLite refresh the planner's
/// statistics where they are missing or stale (bounded work; PostgreSQL's
/// autovacuum does this by itself).
///
/// On PostgreSQL, instances started at the same moment take turns
/// (an advisory lock, held by one connection and let go when it ends, also
/// if the process dies): the first migrates, the others find nothing left
/// to do. Without it each would try to create the same tables.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    let turn = match db.get_database_backend() {
        DbBackend::Postgres => {
            let mut connection = db.get_postgres_connection_pool().acquire().await?;
            sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *connection)
                .await
                .context("cannot take the migration lock")?;
            Some(connection)
        }
        _ => None,
    };
    let migrated = Migrator::up(db, None).await;
    // Closed rather than handed back to the pool with the lock held.
    if let Some(connection) = turn {
        connection.close().await.ok();
    }
    migrated.context("database migration failed")?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
            .await
            .context("cannot refresh the query planner's statistics")?;
    }
    Ok(())
}

/// The advisory lock `migrate` takes on PostgreSQL ("MUS" and 1).
const MIGRATION_LOCK: i64 = 0x4d55_5300_0000_0001;

/// Gathers the query planner's statistics now, after a bulk load.
pub async fn analyze(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("ANALYZE").await.map(|_| ())
}

/// True when no migration is pending.
pub async fn migrations_current(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}
