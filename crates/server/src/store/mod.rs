//! Storage: sea-orm entities and the database connection. Entities stay
//! inside the server; services map them to domain types.

pub mod entities;

use std::time::Duration;

use anyhow::Context;
use mus_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// How many values go into one `IN (…)` list. SQLite bounds the number of
/// parameters in a statement (32,766 in current versions, 999 in old ones);
/// long lists are sent in chunks of this size.
pub const IN_LIST_CHUNK: usize = 500;

/// Opens the database named by `url`, tuned for how MUS uses it.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
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
            .max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|sqlite| {
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

/// Begins a transaction that is going to write.
///
/// On SQLite it takes the write lock at `BEGIN` (`BEGIN IMMEDIATE`). A
/// transaction begun in the default, deferred mode reads first and asks for
/// the lock only at its first write; if another connection wrote meanwhile,
/// SQLite refuses at once ("database is locked") instead of waiting the busy
/// timeout, so concurrent writes failed. Taking the lock up front makes
/// writers queue instead. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Applies every pending migration, then lets SQLite refresh the planner's
/// statistics where they are missing or stale (bounded work; PostgreSQL's
/// autovacuum does this by itself).
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed")?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
            .await
            .context("cannot refresh the query planner's statistics")?;
    }
    Ok(())
}

/// Gathers the query planner's statistics now, after a bulk load.
pub async fn analyze(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("ANALYZE").await.map(|_| ())
}

/// True when no migration is pending.
pub async fn migrations_current(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}
