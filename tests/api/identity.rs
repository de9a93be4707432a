//! Nobody borrows an identity: a person gets in only through a link sent
//! to their own mailbox (an invitation, a password reset), received here
//! by a real SMTP server, and mail waits in the outbox until it is sent.

use std::time::Duration;

use mus_client::{ClientError, RefreshStorage};
use mus_domain::{AuditAction, ErrorCode, Language, NewUser, Role, UserPatch};
use mus_server::store::entities::{outbox, sign_in_link};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{Backend, PASSWORD, TestApp, spawn_app_with};
use crate::mailbox::{Mailbox, free_port};

const CHOSEN: &str = "min egen lange sætning 2027";

fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> ErrorCode {
    result.expect_err("refused").code().expect("a problem")
}

/// The server, sending its mail to `smtp_url`.
async fn app_mailing_to(backend: Backend, smtp_url: Option<String>) -> Option<TestApp> {
    spawn_app_with(backend, |config| config.smtp_url = smtp_url).await
}

/// `mail_test!`: runs on SQLite, and on PostgreSQL when `both` is given.
macro_rules! mail_test {
    (async fn $name:ident($app:ident, $mail:ident) $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: TestApp, $mail: Mailbox) $body

            #[tokio::test]
            async fn sqlite() {
                let mail = Mailbox::start().await;
                let app = app_mailing_to(Backend::Sqlite, Some(mail.url())).await.unwrap();
                run(app, mail).await;
            }
        }
    };
    (both async fn $name:ident($app:ident, $mail:ident) $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: TestApp, $mail: Mailbox) $body

            #[tokio::test]
            async fn sqlite() {
                let mail = Mailbox::start().await;
                let app = app_mailing_to(Backend::Sqlite, Some(mail.url())).await.unwrap();
                run(app, mail).await;
            }

            #[tokio::test]
            async fn postgres() {
                let mail = Mailbox::start().await;
                match app_mailing_to(Backend::Postgres, Some(mail.url())).await {
                    Some(app) => run(app, mail).await,
                    None => eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL"),
                }
            }
        }
    };
}

