//! The server's log carries ids, states and timings, never what a person
//! wrote, nor a password or a token. A conversation goes from preparation to
//! a completed check-in with every text marked, through the refusals that
//! answer with the text (a version conflict, a JSON error quoting the
//! value), with the server logging at `trace`; then the log is searched for
//! every mark.

use std::collections::BTreeMap;
use std::time::Duration;

use mus_domain::{
    AgreementCategory, AgreementStatus, Answer, Answerer, CheckInCompletion, CheckInEntry,
    ErrorCode, NewApiToken, Party, PreparationWrite, QuestionKind, Role, SeenNotAgreed,
    SeenNotAgreedComment, SummaryContent, TokenScope,
};

use crate::helpers::{Backend, ChildServer, PASSWORD};
use crate::lifecycle::{
    agreement, form_questions, hold_meeting, meeting, open_round, problem, sign, write,
};

/// Texts that must not reach the log, each unique to this run.
#[derive(Debug, Default)]
struct Marks(Vec<String>);

impl Marks {
    /// A text with a mark of its own: letters and digits only, so that no
    /// log format's escaping can hide it.
    fn text(&mut self, what: &str) -> String {
        let mark = format!(
            "zq{what}{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        self.0.push(mark.clone());
        format!("Tekst {mark} skrevet af en person")
    }

    /// A secret the test did not choose (a token), searched for as it is.
    fn secret(&mut self, secret: String) {
        self.0.push(secret);
    }
}

async fn lifecycle_logs_no_content(backend: Backend, json: bool) {
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("server.log");
    let mut marks = Marks::default();
    let mut server = ChildServer::default()
        .log_to(&log_file, "trace")
        .database_password(&marks.text("databasepassword").replace(' ', "-"));
    if json {
        server = server.json();
    }
    let Some(mut app) = server.spawn(backend).await else {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL");
        return;
    };
    marks.secret(PASSWORD.to_owned());
    if let Some(password) = url::Url::parse(app.database_url()).unwrap().password() {
        marks.secret(password.to_owned());
    }
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let mette_user = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let anne_user = app
        .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
        .await;
    let hr = app.signed_in(&hr_user).await;
    let mette = app.signed_in(&mette_user).await;
    let anne = app.signed_in(&anne_user).await;
    for client in [&hr, &mette, &anne] {
        marks.secret(client.access_token().unwrap());
        if let Some(refresh) = client.refresh_token() {
            marks.secret(refresh);
        }
    }

    // Preparation: a save, a stale save answered with the current text, an
    // answer over the limit, and bodies that are no preparation at all.
    let form = open_round(&app, &hr, 2025).await;
    let id = anne.conversations().await.unwrap()[0].id;
    let questions = form_questions(&hr, form).await;
    let text_question = |not_by: Answerer| {
        questions
            .iter()
            .find(|q| q.kind == QuestionKind::Text && q.answered_by != not_by)
            .unwrap()
            .key
            .clone()
    };
    let (employee_question, manager_question) = (
        text_question(Answerer::Manager),
        text_question(Answerer::Employee),
    );
    let answer = |key: &str, text: String| BTreeMap::from([(key.to_owned(), Answer::Text(text))]);
    let saved = anne
        .save_preparation(
            id,
            Party::Employee,
            &PreparationWrite {
                version: 0,
                answers: answer(&employee_question, marks.text("preparation")),
            },
        )
        .await
        .unwrap();
    let stale = problem(
        anne.save_preparation(
            id,
            Party::Employee,
            &PreparationWrite {
                version: 0,
                answers: answer(&employee_question, marks.text("stale")),
            },
        )
        .await,
    );
    assert_eq!(stale.code, ErrorCode::VersionConflict);
    assert!(stale.current.unwrap().to_string().contains("zqpreparation"));
    // An answer too long is refused alone; the text saved before stays.
    let too_long = format!("{}{}", marks.text("toolong"), "x".repeat(20_001));
    let kept = anne
        .save_preparation(
            id,
            Party::Employee,
            &PreparationWrite {
                version: saved.version,
                answers: answer(&employee_question, too_long),
            },
        )
        .await
        .unwrap();
    assert_eq!(kept.not_saved.len(), 1);
    assert_eq!(kept.answers, saved.answers);
    let preparation_url = app.url(&format!("/api/v1/conversations/{id}/preparations/employee"));
    let token = anne.access_token().unwrap();
    let cut_off = format!(
        r#"{{"version": 1, "answers": {{"{employee_question}": "{}"#,
        marks.text("cutoff")
    );
    let wrong_type = format!(
        r#"{{"version": "{}", "answers": {{}}}}"#,
        marks.text("wrongtype")
    );
    for (body, status) in [(cut_off, 400), (wrong_type.clone(), 422)] {
        let response = app
            .http()
            .put(&preparation_url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        if status == 422 {
            // Answered to its sender, quoting what it got; not logged.
            assert!(response.text().await.unwrap().contains("zqwrongtype"));
        }
    }
    anne.share_preparation(id, Party::Employee).await.unwrap();
    mette
        .save_preparation(
            id,
            Party::Manager,
            &PreparationWrite {
                version: 0,
                answers: answer(&manager_question, marks.text("manager")),
            },
        )
        .await
        .unwrap();
    mette.share_preparation(id, Party::Manager).await.unwrap();
    anne.agenda(id).await.unwrap();

    // The meeting, held.
    let mut place = meeting("2025-02-10T08:00:00Z");
    place.location = marks.text("location");
    mette.schedule_meeting(id, &place).await.unwrap();
    assert!(
        anne.meeting_invitation(id)
            .await
            .unwrap()
            .contains("zqlocation")
    );
    hold_meeting(&mette, id, "2025-02-10T08:00:00Z").await;

    // The summary, a stale save answered with it, and both signatures.
    let proposal = mette.summary(id).await.unwrap();
    let mut course = agreement(
        &marks.text("title"),
        AgreementCategory::CourseEducation,
        "2027-09-01",
    );
    course.description = marks.text("description");
    let mut content = SummaryContent {
        agreements: vec![course],
        decisions: marks.text("decisions"),
        ..SummaryContent::default()
    };
    content.assessment.performance = marks.text("assessment");
    let drafted = mette
        .save_summary(id, &write(&proposal, content))
        .await
        .unwrap();
    let mut with_feedback = drafted.content.clone();
    with_feedback.employee_feedback = marks.text("feedback");
    let feedback = anne
        .save_summary(id, &write(&drafted, with_feedback))
        .await
        .unwrap();
    let stale = problem(
        mette
            .save_summary(id, &write(&drafted, drafted.content.clone()))
            .await,
    );
    assert_eq!(stale.code, ErrorCode::VersionConflict);
    assert!(stale.current.unwrap().to_string().contains("zqfeedback"));
    let mut seen = sign(&feedback);
    seen.seen_not_agreed = Some(SeenNotAgreed {
        comment: SeenNotAgreedComment::parse(&marks.text("comment")).unwrap(),
    });
    anne.sign_summary(id, &seen).await.unwrap();
    mette.sign_summary(id, &sign(&feedback)).await.unwrap();

    // The first check-in, with a note.
    let check_ins = anne.check_ins(id).await.unwrap();
    app.check_in_falls_due(check_ins[0].id).await;
    let agreement_id = feedback.content.agreements[0].id.unwrap();
    mette
        .complete_check_in(
            check_ins[0].id,
            &CheckInCompletion {
                entries: vec![CheckInEntry {
                    agreement_id,
                    status: AgreementStatus::InProgress,
                    note: marks.text("note"),
                }],
            },
        )
        .await
        .unwrap();

    // Reads that send all of it back.
    anne.preparation(id, Party::Employee).await.unwrap();
    assert!(
        serde_json::to_string(&anne.export().await.unwrap())
            .unwrap()
            .contains("zqnote")
    );

    // Passwords, wrong and right, and a personal API token in use.
    let wrong = marks.text("wrongpassword");
    let refused = problem(
        app.new_client(mus_client::RefreshStorage::Memory)
            .login(&anne_user.email, &wrong)
            .await,
    );
    assert_eq!(refused.code, ErrorCode::InvalidCredentials);
    let attempt = marks.text("attempt");
    let refused = problem(anne.change_password(&wrong, &attempt).await);
    assert_eq!(refused.errors[0].field, "current_password");
    let new_password = marks.text("newpassword");
    anne.change_password(PASSWORD, &new_password).await.unwrap();
    marks.secret(anne.access_token().unwrap());
    let created = anne
        .create_api_token(&NewApiToken {
            name: "Lønsystem".into(),
            scopes: vec![TokenScope::Read],
            expires_in_days: 30,
        })
        .await
        .unwrap();
    marks.secret(created.token.clone());
    let read_with_token = app
        .http()
        .get(&preparation_url)
        .bearer_auth(&created.token)
        .send()
        .await
        .unwrap();
    assert_eq!(read_with_token.status(), 200);

    // Stopped, so that every line is written.
    app.terminate();
    assert!(app.exit_status(Duration::from_secs(35)).await.success());
    let log = std::fs::read_to_string(&log_file).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let leaks: Vec<(&String, &str)> = marks
        .0
        .iter()
        .flat_map(|mark| {
            lines
                .iter()
                .filter(move |line| line.contains(mark.as_str()))
                .map(move |line| (mark, *line))
        })
        .collect();
    // Each request's span closing, with its status: its access-log line.
    let requests = lines
        .iter()
        .filter(|line| {
            line.contains("mus_server::telemetry")
                && line.contains("close")
                && line.contains("http.status_code")
        })
        .count();
    println!(
        "{} log ({}): {} marks searched, {} hits, {} lines scanned, {} requests",
        if json { "JSON" } else { "text" },
        match backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        },
        marks.0.len(),
        leaks.len(),
        lines.len(),
        requests
    );
    assert!(leaks.is_empty(), "content in the log: {leaks:#?}");
    // The log said something: each request, with its refusals' codes.
    assert!(requests >= 30, "{requests} request lines");
    for code in [
        "version_conflict",
        "invalid_body",
        "malformed_json",
        "invalid_credentials",
    ] {
        assert!(log.contains(code), "no {code} in the log");
    }
}

#[tokio::test]
async fn the_text_log_holds_no_content_sqlite() {
    lifecycle_logs_no_content(Backend::Sqlite, false).await;
}

#[tokio::test]
async fn the_json_log_holds_no_content_postgres() {
    lifecycle_logs_no_content(Backend::Postgres, true).await;
}
