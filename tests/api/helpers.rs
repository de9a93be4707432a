//! `spawn_app`: the real server on a random port over a fresh database.
//! `spawn_app_in_child` runs it in a child process instead, so a test can
//! kill it mid-request and start it again on the same database, or
//! (`ChildServer::log_to`) read what it logs.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    database_url: String,
    /// The server's process when it runs in a child (`spawn_app_in_child`).
    child: Option<Child>,
    /// How that process was started, so `restart` starts it the same way.
    child_server: ChildServer,
    data_dir: tempfile::TempDir,
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
    let (data_dir, database_url, postgres) = fresh_database(backend).await?;
    let mut config = test_config(data_dir.path(), &database_url, "127.0.0.1:0");
    configure(&mut config);
    let app = Application::build(config).await.expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    Some(TestApp::new(address, database_url, None, data_dir, postgres).await)
}

/// Like `spawn_app`, but the server runs in a process of its own: this test
/// binary started again as `helpers::server_process`. `kill` ends it with
/// SIGKILL, as a power cut or the OOM killer would, and `restart` starts it
/// again on the same database.
pub async fn spawn_app_in_child(backend: Backend) -> Option<TestApp> {
    ChildServer::default().spawn(backend).await
}

/// How `spawn_app_in_child` starts the server process. By default it logs
/// nothing; `log_to` has it log as `mus serve` does, into a file.
#[derive(Debug, Clone, Default)]
pub struct ChildServer {
    log: Option<ChildLog>,
    database_password: Option<String>,
    /// `MUS_DASHBOARD_CACHE_MS` instead of the default.
    dashboard_cache: Option<Duration>,
    /// `MUS_BEHIND_PROXY=1`.
    behind_proxy: bool,
    /// `MUS_SMTP_URL`.
    smtp_url: Option<String>,
}

#[derive(Debug, Clone)]
struct ChildLog {
    file: PathBuf,
    filter: String,
    json: bool,
}

impl ChildServer {
    /// The server's standard error, where it logs, appended to `file`, with
    /// `MUS_LOG` set to `filter`.
    pub fn log_to(mut self, file: &Path, filter: &str) -> ChildServer {
        self.log = Some(ChildLog {
            file: file.to_owned(),
            filter: filter.to_owned(),
            json: false,
        });
        self
    }

    /// With `log_to`: one JSON object per line (`MUS_LOG_FORMAT=json`).
    pub fn json(mut self) -> ChildServer {
        if let Some(log) = &mut self.log {
            log.json = true;
        }
        self
    }

    /// On PostgreSQL, a database URL without a password gets `password`
    /// (trust authentication, as in the tests, ignores it), so that a test
    /// can look for it in the log.
    pub fn database_password(mut self, password: &str) -> ChildServer {
        self.database_password = Some(password.to_owned());
        self
    }

    /// Dashboards (and standings) kept for `lifetime`.
    pub fn dashboard_cache(mut self, lifetime: Duration) -> ChildServer {
        self.dashboard_cache = Some(lifetime);
        self
    }

    /// The client's address taken from `X-Forwarded-For`, as behind a proxy.
    pub fn behind_proxy(mut self) -> ChildServer {
        self.behind_proxy = true;
        self
    }

    /// Mail sent over SMTP to `url`.
    pub fn smtp_url(mut self, url: String) -> ChildServer {
        self.smtp_url = Some(url);
        self
    }

    /// Starts the server process on a fresh database on `backend`; `None`
    /// as `spawn_app` says.
    pub async fn spawn(self, backend: Backend) -> Option<TestApp> {
        let (data_dir, mut database_url, postgres) = fresh_database(backend).await?;
        if let (Backend::Postgres, Some(password)) = (backend, &self.database_password) {
            let mut url = url::Url::parse(&database_url).expect("a database URL");
            if url.password().is_none() {
                url.set_password(Some(password)).expect("a URL with a host");
                database_url = url.to_string();
            }
        }
        let (child, address) = start_child(data_dir.path(), &database_url, &self, None).await;
        let mut app = TestApp::new(address, database_url, Some(child), data_dir, postgres).await;
        app.child_server = self;
        Some(app)
    }
}

async fn fresh_database(
    backend: Backend,
) -> Option<(tempfile::TempDir, String, Option<PostgresDatabase>)> {
    let data_dir = tempfile::tempdir().expect("temporary directory");
    write_fake_spa(&data_dir.path().join("spa"));
    Some(match backend {
        Backend::Sqlite => {
            let url = mus_server::config::default_database_url(data_dir.path());
            (data_dir, url, None)
        }
        Backend::Postgres => {
            let admin_url = std::env::var("MUS_TEST_POSTGRES_URL").ok()?;
            let database = PostgresDatabase::create(&admin_url).await;
            (data_dir, database.url.clone(), Some(database))
        }
    })
}

