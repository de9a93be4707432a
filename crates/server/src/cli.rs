//! The `mus` command line.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use mus_domain::Role;
use sea_orm::ConnectionTrait;

use crate::config::Config;
use crate::services::people::{self, ManagerRef, NewPerson};
use crate::{Application, files, openapi, seed, store};

#[derive(Debug, Parser)]
#[command(
    name = "mus",
    version,
    about = "MUS: the yearly development conversation, from preparation to signed summary and follow-up"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document as JSON.
    Openapi,
    /// Fill the database with example data.
    Seed {
        /// A fictional Danish organisation of about 30 people, with logins printed.
        #[arg(long, conflicts_with = "large")]
        demo: bool,
        /// An organisation of N people with three past rounds of signed
        /// summaries, agreements and check-ins, for benchmarks. Needs a
        /// database without one.
        #[arg(long, value_name = "N")]
        large: Option<usize>,
    },
    /// Manage people.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE, also while
    /// the server runs. For PostgreSQL use pg_dump (see the README).
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Replace the SQLite database with a copy made by `mus backup`.
    /// Refused while a `mus serve` uses the database; stop it first.
    Restore {
        /// A copy made by `mus backup`.
        file: PathBuf,
        /// Overwrite an existing database (its content is lost).
        #[arg(long)]
        force: bool,
    },
    /// Run the reminder scan once now, as `mus serve` does every
    /// MUS_REMINDER_SCAN_MINUTES, and say what it found and what it cost.
    Reminders {
        /// Scan as if it were this moment (RFC 3339), e.g. to see what a
        /// coming day would send. The notices are written for real.
        #[arg(long, value_name = "TIME")]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Remove the summaries, preparations, agreements and check-ins of
    /// people who left more than MUS_RETENTION_YEARS years ago.
    Retention {
        /// Years to keep after the leaving day; overrides MUS_RETENTION_YEARS.
        #[arg(long)]
        years: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a person. The password is read from MUS_PASSWORD or standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// E-mail of the nearest manager.
        #[arg(long)]
        manager: Option<String>,
        /// Department name; created when it does not exist.
        #[arg(long)]
        department: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum RoleArg {
    Employee,
    Manager,
    HrAdmin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Employee => Role::Employee,
            RoleArg::Manager => Role::Manager,
            RoleArg::HrAdmin => Role::HrAdmin,
        }
    }
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Openapi => {
                std::io::stdout().write_all(openapi::document_json().as_bytes())?;
                Ok(())
            }
            Command::Serve => {
                let config = Config::from_env()?;
                // Held while serving, so that `mus restore` cannot replace
                // the file under a running server. Shared: several servers
                // may use one file.
                let _in_use = match store::sqlite_file(&config.database_url) {
                    Some(path) => Some(serve_lock(&path)?),
                    None => None,
                };
                let database_url = config.database_url.clone();
                let retention_years = config.retention_years;
                // Built first: it migrates the database these jobs work on.
                let app = Application::build(config).await?;
                let retention = retention_years
                    .map(|years| tokio::spawn(retention_daily(database_url.clone(), years)));
                let leavers = tokio::spawn(leavers_hourly(database_url));
                app.run_until_stopped().await?;
                if let Some(task) = retention {
                    task.abort();
                }
                leavers.abort();
                Ok(())
            }
            Command::Backup { file } => backup(&Config::from_env()?, &file).await,
            Command::Restore { file, force } => restore(&Config::from_env()?, &file, force).await,
            Command::Retention { years } => {
                let config = Config::from_env()?;
                let years = years.or(config.retention_years).context(
                    "say how many years to keep: set MUS_RETENTION_YEARS or pass --years",
                )?;
                anyhow::ensure!(years > 0, "--years must be at least 1");
                let db = open_database().await?;
                let today = mus_domain::agreements::danish_date(chrono::Utc::now());
                let report = people::apply_retention(&db, years, today)
                    .await
                    .map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
                println!(
                    "{} people left more than {years} years ago; removed {} summary versions, \
                     {} preparations, {} agreements, {} agreement reviews, {} check-ins",
                    report.people,
                    report.summary_versions,
                    report.preparations,
                    report.agreements,
                    report.agreement_reviews,
                    report.check_ins
                );
                finish(db).await?;
                Ok(())
            }
            Command::Reminders { at } => {
                let config = Config::from_env()?;
                let mut db = open_database().await?;
                db.set_metric_callback(crate::statements::count);
                let site = match &config.public_url {
                    Some(url) => url.clone(),
                    None => url::Url::parse(&format!("http://{}/", config.bind))?,
                };
                let now = at.unwrap_or_else(chrono::Utc::now);
                let started = std::time::Instant::now();
                let (told, statements) =
                    crate::statements::counted(crate::services::reminders::scan(&db, &site, now))
                        .await;
                let told = told.map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
                println!(
                    "reminder scan at {now}: {} notifications, {} e-mails into the outbox; \
                     {statements} SQL statements, {} ms",
                    told.notifications,
                    told.mails,
                    started.elapsed().as_millis()
                );
                finish(db).await?;
                Ok(())
            }
            Command::Migrate => {
                let db = open_database().await?;
                tracing::info!("the database schema is up to date");
                db.close().await?;
                Ok(())
            }
            Command::Seed { demo, large } => {
                anyhow::ensure!(
                    demo || large.is_some(),
                    "say which data to seed: `mus seed --demo` or `mus seed --large N`"
                );
                let db = open_database().await?;
                if let Some(people) = large {
                    let seeded = seed::large(&db, people)
                        .await
                        .map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
                    print!("{}", seed::describe_large(&seeded));
                } else {
                    let config = Config::from_env()?;
                    let site = match &config.public_url {
                        Some(url) => url.clone(),
                        None => url::Url::parse(&format!("http://{}/", config.bind))?,
                    };
                    let logins = seed::demo(&db).await?;
                    seed::demo_group_and_plans(&db, &site)
                        .await
                        .map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
                    print!("{}", seed::describe(&logins));
                }
                finish(db).await?;
                Ok(())
            }
            Command::User {
                command:
                    UserCommand::Create {
                        email,
                        name,
                        role,
                        manager,
                        department,
                    },
            } => {
                let password = read_password()?;
                let db = open_database().await?;
                let department = match department {
                    Some(name) => Some(people::ensure_department(&db, &name).await?.id),
                    None => None,
                };
                let created = people::create_user(
                    &db,
                    NewPerson {
                        email,
                        name,
                        role: role.into(),
                        manager: manager.map(ManagerRef::Email),
                        department: department.map(Into::into),
                        password: Some(password),
                    },
                )
                .await
                .map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
                let created = people::me(&db, created).await?;
                println!(
                    "created {} <{}> as {}",
                    created.name, created.email, created.role
                );
                finish(db).await?;
                Ok(())
            }
        }
    }
}

