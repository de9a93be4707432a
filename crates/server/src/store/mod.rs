//! Storage: sea-orm entities and the database connection. Entities stay
//! inside the server; services map them to domain types.

pub mod entities;

use std::time::Duration;

use anyhow::Context;
use mus_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
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

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// True when no migration is pending.
pub async fn migrations_current(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}