pub fn test_config(data_dir: &Path, database_url: &str, bind: &str) -> Config {
    Config {
        database_url: database_url.to_owned(),
        bind: bind.to_owned(),
        data_dir: data_dir.to_owned(),
        jwt_secret: TEST_SECRET.to_vec(),
        jwt_previous_secrets: Vec::new(),
        spa: mus_server::spa::SpaSource::Dir(data_dir.join("spa")),
        access_token_ttl: mus_server::config::DEFAULT_ACCESS_TOKEN_TTL,
        refresh_token_ttl: mus_server::config::DEFAULT_REFRESH_TOKEN_TTL,
        max_json_bytes: mus_server::config::DEFAULT_MAX_JSON_BYTES,
        sql_statement_header: true,
        behind_proxy: false,
        retention_years: None,
        dashboard_cache: mus_server::config::DEFAULT_DASHBOARD_CACHE,
        max_connections: mus_server::config::DEFAULT_MAX_CONNECTIONS,
        public_url: None,
        password_sign_in: true,
        smtp_url: None,
        mail_from: None,
        outbox_poll: std::time::Duration::from_millis(200),
        // Tests run the scan themselves, at the moment they choose.
        reminder_scan: None,
        oidc: None,
        // The tests' receivers listen on loopback; the refusal of private
        // addresses is tested with this turned off.
        webhooks_allow_private: true,
    }
}

const CHILD_DATABASE_URL: &str = "MUS_TEST_CHILD_DATABASE_URL";
const CHILD_DATA_DIR: &str = "MUS_TEST_CHILD_DATA_DIR";
const CHILD_BIND: &str = "MUS_TEST_CHILD_BIND";
const CHILD_DASHBOARD_CACHE_MS: &str = "MUS_TEST_CHILD_DASHBOARD_CACHE_MS";
const CHILD_BEHIND_PROXY: &str = "MUS_TEST_CHILD_BEHIND_PROXY";
const CHILD_SMTP_URL: &str = "MUS_TEST_CHILD_SMTP_URL";
/// Set when the child logs (`ChildServer::log_to`); `MUS_LOG` and
/// `MUS_LOG_FORMAT` then say how, as for `mus serve`.
const CHILD_LOGS: &str = "MUS_TEST_CHILD_LOGS";

/// The server of `spawn_app_in_child`, in the child process. Run by hand,
/// without the variables the parent sets, it does nothing.
#[test]
#[ignore = "the server process of spawn_app_in_child, started by the tests that need one"]
fn server_process() {
    let (Ok(database_url), Ok(data_dir), Ok(bind)) = (
        std::env::var(CHILD_DATABASE_URL),
        std::env::var(CHILD_DATA_DIR),
        std::env::var(CHILD_BIND),
    ) else {
        return;
    };
    if std::env::var_os(CHILD_LOGS).is_some() {
        mus_server::telemetry::init();
    }
    let mut config = test_config(Path::new(&data_dir), &database_url, &bind);
    if let Some(ms) = std::env::var(CHILD_DASHBOARD_CACHE_MS)
        .ok()
        .and_then(|ms| ms.parse().ok())
    {
        config.dashboard_cache = Duration::from_millis(ms);
    }
    config.behind_proxy = std::env::var_os(CHILD_BEHIND_PROXY).is_some();
    config.smtp_url = std::env::var(CHILD_SMTP_URL).ok();
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(async {
            let app = Application::build(config).await.expect("the server starts");
            app.run_until_stopped().await.expect("the server runs");
        });
}

/// Starts the server process on `port`, or on a free one.
async fn start_child(
    data_dir: &Path,
    database_url: &str,
    server: &ChildServer,
    port: Option<u16>,
) -> (Child, String) {
    let port = port.unwrap_or_else(|| {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port()
    });
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args(["helpers::server_process", "--exact", "--ignored"])
        .env(CHILD_DATABASE_URL, database_url)
        .env(CHILD_DATA_DIR, data_dir)
        .env(CHILD_BIND, format!("127.0.0.1:{port}"))
        .env_remove(CHILD_LOGS)
        .env_remove(CHILD_DASHBOARD_CACHE_MS)
        .env_remove(CHILD_BEHIND_PROXY)
        .env_remove(CHILD_SMTP_URL)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(lifetime) = server.dashboard_cache {
        command.env(CHILD_DASHBOARD_CACHE_MS, lifetime.as_millis().to_string());
    }
    if server.behind_proxy {
        command.env(CHILD_BEHIND_PROXY, "1");
    }
    if let Some(url) = &server.smtp_url {
        command.env(CHILD_SMTP_URL, url);
    }
    if let Some(log) = &server.log {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log.file)
            .expect("the log file opens");
        command
            .env(CHILD_LOGS, "1")
            .env("MUS_LOG", &log.filter)
            .env("MUS_LOG_FORMAT", if log.json { "json" } else { "text" })
            .stderr(file);
    }
    let child = command.spawn().expect("the server process starts");
    let address = format!("http://127.0.0.1:{port}");
    let health = format!("{address}/api/health");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match reqwest::get(&health).await {
            Ok(response) if response.status().is_success() => break,
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            other => panic!("the server process did not come up: {other:?}"),
        }
    }
    (child, address)
}

