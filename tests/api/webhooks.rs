//! Webhooks, received by a real receiver that verifies every delivery with
//! the Standard Webhooks reference library (`tests/support/webhook_receiver.py`,
//! PyPI `standardwebhooks`, installed by `scripts/test` into
//! `target/tools/standardwebhooks`).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use mus_client::{Client, ClientError};
use mus_domain::{
    AgreementCategory, AgreementPatch, AgreementQuery, AgreementStatus, Answer, CheckInCompletion,
    CheckInEntry, DeliveryState, NewUser, NewWebhook, Party, PreparationWrite, Role,
    SummaryContent, UserPatch, WebhookEvent, WebhookRule,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::Value;

use crate::db_test;
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::lifecycle::{
    agreement, employee_text_question, hold_meeting, open_round_around_today, problem, sign,
    this_morning, write,
};

/// A running receiver and the deliveries it has seen.
struct Receiver {
    port: u16,
    child: Child,
    seen: Arc<Mutex<Vec<Value>>>,
}

impl Receiver {
    /// Starts one that answers the first deliveries with `answers`, in
    /// turn, and every later one with 200.
    fn start(answers: &[u16]) -> Receiver {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support/webhook_receiver.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(answers.iter().map(u16::to_string))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the webhook receiver starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = lines
            .next()
            .expect("the receiver says where it listens")
            .expect("readable");
        let port = first
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let keep = seen.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Ok(record) = serde_json::from_str::<Value>(&line) {
                    keep.lock().unwrap().push(record);
                }
            }
        });
        Receiver { port, child, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Deliveries are checked against `secret` from now on.
    async fn knows(&self, secret: &str) {
        let answer = reqwest::Client::new()
            .post(self.url("/_control/secret"))
            .body(secret.to_owned())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 204);
    }

    fn seen(&self) -> Vec<Value> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits (up to 15 s) until `n` requests have come.
    async fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let seen = self.seen();
            if seen.len() >= n {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n}: {seen:#?}",
                seen.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Python that has `standardwebhooks`: the one `scripts/test` installs
/// it into, else the system's.
fn python() -> PathBuf {
    let installed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/standardwebhooks/bin/python");
    if installed.exists() {
        return installed;
    }
    let system = PathBuf::from("python3");
    let has_it = Command::new(&system)
        .args(["-c", "import standardwebhooks"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        has_it,
        "the webhook tests need PyPI's standardwebhooks: run scripts/test, or \
         pip install standardwebhooks==1.1.0"
    );
    system
}

async fn register(
    hr: &Client,
    url: &str,
    events: &[WebhookEvent],
) -> mus_domain::WebhookWithSecret {
    hr.create_webhook(&NewWebhook {
        url: url.to_owned(),
        description: "Lønsystemet".into(),
        events: events.to_vec(),
    })
    .await
    .unwrap()
}

fn body(record: &Value) -> Value {
    serde_json::from_str(record["body"].as_str().unwrap()).unwrap()
}

/// Makes the outbox's waiting deliveries due now, as if their pause had
/// passed.
async fn pauses_pass(app: &TestApp) {
    use mus_server::store::entities::outbox;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::DueAt, Expr::value(Utc::now()))
        .filter(outbox::Column::SentAt.is_null())
        .exec(&app.db)
        .await
        .unwrap();
}

db_test!(
    /// A whole year through the API with an endpoint that chose every
    /// event: each arrives, signed so the reference library verifies it,
    /// with ids, states and dates, and not one word anyone wrote, nor a
    /// name or an address.
    async fn every_event_arrives_signed_and_without_content(app: TestApp) {
        let receiver = Receiver::start(&[]);
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
        let created = register(&hr, &receiver.url("/mus"), &WebhookEvent::ALL).await;
        assert!(created.secret.starts_with("whsec_"));
        receiver.knows(&created.secret).await;
        let hook = created.webhook.id;

        // People.
        let bo = hr
            .create_user(&NewUser {
                email: "bo.nielsen@test.example".into(),
                name: "Bo Nielsen".into(),
                role: Role::Employee,
                manager_id: Some(mette_user.id),
                department_id: None,
            })
            .await
            .unwrap();
        hr.update_user(
            bo.id,
            &UserPatch {
                left_on: Some(Some(crate::lifecycle::day("2099-12-31"))),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();

        // The year: preparation, meeting, summary, signatures, follow-up.
        let form = open_round_around_today(&app, &hr).await;
        let id = anne.conversations().await.unwrap()[0].id;
        let question = employee_text_question(&hr, form).await;
        let mine = anne.preparation(id, Party::Employee).await.unwrap();
        anne.save_preparation(
            id,
            Party::Employee,
            &PreparationWrite {
                version: mine.version,
                answers: [(
                    question.key.clone(),
                    Answer::Text("FORTROLIGT-FORBEREDELSE om min trivsel".into()),
                )]
                .into(),
            },
        )
        .await
        .unwrap();
        anne.share_preparation(id, Party::Employee).await.unwrap();
        hold_meeting(&mette, id, &this_morning()).await;
        let proposal = mette.summary(id).await.unwrap();
        let due =
            (mus_domain::agreements::danish_date(Utc::now()) + chrono::Days::new(200)).to_string();
        let drafted = mette
            .save_summary(
                id,
                &write(
                    &proposal,
                    SummaryContent {
                        agreements: vec![agreement(
                            "FORTROLIGT-AFTALE kursus i konflikthåndtering",
                            AgreementCategory::CourseEducation,
                            &due,
                        )],
                        decisions: "FORTROLIGT-BESLUTNING om nedsat tid".into(),
                        ..SummaryContent::default()
                    },
                ),
            )
            .await
            .unwrap();
        anne.sign_summary(id, &sign(&drafted)).await.unwrap();
        mette.sign_summary(id, &sign(&drafted)).await.unwrap();
        let agreements = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items;
        anne.update_agreement(
            agreements[0].id,
            &AgreementPatch {
                status: Some(AgreementStatus::InProgress),
                note: Some("FORTROLIGT-NOTE tilmeldt".into()),
            },
        )
        .await
        .unwrap();
        let check_in = anne.check_ins(id).await.unwrap()[0].id;
        app.check_in_falls_due(check_in).await;
        mette
            .complete_check_in(
                check_in,
                &CheckInCompletion {
                    entries: vec![CheckInEntry {
                        agreement_id: agreements[0].id,
                        status: AgreementStatus::Done,
                        note: "FORTROLIGT-OPFØLGNING gennemført".into(),
                    }],
                },
            )
            .await
            .unwrap();
        app.mail_settled().await;

        let log = hr.webhook_deliveries(hook, None).await.unwrap().items;
        let seen = receiver.wait_for(log.len()).await;
        assert_eq!(seen.len(), log.len(), "each delivered once");
        assert!(
            log.iter().all(|d| d.state == DeliveryState::Sent),
            "{log:#?}"
        );

        // Every delivery verifies with the secret, within the tolerance.
        let ids: BTreeSet<&str> = seen.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), seen.len(), "one webhook-id per delivery");
        for record in &seen {
            assert_eq!(record["verified_by"], serde_json::json!([0]), "{record}");
            assert_eq!(record["path"], "/mus");
            assert_eq!(record["content_type"], "application/json");
            let at: i64 = record["timestamp"].as_str().unwrap().parse().unwrap();
            assert!((Utc::now().timestamp() - at).abs() < 300);
        }

        // Every event, with what it is about.
        let bodies: Vec<Value> = seen.iter().map(body).collect();
        let types: BTreeSet<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
        for event in WebhookEvent::ALL {
            assert!(
                types.contains(event.as_str()),
                "{} missing: {types:?}",
                event.as_str()
            );
        }
        let of = |kind: &'static str| bodies.iter().filter(move |b| b["type"] == kind);
        let opened = of("round.opened").next().unwrap();
        assert_eq!(opened["data"]["conversations"], 2, "Anne's and Bo's");
        assert!(
            of("conversation.state_changed")
                .any(|b| b["data"]["conversation_id"] == id.to_string()
                    && b["data"]["to"] == "signed")
        );
        // Deliveries may arrive in any order: one signature, then both.
        let mut fully_signed: Vec<_> = of("summary.signed")
            .map(|b| b["data"]["fully_signed"].clone())
            .collect();
        fully_signed.sort_by_key(|v| v.as_bool());
        assert_eq!(fully_signed, [false, true]);
        assert!(of("agreement.changed").any(|b| b["data"]["status"] == "done"));
        assert_eq!(
            of("check_in.completed").next().unwrap()["data"]["check_in_id"],
            check_in.to_string()
        );
        let created = of("person.created").next().unwrap();
        assert_eq!(created["data"]["user_id"], bo.id.to_string());
        assert_eq!(created["data"]["manager_id"], mette_user.id.to_string());
        assert!(of("person.changed").any(|b| b["data"]["left_on"] == "2099-12-31"));

        // Nothing anyone wrote, no name and no address.
        let everything: String = seen
            .iter()
            .map(|r| r["body"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "FORTROLIGT",
            "trivsel",
            "konflikthåndtering",
            "Anne",
            "Mette",
            "Bo Nielsen",
            "@test.example",
            "Lønsystemet",
        ] {
            assert!(
                !everything.contains(needle),
                "{needle} left MUS in a webhook"
            );
        }
    }
);

/// The receiver answers a redirect, then 500 twice: nothing follows the
/// redirect, each refusal is tried again after its pause with the same
/// `webhook-id`, and once it answers 200 the delivery is sent, once. HR
/// reads each step in the delivery log.
#[tokio::test]
async fn a_refusing_receiver_gets_the_delivery_again_and_it_arrives_once() {
    let receiver = Receiver::start(&[302, 500, 500]);
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let hr = app.signed_in(&hr_user).await;
    let created = register(&hr, &receiver.url("/hook"), &[WebhookEvent::PersonCreated]).await;
    receiver.knows(&created.secret).await;
    let hook = created.webhook.id;
    hr.create_user(&NewUser {
        email: "ida@test.example".into(),
        name: "Ida Mølgaard".into(),
        role: Role::Employee,
        manager_id: None,
        department_id: None,
    })
    .await
    .unwrap();

    let first = receiver.wait_for(1).await;
    assert_eq!(first[0]["status"], 302);
    let settled = |attempts: u32| {
        let hr = &hr;
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let log = hr.webhook_deliveries(hook, None).await.unwrap().items;
                // Settled: sent, or due again after a pause (while it is
                // being tried it is due already).
                let settled = log[0].state == DeliveryState::Sent
                    || log[0].next_attempt_at.is_some_and(|at| at > Utc::now());
                if log[0].attempts >= attempts && settled {
                    return log[0].clone();
                }
                assert!(Instant::now() < deadline, "{log:?}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let after_redirect = settled(1).await;
    assert_eq!(after_redirect.state, DeliveryState::Retrying);
    assert!(
        after_redirect
            .last_error
            .as_deref()
            .unwrap()
            .contains("302"),
        "{after_redirect:?}"
    );
    assert!(after_redirect.next_attempt_at.unwrap() > Utc::now());
    for attempt in 2..=3 {
        pauses_pass(&app).await;
        receiver.wait_for(attempt).await;
        let log = settled(attempt as u32).await;
        assert_eq!(log.state, DeliveryState::Retrying);
        assert!(
            log.last_error.as_deref().unwrap().contains("500"),
            "{log:?}"
        );
    }
    pauses_pass(&app).await;
    receiver.wait_for(4).await;
    let sent = settled(4).await;
    assert_eq!(sent.state, DeliveryState::Sent, "{sent:?}");
    assert!(sent.sent_at.is_some());

    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = receiver.seen();
    assert_eq!(
        seen.len(),
        4,
        "delivered once after it was accepted: {seen:#?}"
    );
    assert!(
        seen.iter().all(|r| r["path"] == "/hook"),
        "no redirect followed"
    );
    assert!(
        seen.iter().all(|r| r["id"] == seen[0]["id"]),
        "one webhook-id"
    );
    assert!(
        seen.iter()
            .all(|r| r["verified_by"] == serde_json::json!([0]))
    );
    assert_eq!(sent.id.to_string(), seen[0]["id"].as_str().unwrap());
}

/// After a rotation each delivery carries two signatures, so a receiver
/// that knows either secret accepts it; once the old secret's day is over,
/// only the new one signs. The secret is shown at creation and rotation
/// only. A removed endpoint is gone, with its log.
#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_for_a_day() {
    use mus_server::store::entities::webhook;

    let receiver = Receiver::start(&[]);
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let hr = app.signed_in(&hr_user).await;
    let created = register(&hr, &receiver.url("/hook"), &[WebhookEvent::PersonChanged]).await;
    let hook = created.webhook.id;
    receiver.knows(&created.secret).await;
    let rotated = hr.rotate_webhook_secret(hook).await.unwrap();
    assert_ne!(rotated.secret, created.secret);
    receiver.knows(&rotated.secret).await;
    assert!(rotated.webhook.previous_secret_until.unwrap() > Utc::now());
    let listed = serde_json::to_string(&hr.webhooks().await.unwrap()).unwrap();
    assert!(!listed.contains(&created.secret) && !listed.contains(&rotated.secret));
    assert!(!listed.contains("whsec_"));

    let patch = |name: &str| UserPatch {
        name: Some(name.into()),
        ..UserPatch::default()
    };
    hr.update_user(hr_user.id, &patch("Hanne L."))
        .await
        .unwrap();
    let both = receiver.wait_for(1).await;
    assert_eq!(both[0]["verified_by"], serde_json::json!([0, 1]));
    assert_eq!(
        both[0]["signature"].as_str().unwrap().split(' ').count(),
        2,
        "two signatures"
    );

    webhook::Entity::update_many()
        .col_expr(
            webhook::Column::PreviousSecretUntil,
            Expr::value(Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(webhook::Column::Id.eq(hook.0))
        .exec(&app.db)
        .await
        .unwrap();
    hr.update_user(hr_user.id, &patch("Hanne Løvgren"))
        .await
        .unwrap();
    let after = receiver.wait_for(2).await;
    assert_eq!(
        after[1]["verified_by"],
        serde_json::json!([1]),
        "the new secret only"
    );

    hr.delete_webhook(hook).await.unwrap();
    assert!(hr.webhook(hook).await.is_err());
    assert!(hr.webhook_deliveries(hook, None).await.is_err());
    assert!(hr.webhooks().await.unwrap().is_empty());
    let audit = hr.audit(&Default::default()).await.unwrap().items;
    for action in [
        "webhook_created",
        "webhook_secret_rotated",
        "webhook_deleted",
    ] {
        assert!(
            audit.iter().any(|e| e.action.as_str() == action),
            "{action} in the audit log"
        );
    }
}

/// Where private addresses are not allowed (the default), an endpoint in a
/// private, loopback or link-local range, by address or by name, or on
/// plain http, is refused with the reason next to the field, and nothing is
/// registered; one that got into the table anyway is not sent to. Nobody
/// but HR manages endpoints.
#[tokio::test]
async fn private_addresses_are_refused() {
    use mus_server::store::entities::webhook;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};

    let receiver = Receiver::start(&[]);
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.webhooks_allow_private = false;
    })
    .await
    .unwrap();
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let anne_user = app.create_user("Anne Sørensen", Role::Employee, None).await;
    let hr = app.signed_in(&hr_user).await;
    let anne = app.signed_in(&anne_user).await;

    for url in [
        receiver.url("/hook"),
        "https://127.0.0.1/hook".into(),
        "https://10.0.0.7/hook".into(),
        "https://169.254.169.254/latest/meta-data".into(),
        "https://[::1]/hook".into(),
        "https://[::ffff:192.168.1.1]/hook".into(),
        "https://localhost/hook".into(),
        "https://løn:hemmelig@hr.example/hook".into(),
        "ftp://hr.example/hook".into(),
    ] {
        let refused = problem(
            hr.create_webhook(&NewWebhook {
                url: url.clone(),
                description: String::new(),
                events: vec![WebhookEvent::PersonCreated],
            })
            .await,
        );
        assert_eq!(refused.status, 422, "{url}");
        assert_eq!(refused.errors[0].field, "url", "{url}: {refused:?}");
        // The web app reads the reason back to say it in Danish.
        let expected = if url.contains('@') {
            WebhookRule::Credentials
        } else if url.starts_with("https://") {
            WebhookRule::Private
        } else {
            WebhookRule::Url
        };
        assert_eq!(WebhookRule::of(&refused.errors[0]), Some(expected), "{url}");
    }
    let no_events = problem(
        hr.create_webhook(&NewWebhook {
            url: "https://hr.example/hook".into(),
            description: String::new(),
            events: vec![],
        })
        .await,
    );
    assert_eq!(no_events.errors[0].field, "events");
    assert!(
        hr.webhooks().await.unwrap().is_empty(),
        "nothing registered"
    );

    // Nobody else manages or reads them.
    let denied = anne
        .create_webhook(&NewWebhook {
            url: "https://hr.example/hook".into(),
            description: String::new(),
            events: vec![WebhookEvent::PersonCreated],
        })
        .await;
    assert!(matches!(denied, Err(ClientError::Api(p)) if p.status == 403));
    assert!(anne.webhooks().await.is_err());

    // Put there behind the API's back: still not sent to.
    let secret = mus_server::outbox::new_secret().unwrap();
    webhook::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        url: Set(receiver.url("/hook")),
        description: Set(String::new()),
        events: Set("person.created".into()),
        secret: Set(secret),
        previous_secret: Set(None),
        previous_secret_until: Set(None),
        created_by: Set(hr_user.id.0),
        created_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .unwrap();
    hr.create_user(&NewUser {
        email: "ida@test.example".into(),
        name: "Ida Mølgaard".into(),
        role: Role::Employee,
        manager_id: None,
        department_id: None,
    })
    .await
    .unwrap();
    let listed = hr.webhooks().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let log = hr
            .webhook_deliveries(listed[0].id, None)
            .await
            .unwrap()
            .items;
        if let Some(delivery) = log.into_iter().find(|d| d.last_error.is_some()) {
            break delivery;
        }
        assert!(Instant::now() < deadline, "never tried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(refused.state, DeliveryState::Dead, "{refused:?}");
    assert!(refused.last_error.unwrap().contains("private"));
    assert!(receiver.seen().is_empty());
}