/// A person HR has just created: no password, nobody can sign in as them.
async fn newcomer(hr: &mus_client::Client, name: &str) -> mus_domain::User {
    let email = format!(
        "{}.{}@test.example",
        name.to_lowercase().replace(' ', "."),
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    hr.create_user(&NewUser {
        email,
        name: name.into(),
        role: Role::Employee,
        manager_id: None,
        department_id: None,
    })
    .await
    .unwrap()
}

/// The secret in a set-password link: the part after `#`.
fn secret(link: &str) -> String {
    link.split_once('#').expect("a secret after #").1.to_owned()
}

mail_test!(
    both async fn an_invitation_reaches_only_the_persons_mailbox(app, mail) {
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let ida = newcomer(&hr, "Ida Mølgaard").await;
        assert!(!ida.can_sign_in);

        // HR learns when the link expires, never the link.
        let response = app
            .http()
            .post(app.url(&format!("/api/v1/users/{}/invitation", ida.id)))
            .bearer_auth(hr.access_token().unwrap())
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        let body: serde_json::Value = response.json().await.unwrap();
        let keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["expires_at", "person"]);
        let expires_at: chrono::DateTime<chrono::Utc> =
            serde_json::from_value(body["expires_at"].clone()).unwrap();
        let hours = (expires_at - chrono::Utc::now()).num_minutes() as f64 / 60.0;
        assert!((71.9..=72.0).contains(&hours), "{hours}");

        let received = mail.wait_for(ida.email.as_str(), 1).await.remove(0);
        assert_eq!(
            received.header("Subject").as_deref(),
            Some("Velkommen til MUS: vælg din adgangskode")
        );
        let link = received.link_containing("/set-password").expect("a link");
        assert!(link.starts_with(&format!("{}/set-password?welcome=1#", app.address)), "{link}");
        let token = secret(&link);
        assert!(token.len() >= 43, "256 bits, base64url: {token}");

        // The Message-ID is the outbox row's id, and the sent row keeps no text.
        let message_id = received.header("Message-ID").unwrap();
        // Marked sent a moment after the mail server took it.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let row = loop {
            let row = outbox::Entity::find()
                .filter(outbox::Column::RecipientId.eq(ida.id.0))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            if row.sent_at.is_some() || std::time::Instant::now() > deadline {
                break row;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(message_id, format!("<{}@localhost>", row.id));
        assert!(row.sent_at.is_some());
        assert_eq!(row.payload, "");
        // Only the hash of the secret is stored.
        let stored = sign_in_link::Entity::find()
            .filter(sign_in_link::Column::UserId.eq(ida.id.0))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(stored.token_hash, token);
        assert!(!stored.token_hash.contains(&token));

        // A password too short is refused on its field, and the link still works.
        let browser = app.new_client(RefreshStorage::Memory);
        let refused = browser.complete_password_reset(&token, "kort").await;
        let problem = refused.expect_err("too short").problem().cloned().unwrap();
        assert_eq!(problem.code, ErrorCode::InvalidBody);
        assert_eq!(problem.errors[0].field, "new_password");

        browser.complete_password_reset(&token, CHOSEN).await.unwrap();
        let me = browser.me().await.unwrap();
        assert_eq!(me.id, ida.id);
        // Once only.
        let again = app.new_client(RefreshStorage::Memory);
        assert_eq!(
            code(again.complete_password_reset(&token, CHOSEN).await),
            ErrorCode::LinkInvalid
        );
        // The person signs in with what they chose; HR's view says they can.
        again.login(ida.email.as_str(), CHOSEN).await.unwrap();
        assert!(hr.user(ida.id).await.unwrap().can_sign_in);

        // The audit log says an invitation was sent and a password set, and
        // carries no secret.
        let audit = hr.audit(&Default::default()).await.unwrap();
        let actions: Vec<AuditAction> = audit.items.iter().map(|e| e.action).collect();
        assert!(actions.contains(&AuditAction::InvitationSent));
        assert!(actions.contains(&AuditAction::PasswordSet));
        assert!(!serde_json::to_string(&audit).unwrap().contains(&token));
    }
);

mail_test!(
    async fn a_newer_link_replaces_an_older_one_and_links_expire(app, mail) {
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let ida = newcomer(&hr, "Ida Mølgaard").await;

        hr.invite_user(ida.id, Some(Language::En)).await.unwrap();
        let first = mail.wait_for(ida.email.as_str(), 1).await.remove(0);
        assert_eq!(
            first.header("Subject").as_deref(),
            Some("Welcome to MUS: choose your password")
        );
        hr.invite_user(ida.id, None).await.unwrap();
        let second = mail.wait_for(ida.email.as_str(), 2).await.remove(1);
        // The language given with the first invitation was kept.
        assert!(second.header("Subject").unwrap().starts_with("Welcome"));
        let first = secret(&first.link_containing("/set-password").unwrap());
        let second = secret(&second.link_containing("/set-password").unwrap());

        let browser = app.new_client(RefreshStorage::Memory);
        assert_eq!(
            code(browser.complete_password_reset(&first, CHOSEN).await),
            ErrorCode::LinkInvalid
        );
        // 72 hours later.
        sign_in_link::Entity::update_many()
            .col_expr(
                sign_in_link::Column::ExpiresAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
            )
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(
            code(browser.complete_password_reset(&second, CHOSEN).await),
            ErrorCode::LinkInvalid
        );
        assert!(!hr.user(ida.id).await.unwrap().can_sign_in);

        // A leaver is not invited.
        hr.update_user(
            ida.id,
            &UserPatch {
                left_on: Some(Some(chrono::Utc::now().date_naive() - chrono::Duration::days(1))),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(code(hr.invite_user(ida.id, None).await), ErrorCode::WrongState);
        // Nor by anyone but HR.
        let mette = app.create_user("Mette Kjærgaard", Role::Manager, None).await;
        let mette = app.signed_in(&mette).await;
        assert_eq!(code(mette.invite_user(ida.id, None).await), ErrorCode::Forbidden);
    }
);

mail_test!(
    both async fn a_password_reset_is_answered_alike_and_mailed_only_to_the_person(app, mail) {
        let anne = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let old_session = app.signed_in(&anne).await;
        let stranger = format!("ingen.{}@test.example", uuid::Uuid::new_v4().simple());

        let anyone = app.new_client(RefreshStorage::Memory);
        anyone.request_password_reset(&stranger, None).await.unwrap();
        for _ in 0..5 {
            anyone.request_password_reset(&anne.email, None).await.unwrap();
        }
        // Three a person within the hour, however often it is asked for.
        let received = mail.wait_for(&anne.email, 3).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(mail.messages_to(&anne.email).len(), 3);
        assert!(mail.messages_to(&stranger).is_empty());
        assert_eq!(mail.messages().len(), 3);
        assert_eq!(
            received[0].header("Subject").as_deref(),
            Some("Vælg en ny adgangskode til MUS")
        );
        // Only the newest link works.
        let links: Vec<String> = received
            .iter()
            .map(|m| secret(&m.link_containing("/set-password").unwrap()))
            .collect();
        let browser = app.new_client(RefreshStorage::Memory);
        let mut worked = 0;
        for token in &links {
            match browser.complete_password_reset(token, CHOSEN).await {
                Ok(_) => worked += 1,
                Err(error) => assert_eq!(error.code(), Some(ErrorCode::LinkInvalid)),
            }
        }
        assert_eq!(worked, 1);
        // Every earlier session ended; the old password no longer works.
        assert_eq!(
            code(old_session.refresh().await),
            ErrorCode::RefreshTokenInvalid
        );
        assert_eq!(
            code(anyone.login(&anne.email, PASSWORD).await),
            ErrorCode::InvalidCredentials
        );
        anyone.login(&anne.email, CHOSEN).await.unwrap();
    }
);

mail_test!(
    async fn two_uses_of_one_link_at_once_succeed_once(app, mail) {
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let ida = newcomer(&hr, "Ida Mølgaard").await;
        hr.invite_user(ida.id, None).await.unwrap();
        let received = mail.wait_for(ida.email.as_str(), 1).await.remove(0);
        let token = secret(&received.link_containing("/set-password").unwrap());

        let attempts = (0..6).map(|i| {
            let client = app.new_client(RefreshStorage::Memory);
            let token = token.clone();
            async move {
                client
                    .complete_password_reset(&token, &format!("{CHOSEN} nummer {i}"))
                    .await
            }
        });
        let results = futures_util::future::join_all(attempts).await;
        let won: Vec<_> = results.iter().filter(|r| r.is_ok()).collect();
        assert_eq!(won.len(), 1, "{results:?}");
        for lost in results.iter().filter(|r| r.is_err()) {
            let code = lost.as_ref().unwrap_err().code();
            assert!(
                matches!(code, Some(ErrorCode::LinkInvalid | ErrorCode::Unavailable)),
                "{code:?}"
            );
        }
    }
);

mail_test!(
    async fn a_new_manager_is_told_to_the_employee_and_an_import_can_invite(app, mail) {
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let mette = app.create_user("Mette Kjærgaard", Role::Manager, None).await;
        let anne = app.create_user("Anne Sørensen", Role::Employee, None).await;
        hr.update_user(
            anne.id,
            &UserPatch {
                manager_id: Some(Some(mette.id)),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
        let told = mail.wait_for(&anne.email, 1).await.remove(0);
        assert_eq!(
            told.header("Subject").as_deref(),
            Some("Mette Kjærgaard er nu din nærmeste leder i MUS")
        );
        assert!(told.text().contains(&format!("{}/me/data", app.address)));

        let csv = format!(
            "email,name,role,manager_email\n\
             ny.en@test.example,Ny En,employee,{mette}\n\
             ny.to@test.example,Ny To,employee,{mette}\n",
            mette = mette.email
        );
        let report = hr.import_users_inviting(csv.clone()).await.unwrap();
        assert_eq!((report.created, report.invited), (2, 2));
        for address in ["ny.en@test.example", "ny.to@test.example"] {
            let invitation = mail.wait_for(address, 1).await.remove(0);
            assert!(invitation.link_containing("/set-password?welcome=1#").is_some());
        }
        // The same file again creates nobody and invites nobody.
        let again = hr.import_users_inviting(csv).await.unwrap();
        assert_eq!((again.created, again.invited), (0, 0));
    }
);

mod mail_without_a_server {
    use super::*;

    /// With no SMTP server configured, each message is an `.eml` file under
    /// the data directory.
    #[tokio::test]
    async fn is_written_as_eml_files() {
        let app = app_mailing_to(Backend::Sqlite, None).await.unwrap();
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let ida = newcomer(&hr, "Ida Mølgaard").await;
        hr.invite_user(ida.id, None).await.unwrap();
        let dir = app.data_dir().join("mail");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let file = loop {
            let found = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|ext| ext == "eml"));
            if let Some(file) = found {
                break file;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no .eml in {}",
                dir.display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let raw = std::fs::read_to_string(&file).unwrap();
        let text = crate::mailbox::Received::from_raw(raw.as_bytes()).text();
        assert!(raw.contains(ida.email.as_str()));
        assert!(text.contains("set-password?welcome=1#"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by the owner only: {mode:o}");
        }
    }
}

mod a_mail_server_that_is_down {
    use super::*;

    /// Is tried again later, then reached; a message failing every attempt
    /// becomes a dead letter.
    #[tokio::test]
    async fn is_retried_and_then_reached() {
        let port = free_port();
        let app = app_mailing_to(Backend::Sqlite, Some(format!("smtp://127.0.0.1:{port}")))
            .await
            .unwrap();
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hanne).await;
        let ida = newcomer(&hr, "Ida Mølgaard").await;
        let tove = newcomer(&hr, "Tove Ravn").await;
        hr.invite_user(ida.id, None).await.unwrap();
        hr.invite_user(tove.id, None).await.unwrap();

        let row_of = |person: mus_domain::UserId| {
            let db = app.db.clone();
            async move {
                outbox::Entity::find()
                    .filter(outbox::Column::RecipientId.eq(person.0))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let failed = loop {
            let row = row_of(ida.id).await;
            if row.attempts >= 1 && row.leased_until.is_none() {
                break row;
            }
            assert!(std::time::Instant::now() < deadline, "never attempted");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(failed.sent_at.is_none() && failed.dead_at.is_none());
        assert!(failed.last_error.is_some());
        let pause = failed.due_at - chrono::Utc::now();
        assert!(pause > chrono::Duration::seconds(50), "{pause:?}");

        // Tove's message has failed all but its last attempt (once its first
        // attempt is over: a worker holding it would settle it afterwards).
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let row = row_of(tove.id).await;
            if row.attempts >= 1 && row.leased_until.is_none() {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "never attempted");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::Attempts,
                Expr::value(mus_server::outbox::MAX_ATTEMPTS - 1),
            )
            .col_expr(outbox::Column::DueAt, Expr::value(chrono::Utc::now()))
            .filter(outbox::Column::RecipientId.eq(tove.id.0))
            .exec(&app.db)
            .await
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while row_of(tove.id).await.dead_at.is_none() {
            assert!(std::time::Instant::now() < deadline, "never given up on");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // The server comes up; Ida's message is due again.
        let mail = Mailbox::start_on(port).await;
        outbox::Entity::update_many()
            .col_expr(outbox::Column::DueAt, Expr::value(chrono::Utc::now()))
            .filter(outbox::Column::RecipientId.eq(ida.id.0))
            .exec(&app.db)
            .await
            .unwrap();
        let received = mail.wait_for(ida.email.as_str(), 1).await;
        assert_eq!(received.len(), 1);
        // The worker records the delivery once the mail server has answered,
        // a moment after the mail arrived.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let sent = loop {
            let row = row_of(ida.id).await;
            if row.sent_at.is_some() {
                break row;
            }
            assert!(std::time::Instant::now() < deadline, "never marked sent");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(sent.attempts, 2);
        // The dead letter stays dead, and nothing was sent twice.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(mail.messages_to(tove.email.as_str()).is_empty());
        assert_eq!(mail.messages().len(), 1);
    }
}

mod two_workers_at_once {
    use super::*;
    use mus_server::outbox::{self, Letter, Mailer, MailerConfig, Topic};

    /// Workers claiming from one outbox at the same moment (two instances,
    /// and the server's own) deliver each message exactly once.
    async fn each_message_goes_out_once(app: TestApp) {
        let letter = Letter {
            to_name: "Anne".into(),
            subject: "Prøve".into(),
            text: "Ingen indhold".into(),
            language: mus_domain::Language::Da,
            calendar: None,
        };
        let mut ids = Vec::new();
        for n in 0..60 {
            let address = format!("person.{n}@test.example");
            ids.push(
                outbox::enqueue_mail(&app.db, Topic::Invitation, None, &address, &letter)
                    .await
                    .unwrap(),
            );
        }
        let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
        let workers = dirs.iter().map(|dir| {
            let mailer = Mailer::new(&MailerConfig {
                smtp_url: None,
                from: "MUS <mus@test.example>".into(),
                mail_dir: dir.path().to_owned(),
                domain: "test.example".into(),
            })
            .unwrap();
            let senders = outbox::Senders {
                mail: mailer,
                hooks: outbox::Hooks::new(false).unwrap(),
            };
            let db = app.db.clone();
            async move {
                let mut sent = 0;
                loop {
                    let pass = outbox::deliver_due(&db, &senders).await.unwrap();
                    sent += pass.sent;
                    if pass.claimed == 0 {
                        return sent;
                    }
                }
            }
        });
        futures_util::future::join_all(workers).await;
        // Let the server's own worker finish what it claimed.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let pending = mus_server::store::entities::outbox::Entity::find()
                .filter(mus_server::store::entities::outbox::Column::SentAt.is_null())
                .all(&app.db)
                .await
                .unwrap();
            if pending.is_empty() {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{} unsent",
                pending.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut delivered: Vec<String> = dirs
            .iter()
            .map(|dir| dir.path().to_owned())
            .chain([app.data_dir().join("mail")])
            .flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".eml"))
            .collect();
        assert_eq!(
            delivered.len(),
            ids.len(),
            "each message once: {delivered:?}"
        );
        delivered.sort();
        delivered.dedup();
        assert_eq!(delivered.len(), ids.len());
        for id in ids {
            assert!(delivered.iter().any(|name| name.contains(&id.to_string())));
        }
    }

    #[tokio::test]
    async fn sqlite() {
        let app = app_mailing_to(Backend::Sqlite, None).await.unwrap();
        each_message_goes_out_once(app).await;
    }

    #[tokio::test]
    async fn postgres() {
        match app_mailing_to(Backend::Postgres, None).await {
            Some(app) => each_message_goes_out_once(app).await,
            None => eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL"),
        }
    }
}