impl TestApp {
    async fn new(
        address: String,
        database_url: String,
        child: Option<Child>,
        data_dir: tempfile::TempDir,
        postgres: Option<PostgresDatabase>,
    ) -> TestApp {
        let db = mus_server::store::connect(&database_url)
            .await
            .expect("test connection");
        TestApp {
            client: Client::new(&address).expect("client"),
            address,
            db,
            database_url,
            child,
            child_server: ChildServer::default(),
            data_dir,
            postgres,
        }
    }

    /// Ends the server process with SIGKILL: no shutdown, no flushing,
    /// requests in flight cut off. Only for `spawn_app_in_child`.
    pub fn kill(&mut self) {
        let child = self.child.as_mut().expect("the server runs in a child");
        child.kill().expect("SIGKILL");
        child.wait().expect("the server process ends");
    }

    /// The id of the server process. Only for `spawn_app_in_child`.
    pub fn server_pid(&self) -> u32 {
        self.child
            .as_ref()
            .expect("the server runs in a child")
            .id()
    }

    /// Sends SIGTERM to the server process, as a deployment or systemd does
    /// to stop it, and returns without waiting.
    pub fn terminate(&self) {
        let child = self.child.as_ref().expect("the server runs in a child");
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM could not be sent");
    }

    /// Waits for the server process to end by itself, at most `limit`.
    pub async fn exit_status(&mut self, limit: Duration) -> std::process::ExitStatus {
        let child = self.child.as_mut().expect("the server runs in a child");
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = child.try_wait().expect("the server process") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Starts the server process again on the same database, on a new port.
    /// Clients made before point at the old address.
    pub async fn restart(&mut self) {
        let (child, address) = start_child(
            self.data_dir.path(),
            &self.database_url,
            &self.child_server,
            None,
        )
        .await;
        self.child = Some(child);
        self.client = Client::new(&address).expect("client");
        self.address = address;
    }

    /// Starts the server process again on the same database and port, once
    /// the one before has ended (`terminate` and `exit_status`, or `kill`).
    pub async fn restart_in_place(&mut self) {
        let (child, _) = start_child(
            self.data_dir.path(),
            &self.database_url,
            &self.child_server,
            Some(self.port()),
        )
        .await;
        self.child = Some(child);
    }

    /// A second server process, started as this one was, on the same
    /// database (which stays this one's to remove), with a data directory
    /// of its own: another instance of a cluster. Only for
    /// `spawn_app_in_child`.
    pub async fn another_instance(&self) -> TestApp {
        assert!(self.child.is_some(), "the server runs in a child");
        let data_dir = tempfile::tempdir().expect("temporary directory");
        write_fake_spa(&data_dir.path().join("spa"));
        let (child, address) = start_child(
            data_dir.path(),
            &self.database_url,
            &self.child_server,
            None,
        )
        .await;
        let mut app = TestApp::new(
            address,
            self.database_url.clone(),
            Some(child),
            data_dir,
            None,
        )
        .await;
        app.child_server = self.child_server.clone();
        app
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        url::Url::parse(&self.address)
            .ok()
            .and_then(|url| url.port())
            .expect("an address with a port")
    }

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

    /// The person chooses their own password, as the set-password page of an
    /// invitation lets them: written straight to the database, since no API
    /// lets anyone else set it.
    pub async fn choose_own_password(&self, person: mus_domain::UserId) {
        use mus_server::store::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

        let hash = mus_server::auth::hash_password(
            PASSWORD.into(),
            mus_server::auth::password::Wait::Unbounded,
        )
        .await
        .expect("hashing");
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .filter(user::Column::Id.eq(person.0))
            .exec(&self.db)
            .await
            .expect("password stored");
    }

    /// The months until a check-in pass: it is due today (Danish time),
    /// so it can be completed. A check-in opens only shortly before its
    /// due date, and a test cannot wait a quarter of a year.
    pub async fn check_in_falls_due(&self, id: mus_domain::CheckInId) {
        use mus_server::store::entities::check_in;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

        let today = mus_domain::agreements::danish_date(chrono::Utc::now());
        check_in::Entity::update_many()
            .col_expr(check_in::Column::DueOn, Expr::value(today))
            .filter(check_in::Column::Id.eq(id.0))
            .exec(&self.db)
            .await
            .expect("check-in moved");
    }

    /// Waits (up to 10 s) until the outbox has nothing left to send: its
    /// worker's claims are writes, which make the dashboards' memory stale,
    /// so a test counting a dashboard's statements waits for quiet first.
    pub async fn mail_settled(&self) {
        use mus_server::store::entities::outbox;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let pending = outbox::Entity::find()
                .filter(outbox::Column::SentAt.is_null())
                .filter(outbox::Column::DeadAt.is_null())
                .count(&self.db)
                .await
                .expect("the outbox is readable");
            if pending == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pending} messages unsent"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
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

    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The server's data directory (`MUS_DATA_DIR`).
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
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
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
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
