//! `mus backup` and `mus restore` on the embedded SQLite database, run as an
//! operator would run them, with a `mus serve` writing meanwhile.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};

/// `mus` with `args`, run under the common umask 022 (every new file
/// readable by all), so that the modes MUS gives its files are its own.
fn mus_command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "umask 022 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_mus"),
        ])
        .args(args)
        .env("MUS_DATA_DIR", data_dir)
        .env_remove("MUS_DATABASE_URL")
        .env_remove("MUS_JWT_SECRET")
        .env_remove("MUS_RETENTION_YEARS")
        .env("MUS_PASSWORD", "et-langt-kodeord-2027");
    command
}

fn mus(data_dir: &Path, args: &[&str]) -> Output {
    mus_command(data_dir, args).output().expect("mus runs")
}

fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "mus failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn failed(output: &Output) -> String {
    assert!(!output.status.success(), "mus should have refused");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A `mus serve` on a free port, stopped on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data_dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = mus_command(data_dir, &["serve"])
            .env("MUS_BIND", format!("127.0.0.1:{port}"))
            .env("MUS_SPA_DIR", data_dir.join("no-spa"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mus serve starts");
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.health() != Some(200) {
            assert!(Instant::now() < deadline, "the server did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn health(&self) -> Option<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .write_all(b"GET /api/health HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        response.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every table's row count, and the people's e-mails in order.
fn contents(database: &Path) -> (Vec<(String, i64)>, Vec<String>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let db = Database::connect(format!("sqlite://{}?mode=ro", database.display()))
            .await
            .unwrap();
        let backend = db.get_database_backend();
        let query = |sql: &str| Statement::from_string(backend, sql.to_owned());
        // SQLite's own tables (planner statistics) change whenever a server
        // closes; only MUS's tables are the content.
        let tables: Vec<String> = db
            .query_all_raw(query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            ))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        let mut counts = Vec::new();
        for table in tables {
            let count: i64 = db
                .query_one_raw(query(&format!("SELECT COUNT(*) FROM \"{table}\"")))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index(0)
                .unwrap();
            counts.push((table, count));
        }
        let emails = db
            .query_all_raw(query("SELECT email FROM users ORDER BY email"))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        db.close().await.unwrap();
        (counts, emails)
    })
}

fn create_person(data_dir: &Path, n: usize) {
    succeeded(&mus(
        data_dir,
        &[
            "user",
            "create",
            "--email",
            &format!("ny{n}@test.example"),
            "--name",
            &format!("Ny Person {n}"),
            "--role",
            "employee",
        ],
    ));
}

#[test]
fn a_backup_taken_while_serving_restores_into_a_fresh_data_dir() {
    let live = tempfile::tempdir().unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let backup_file = live.path().join("mus-backup.db");
    succeeded(&mus(live.path(), &["seed", "--demo"]));
    let server = Server::start(live.path());
    // Another process writes while the backup runs.
    let writer = {
        let dir = live.path().to_owned();
        std::thread::spawn(move || {
            for n in 0..3 {
                create_person(&dir, n);
            }
        })
    };

    let started = Instant::now();
    let backed_up = succeeded(&mus(
        live.path(),
        &["backup", backup_file.to_str().unwrap()],
    ));
    let backup_took = started.elapsed();
    writer.join().unwrap();
    let in_use = failed(&mus(
        live.path(),
        &["restore", backup_file.to_str().unwrap(), "--force"],
    ));
    let restored = succeeded(&mus(
        fresh.path(),
        &["restore", backup_file.to_str().unwrap()],
    ));
    let again = failed(&mus(
        fresh.path(),
        &["restore", backup_file.to_str().unwrap()],
    ));
    let restored_server = Server::start(fresh.path());

    assert!(backed_up.contains("backed up"), "{backed_up}");
    assert!(in_use.contains("in use"), "{in_use}");
    assert!(restored.contains("restored"), "{restored}");
    assert!(again.contains("--force"), "{again}");
    assert_eq!(restored_server.health(), Some(200));
    drop(restored_server);
    drop(server);
    let (backup_counts, backup_emails) = contents(&backup_file);
    let (restored_counts, restored_emails) = contents(&fresh.path().join("mus.db"));
    let (live_counts, live_emails) = contents(&live.path().join("mus.db"));
    assert_eq!(restored_counts, backup_counts);
    assert_eq!(restored_emails, backup_emails);
    // The copy is one moment of the live database: the 30 seeded people and
    // whichever of the concurrent additions had committed, nothing torn.
    assert!(
        (30..=33).contains(&restored_emails.len()),
        "{restored_emails:?}"
    );
    assert!(restored_emails.iter().all(|e| live_emails.contains(e)));
    assert_eq!(live_emails.len(), 33);
    for ((table, restored), (_, live)) in restored_counts.iter().zip(&live_counts) {
        if !matches!(table.as_str(), "users" | "audit_events") {
            assert_eq!(restored, live, "{table}");
        }
    }
    println!(
        "backup while serving: {} tables, {} rows, {} of 3 concurrent people in the copy, \
         restored identical to the backup; backup took {} ms (process start included)",
        restored_counts.len(),
        restored_counts.iter().map(|(_, n)| n).sum::<i64>(),
        restored_emails.len() - 30,
        backup_took.as_millis()
    );
}

#[test]
fn sigterm_stops_the_server_cleanly_and_frees_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let backup_file = dir.path().join("before.db");
    succeeded(&mus(dir.path(), &["migrate"]));
    succeeded(&mus(dir.path(), &["backup", backup_file.to_str().unwrap()]));
    let mut server = Server::start(dir.path());

    let sent = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(35);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };

    assert!(sent.success());
    assert!(status.success(), "{status:?}");
    // Its lock is gone with it: a restore goes ahead.
    succeeded(&mus(
        dir.path(),
        &["restore", backup_file.to_str().unwrap(), "--force"],
    ));
}

