//! `spawn_app`: the real server on a random port over a fresh database.

use std::time::Duration;

use mus_client::{Client, RefreshStorage};
use mus_domain::Role;
use mus_server::services::people::{self, ManagerRef, NewPerson};
use mus_server::{Application, Config};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// Tests sign their own tokens with this, to forge expired or tampered ones.
pub const TEST_SECRET: &[u8] = b"test-secret-for-the-end-to-end-tests-0123456789";
pub const PASSWORD: &str = "et-godt-kodeord-2027";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server with its own database, removed again on drop.
#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    /// A client that keeps its refresh token in memory.
    pub client: Client,
    _data_dir: tempfile::TempDir,
    postgres: Option<PostgresDatabase>,
}

/// One person created for a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: mus_domain::UserId,
    pub email: String,
}

/// Starts the server on `backend`; `None` when PostgreSQL is asked for but
/// `MUS_TEST_POSTGRES_URL` is not set.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// `spawn_app` with the configuration adjusted by `configure`.
pub async fn spawn_app_with(
    backend: Backend,
    configure: impl FnOnce(&mut Config),
) -> Option<TestApp> {
    let data_dir = tempfile::tempdir().expect("temporary directory");
    let spa_dir = data_dir.path().join("spa");
    write_fake_spa(&spa_dir);
    let (database_url, postgres) = match backend {
        Backend::Sqlite => (
            mus_server::config::default_database_url(data_dir.path()),
            None,
        ),
        Backend::Postgres => {
            let admin_url = std::env::var("MUS_TEST_POSTGRES_URL").ok()?;
            let database = PostgresDatabase::create(&admin_url).await;
            (database.url.clone(), Some(database))
        }
    };
    let mut config = Config {
        database_url: database_url.clone(),
        bind: "127.0.0.1:0".into(),
        data_dir: data_dir.path().to_owned(),
        jwt_secret: TEST_SECRET.to_vec(),
        jwt_previous_secrets: Vec::new(),
        spa_dir: spa_dir.clone(),
        access_token_ttl: mus_server::config::DEFAULT_ACCESS_TOKEN_TTL,
        refresh_token_ttl: mus_server::config::DEFAULT_REFRESH_TOKEN_TTL,
        max_json_bytes: mus_server::config::DEFAULT_MAX_JSON_BYTES,
        sql_statement_header: true,
        behind_proxy: false,
        retention_years: None,
    };
    configure(&mut config);
    let app = Application::build(config).await.expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let db = mus_server::store::connect(&database_url)
        .await
        .expect("test connection");
    Some(TestApp {
        client: Client::new(&address).expect("client"),
        address,
        db,
        _data_dir: data_dir,
        postgres,
    })
}

impl TestApp {
    pub async fn create_user(
        &self,
        name: &str,
        role: Role,
        manager: Option<&TestUser>,
    ) -> TestUser {
        let email = format!(
            "{}.{}@test.example",
            name.to_lowercase().replace(' ', "."),
            &uuid::Uuid::new_v4().simple().to_string()[..6]
        );
        let id = people::create_user(
            &self.db,
            NewPerson {
                email: email.clone(),
                name: name.into(),
                role,
                manager: manager.map(|m| ManagerRef::Id(m.id)),
                department: None,
                password: Some(PASSWORD.into()),
            },
        )
        .await
        .expect("test user is valid");
        TestUser { id, email }
    }

    /// A fresh client for this server (own session).
    pub fn new_client(&self, storage: RefreshStorage) -> Client {
        Client::with_storage(&self.address, storage).expect("client")
    }

    /// A client signed in as `user`, keeping its refresh token in memory.
    pub async fn signed_in(&self, user: &TestUser) -> Client {
        let client = self.new_client(RefreshStorage::Memory);
        client
            .login(&user.email, PASSWORD)
            .await
            .expect("login succeeds");
        client
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Plain HTTP, for requests the typed client would never send.
    pub fn http(&self) -> reqwest::Client {
        reqwest::Client::new()
    }
}

fn write_fake_spa(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("assets")).expect("spa dir");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>MUS test</title>",
    )
    .expect("index");
    std::fs::write(dir.join("assets/app-0123456789abcdef.js"), "export {};").expect("asset");
}

#[derive(Debug)]
struct PostgresDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PostgresDatabase {
    async fn create(admin_url: &str) -> PostgresDatabase {
        let name = format!("mus_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(admin_url)
            .await
            .expect("MUS_TEST_POSTGRES_URL must point at a reachable PostgreSQL server");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let mut url = url::Url::parse(admin_url).expect("MUS_TEST_POSTGRES_URL is a URL");
        url.set_path(&name);
        PostgresDatabase {
            admin_url: admin_url.to_owned(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(database) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on;
        // a thread with its own runtime removes the database.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(admin) = Database::connect(&database.admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                            database.name
                        ))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join()
        .ok();
    }
}

/// Runs the test body once on SQLite and once on PostgreSQL (when
/// `MUS_TEST_POSTGRES_URL` is set; CI sets it).
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* async fn $name:ident($app:ident: TestApp) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            async fn run($app: $crate::helpers::TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                run(app.expect("SQLite always runs")).await;
            }

            #[tokio::test]
            async fn postgres() {
                match $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    Some(app) => run(app).await,
                    None => eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL"),
                }
            }
        }
    };
}

/// Waits a little more than a second, so tokens issued now are past `exp`.
pub async fn outlive_a_token_second() {
    tokio::time::sleep(Duration::from_millis(1100)).await;
}