/// Ends the sessions and API tokens of people whose leaving day has come,
/// at start and then every hour, on one instance at a time.
async fn leavers_hourly(database_url: String) {
    let mut hour = tokio::time::interval(people::LEAVERS_EVERY);
    loop {
        hour.tick().await;
        let run = async {
            let db = store::connect(&database_url).await?;
            let ended = people::end_leavers_access_hourly(&db, chrono::Utc::now())
                .await
                .map_err(|e| anyhow::anyhow!(describe_error(&e)))?;
            db.close().await?;
            anyhow::Ok(ended)
        };
        match run.await {
            Ok(None | Some(0)) => {}
            Ok(Some(people)) => tracing::info!(people, "ended the access of leavers"),
            Err(error) => {
                tracing::error!(error = ?error, "ending leavers' access failed; trying again in an hour")
            }
        }
    }
}

/// Applies retention at start and then once a day, on one instance at a
/// time: an instance started within a day of another's run leaves it to
/// the next day.
async fn retention_daily(database_url: String, years: u32) {
    let mut day = tokio::time::interval(people::RETENTION_EVERY);
    loop {
        day.tick().await;
        let run = async {
            let db = store::connect(&database_url).await?;
            let report = people::apply_retention_daily(&db, years, chrono::Utc::now()).await?;
            db.close().await?;
            anyhow::Ok(report)
        };
        if let Err(error) = run.await {
            tracing::error!(
                error = %crate::error::Loggable(&*error),
                "retention failed; trying again tomorrow"
            );
        }
    }
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock(database: &Path) -> anyhow::Result<std::fs::File> {
    let path = lock_path(database);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))
}

fn serve_lock(database: &Path) -> anyhow::Result<std::fs::File> {
    let lock = open_lock(database)?;
    lock.try_lock_shared().map_err(|_| {
        anyhow::anyhow!(
            "{} is being restored; start the server when the restore is done",
            database.display()
        )
    })?;
    Ok(lock)
}