#[test]
fn restore_refuses_what_is_not_a_mus_backup() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "dette er ikke en database").unwrap();

    let refused = failed(&mus(
        dir.path(),
        &["restore", junk.to_str().unwrap(), "--force"],
    ));

    assert!(
        refused.contains("not a SQLite database") || refused.contains("damaged"),
        "{refused}"
    );
    assert!(!dir.path().join("mus.db").exists());
}

#[test]
fn backup_refuses_to_overwrite_a_file() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(&mus(dir.path(), &["migrate"]));
    let existing = dir.path().join("exists.db");
    std::fs::write(&existing, "keep me").unwrap();

    let refused = failed(&mus(dir.path(), &["backup", existing.to_str().unwrap()]));

    assert!(refused.contains("exists already"), "{refused}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
}

#[test]
fn retention_needs_a_number_of_years_and_reports_what_it_removed() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(&mus(dir.path(), &["seed", "--demo"]));

    let unset = failed(&mus(dir.path(), &["retention"]));
    let report = succeeded(&mus(dir.path(), &["retention", "--years", "5"]));

    assert!(unset.contains("MUS_RETENTION_YEARS"), "{unset}");
    assert!(
        report.contains("0 people left more than 5 years ago"),
        "{report}"
    );
}

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn the_data_directory_the_database_and_backups_are_the_owners_only() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let restored = root.path().join("restored");
    let backup_file = root.path().join("backup.db");
    let database = data.join("mus.db");
    let side_file = |suffix: &str| data.join(format!("mus.db{suffix}"));

    succeeded(&mus(&data, &["seed", "--demo"]));
    let created = (mode(&data), mode(&database), mode(&data.join("jwt-secret")));
    // As an earlier version left them: readable by all.
    chmod(&data, 0o755);
    chmod(&database, 0o644);
    let server = Server::start(&data);
    create_person(&data, 1);
    let serving = (
        mode(&data),
        mode(&database),
        mode(&side_file("-wal")),
        mode(&side_file("-shm")),
    );
    succeeded(&mus(&data, &["backup", backup_file.to_str().unwrap()]));
    let backed_up = mode(&backup_file);
    drop(server);
    // A backup copied around may have lost its mode; the restored file has
    // its own.
    chmod(&backup_file, 0o644);
    succeeded(&mus(&restored, &["restore", backup_file.to_str().unwrap()]));

    assert_eq!(created, (0o700, 0o600, 0o600));
    assert_eq!(serving, (0o700, 0o600, 0o600, 0o600));
    assert_eq!(backed_up, 0o600);
    assert_eq!(mode(&restored), 0o700);
    assert_eq!(mode(&restored.join("mus.db")), 0o600);
    assert_eq!(mode(&data.join("mus.db.lock")), 0o600);
}
