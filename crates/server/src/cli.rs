//! The `mus` command line.

use std::io::{BufRead, Write};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use mus_domain::Role;

use crate::config::Config;
use crate::services::people::{self, ManagerRef, NewPerson};
use crate::{Application, openapi, seed, store};

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
                let app = Application::build(Config::from_env()?).await?;
                app.run_until_stopped().await?;
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
                    let logins = seed::demo(&db).await?;
                    print!("{}", seed::describe(&logins));
                }
                db.close().await?;
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
                Ok(())
            }
        }
    }
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