/// `VACUUM INTO` copies what one read transaction sees, so the copy is
/// consistent while the server goes on writing, and compact.
async fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    let database = store::sqlite_file(&config.database_url).context(
        "mus backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see the README)",
    )?;
    anyhow::ensure!(
        database.exists(),
        "there is no database at {}",
        database.display()
    );
    anyhow::ensure!(
        !file.exists(),
        "{} exists already; name a new file",
        file.display()
    );
    let target = file
        .to_str()
        .context("the backup file name must be valid UTF-8")?;
    let db = store::connect(&config.database_url).await?;
    // A copy of every preparation and summary: the owner's only. VACUUM
    // INTO writes into an empty file it is given and keeps its mode; a file
    // it creates itself would follow the umask.
    files::create_new_private(file)
        .with_context(|| format!("cannot create the backup file {}", file.display()))?;
    let copied = db
        .execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
        .await;
    if copied.is_err() {
        let _ = std::fs::remove_file(file);
    }
    copied.with_context(|| format!("cannot write the backup to {}", file.display()))?;
    db.close().await?;
    println!("backed up {} to {}", database.display(), file.display());
    Ok(())
}

/// Checks that `file` is a sound MUS database, then puts it in place of the
/// configured one while holding the lock every `mus serve` takes.
async fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let database = store::sqlite_file(&config.database_url).context(
        "mus restore replaces the embedded SQLite database; for PostgreSQL use pg_restore (see the README)",
    )?;
    anyhow::ensure!(file.is_file(), "there is no backup at {}", file.display());
    check_backup(file).await?;
    let lock = open_lock(&database)?;
    lock.try_lock().map_err(|_| {
        anyhow::anyhow!(
            "{} is in use by a running `mus serve`; stop it, then restore",
            database.display()
        )
    })?;
    anyhow::ensure!(
        force || !database.exists(),
        "{} exists; pass --force to replace it (its content is lost)",
        database.display()
    );
    // Copy next to the target first, so the swap is one rename; drop the
    // old write-ahead log and journal, which belong to the database being
    // replaced.
    let staged = database.with_extension("db.restoring");
    copy_private(file, &staged)
        .with_context(|| format!("cannot copy the backup to {}", staged.display()))?;
    for side_file in files::sqlite_side_files(&database) {
        match std::fs::remove_file(side_file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
    }
    std::fs::rename(&staged, &database)
        .with_context(|| format!("cannot move the backup into {}", database.display()))?;
    drop(lock);
    println!("restored {} from {}", database.display(), file.display());
    Ok(())
}

/// Copies `from` to `to` as a new file of the owner's only, whatever the
/// mode of `from` (`std::fs::copy` would take that over); a `to` left by an
/// interrupted restore is replaced.
fn copy_private(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(to) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut target = files::create_new_private(to)?;
    std::io::copy(&mut std::fs::File::open(from)?, &mut target)?;
    target.sync_all()
}

/// A backup is restorable when SQLite finds it intact and it carries the
/// MUS schema's migration table.
async fn check_backup(file: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}?mode=ro", file.display());
    let db = sea_orm::Database::connect(&url)
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?;
    let backend = db.get_database_backend();
    let integrity = db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "PRAGMA integrity_check",
        ))
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    anyhow::ensure!(
        integrity.as_deref() == Some("ok"),
        "{} is damaged: {}",
        file.display(),
        integrity.unwrap_or_default()
    );
    let migrations = db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM seaql_migrations",
        ))
        .await;
    db.close().await?;
    anyhow::ensure!(
        migrations.is_ok(),
        "{} is not a MUS database",
        file.display()
    );
    Ok(())
}

/// Tells the running instances of what the command wrote (on PostgreSQL,
/// `store::notices`), and closes the connection.
async fn finish(db: sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    store::notices::tell_once(&db).await;
    db.close().await?;
    Ok(())
}

async fn open_database() -> anyhow::Result<sea_orm::DatabaseConnection> {
    let config = Config::from_env()?;
    let db = store::connect(&config.database_url).await?;
    store::migrate(&db).await?;
    Ok(db)
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("MUS_PASSWORD") {
        return Ok(password);
    }
    eprint!("Password: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn describe_error(error: &crate::error::AppError) -> String {
    match error {
        crate::error::AppError::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}
