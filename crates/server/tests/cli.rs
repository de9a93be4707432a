//! The `mus` binary's subcommands, run as a user would run them.

use std::process::{Command, Output};

fn mus(data_dir: &std::path::Path, args: &[&str], password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mus"));
    command
        .args(args)
        .env("MUS_DATA_DIR", data_dir)
        .env_remove("MUS_DATABASE_URL")
        .env_remove("MUS_JWT_SECRET")
        .env_remove("MUS_PASSWORD");
    if let Some(password) = password {
        command.env("MUS_PASSWORD", password);
    }
    command.output().expect("mus runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "mus failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

#[test]
fn openapi_prints_the_document() {
    let dir = tempfile::tempdir().unwrap();

    let printed = stdout(&mus(dir.path(), &["openapi"], None));

    let spec: serde_json::Value =
        serde_json::from_str(&printed).expect("JSON on stdout, logs elsewhere");
    assert_eq!(spec["info"]["title"], "MUS API");
}

#[test]
fn seeding_the_demo_twice_creates_people_once() {
    let dir = tempfile::tempdir().unwrap();

    let first = stdout(&mus(dir.path(), &["seed", "--demo"], None));
    let second = stdout(&mus(dir.path(), &["seed", "--demo"], None));

    assert!(
        dir.path().join("mus.db").exists(),
        "the embedded database is created"
    );
    assert!(
        dir.path().join("jwt-secret").exists(),
        "a signing secret is generated"
    );
    assert!(first.contains("30 people, 30 new"), "{first}");
    assert!(first.contains("mus-demo-2027"), "{first}");
    assert!(first.contains("Søren Østergaard"), "{first}");
    assert!(second.contains("30 people, 0 new"), "{second}");
}

#[test]
fn user_create_takes_the_password_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&mus(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "leder@test.example",
            "--name",
            "Lis Leder",
            "--role",
            "manager",
        ],
        Some("et-langt-kodeord"),
    ));

    let created = stdout(&mus(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "Ansat@Test.example",
            "--name",
            "Åge Ansat",
            "--role",
            "employee",
            "--manager",
            "leder@test.example",
            "--department",
            "Løn og Personale",
        ],
        Some("et-andet-kodeord"),
    ));

    assert!(
        created.contains("Åge Ansat <ansat@test.example> as employee"),
        "{created}"
    );
}

#[test]
fn user_create_explains_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();

    let output = mus(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "not-an-email",
            "--name",
            "X",
            "--role",
            "employee",
            "--manager",
            "nobody@test.example",
        ],
        Some("short"),
    );

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("email:"), "{stderr}");
    assert!(stderr.contains("password:"), "{stderr}");
    assert!(stderr.contains("manager:"), "{stderr}");
}
