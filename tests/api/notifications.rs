//! Reminders, calendar invitations and notifications, delivered into a real
//! SMTP server (aiosmtpd) and read back as a mail program would: the right
//! people, their language, a plain-text and an HTML part, the calendar
//! part of an invitation, and no word anyone wrote.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use mus_client::Client;
use mus_domain::agreements::danish_date;
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, Answer, Language, MarkRead,
    NotificationKind, NotificationSettings, Party, PreparationWrite, Role, SignRequest,
    SummaryContent, SummaryWrite,
};
use mus_server::services::reminders;

use crate::helpers::{Backend, TestApp, TestUser, spawn_app_with};
use crate::lifecycle::{
    day, employee_text_question, hold_meeting, meeting, open_round, open_round_around_today,
};
use crate::mailbox::{Mailbox, Received};

/// Words written in a preparation and a summary; no mail may carry them.
const SECRET: &str = "Hemmelig note 7731 om min leder";

async fn app_with_mail(backend: Backend) -> Option<(TestApp, Mailbox)> {
    let mail = Mailbox::start().await;
    let url = mail.url();
    let app = spawn_app_with(backend, move |config| config.smtp_url = Some(url)).await?;
    Some((app, mail))
}

macro_rules! mail_test {
    ($(#[$meta:meta])* async fn $name:ident($app:ident, $mail:ident) $body:block) => {
        mod $name {
            use super::*;

            $(#[$meta])*
            async fn run($app: TestApp, $mail: Mailbox) $body

            #[tokio::test]
            async fn sqlite() {
                let (app, mail) = app_with_mail(Backend::Sqlite).await.unwrap();
                run(app, mail).await;
            }

            #[tokio::test]
            async fn postgres() {
                match app_with_mail(Backend::Postgres).await {
                    Some((app, mail)) => run(app, mail).await,
                    None => eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL"),
                }
            }
        }
    };
}

struct People {
    hr: Client,
    mette: Client,
    anne: Client,
    bjorn: Client,
    mette_user: TestUser,
    anne_user: TestUser,
    bjorn_user: TestUser,
}

/// HR, Mette (who reads her mail in English) and her reports Anne and Bjørn.
async fn people(app: &TestApp) -> People {
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let mette_user = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let anne_user = app
        .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
        .await;
    let bjorn_user = app
        .create_user("Bjørn Ravn", Role::Employee, Some(&mette_user))
        .await;
    let mette = app.signed_in(&mette_user).await;
    // Her weekly digest she reads in the list, not by mail.
    mette
        .set_notification_settings(&NotificationSettings {
            language: Language::En,
            weekly_digest: false,
            ..NotificationSettings::default()
        })
        .await
        .unwrap();
    People {
        hr: app.signed_in(&hr_user).await,
        mette,
        anne: app.signed_in(&anne_user).await,
        bjorn: app.signed_in(&bjorn_user).await,
        mette_user,
        anne_user,
        bjorn_user,
    }
}

fn calendar(mail: &Received) -> String {
    mail.part("text/calendar")
        .unwrap_or_else(|| panic!("no calendar part in {}", mail.raw))
        .replace("\r\n ", "")
}

fn assert_no_content(mailbox: &Mailbox) {
    for mail in mailbox.messages() {
        assert!(!mail.raw.contains("7731"), "{}", mail.raw);
        for part in mail.parts() {
            assert!(!part.text().contains(SECRET), "{}", part.raw);
        }
    }
}

/// Twelve o'clock on `date` in Denmark (11:00 or 10:00 UTC): in working
/// hours, when the scan sends reminders.
fn noon(date: NaiveDate) -> DateTime<Utc> {
    format!("{date}T10:30:00Z").parse().unwrap()
}

mail_test!(
    async fn a_round_and_a_meeting_reach_both_parties_in_their_language(app, mail) {
        let p = people(&app).await;
        let form = open_round_around_today(&app, &p.hr).await;
        let question = employee_text_question(&p.hr, form).await;
        let id = p.anne.conversations().await.unwrap()[0].id;
        p.anne
            .save_preparation(
                id,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: BTreeMap::from([(question.key, Answer::Text(SECRET.into()))]),
                },
            )
            .await
            .unwrap();

        // The round: Anne is asked to prepare, in Danish; Mette is told of
        // her two conversations, in English. Both parts, one link.
        let anne_mail = &mail.wait_for(&p.anne_user.email, 1).await[0];
        let year = danish_date(Utc::now()).year();
        assert_eq!(
            anne_mail.header("Subject").unwrap(),
            format!("Forbered din MUS: MUS {year}")
        );
        let link = app.url(&format!("/conversations/{id}/preparation"));
        assert!(anne_mail.text().contains(&link), "{}", anne_mail.text());
        let html = anne_mail.part("text/html").unwrap();
        assert!(html.contains("<html lang=\"da\">"));
        assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
        let mette_mail = &mail.wait_for(&p.mette_user.email, 1).await[0];
        assert_eq!(
            mette_mail.header("Subject").unwrap(),
            format!("MUS {year} has opened: 2 conversations")
        );
        assert!(mette_mail.part("text/html").unwrap().contains("<html lang=\"en\">"));

        // The meeting set, moved and cancelled: one invitation, its
        // sequence counting the changes, to both.
        let first = danish_date(Utc::now()) + Days::new(3);
        p.mette
            .schedule_meeting(id, &meeting(&format!("{first}T08:00:00Z")))
            .await
            .unwrap();
        let invited = mail.wait_for(&p.anne_user.email, 2).await;
        let ics = calendar(&invited[1]);
        assert!(
            invited[1]
                .header("Content-Type")
                .unwrap()
                .starts_with("multipart/alternative")
        );
        let part_type = invited[1]
            .parts()
            .into_iter()
            .find_map(|part| part.header("Content-Type").filter(|t| t.starts_with("text/calendar")))
            .unwrap();
        assert!(part_type.contains("method=REQUEST"), "{part_type}");
        assert!(ics.contains("METHOD:REQUEST\r\n"));
        assert!(ics.contains(&format!("UID:{id}@mus\r\n")));
        assert!(ics.contains("SEQUENCE:0\r\n"));
        assert!(ics.contains(&format!("mailto:{}", p.anne_user.email)));
        assert!(ics.contains(&format!("ORGANIZER;CN=\"Mette Kjærgaard\":mailto:{}", p.mette_user.email)));
        assert!(ics.contains(&format!("DTSTART:{}T080000Z", first.format("%Y%m%d"))));
        let subject = invited[1].header("Subject").unwrap();
        assert!(
            subject.starts_with(&format!("MUS-samtale med Mette Kjærgaard: {}. ", first.day()))
                && subject.ends_with(&format!("{} kl. 09.00", first.year()))
                    | subject.ends_with(&format!("{} kl. 10.00", first.year())),
            "{subject}"
        );

        let moved = first + Days::new(1);
        p.anne
            .schedule_meeting(id, &meeting(&format!("{moved}T09:00:00Z")))
            .await
            .unwrap();
        let to_mette = mail.wait_for(&p.mette_user.email, 3).await;
        let ics = calendar(&to_mette[2]);
        assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
        assert!(ics.contains(&format!("UID:{id}@mus\r\n")));
        assert!(to_mette[2].header("Subject").unwrap().contains("moved"));

        p.mette.cancel_meeting(id).await.unwrap();
        let cancelled = mail.wait_for(&p.anne_user.email, 4).await;
        let ics = calendar(&cancelled[3]);
        assert!(ics.contains("METHOD:CANCEL\r\n"), "{ics}");
        assert!(ics.contains("SEQUENCE:2\r\n"), "{ics}");
        assert!(ics.contains("STATUS:CANCELLED\r\n"), "{ics}");
        assert!(p.anne.conversation(id).await.unwrap().meeting.is_none());
        // Cancelling again: there is nothing to cancel.
        assert!(p.mette.cancel_meeting(id).await.is_err());

        // Each mail is also in the list of notifications.
        let list = p.anne.notifications(None).await.unwrap();
        assert_eq!(list.items.len(), 4);
        assert_eq!(list.unread, 4);
        assert_eq!(list.items[0].kind, NotificationKind::Meeting);
        assert_eq!(list.items[3].kind, NotificationKind::RoundOpened);
        assert_eq!(list.items[3].link, format!("/conversations/{id}/preparation"));
        // Bjørn marking Anne's read changes nothing of hers.
        let theirs: Vec<_> = list.items.iter().map(|n| n.id).collect();
        p.bjorn
            .mark_notifications_read(&MarkRead { ids: theirs.clone(), all: false })
            .await
            .unwrap();
        assert_eq!(p.anne.notifications(None).await.unwrap().unread, 4);
        assert_eq!(p.bjorn.notifications(None).await.unwrap().items.len(), 1);
        let unread = p
            .anne
            .mark_notifications_read(&MarkRead { ids: vec![theirs[0]], all: false })
            .await
            .unwrap();
        assert_eq!(unread.unread, 3);
        let unread = p
            .anne
            .mark_notifications_read(&MarkRead { ids: vec![], all: true })
            .await
            .unwrap();
        assert_eq!(unread.unread, 0);

        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(mail.messages_to(&p.anne_user.email).len(), 4);
        assert_no_content(&mail);
    }
);

mail_test!(
    async fn reminders_follow_the_state_once_per_reason(app, mail) {
        let p = people(&app).await;
        // Bjørn wants no reminders by mail, only in the list.
        p.bjorn
            .set_notification_settings(&NotificationSettings {
                preparation_due: false,
                ..NotificationSettings::default()
            })
            .await
            .unwrap();
        open_round_around_today(&app, &p.hr).await;
        mail.wait_for(&p.anne_user.email, 1).await;
        let site = url::Url::parse(&app.url("/")).unwrap();
        let today = danish_date(Utc::now());

        // A week before the deadline: Anne about hers; Mette once, naming
        // both reports; Bjørn in the list only.
        let told = reminders::scan(&app.db, &site, noon(today)).await.unwrap();
        // Anne's, Bjørn's and Mette's reminders, and Mette's weekly digest
        // (two preparations of hers not shared, due within the week).
        assert_eq!((told.notifications, told.mails), (4, 2));
        let digest = p.mette.notifications(None).await.unwrap().items;
        let digest = digest
            .iter()
            .find(|n| n.kind == NotificationKind::WeeklyDigest)
            .unwrap();
        assert_eq!(digest.title, "Your week in MUS");
        assert_eq!(digest.link, "/team");
        let anne_mails = mail.wait_for(&p.anne_user.email, 2).await;
        assert!(anne_mails[1].header("Subject").unwrap().contains("ikke delt"));
        let to_mette = mail.wait_for(&p.mette_user.email, 2).await;
        let subject = to_mette[1].header("Subject").unwrap();
        assert!(
            subject.contains("2 conversations (Anne Sørensen, Bjørn Ravn)"),
            "{subject}"
        );
        assert_eq!(
            p.bjorn.notifications(None).await.unwrap().items[0].kind,
            NotificationKind::PreparationDue
        );

        // Told once: the same day again, or at night, tells nothing.
        let again = reminders::scan(&app.db, &site, noon(today)).await.unwrap();
        assert_eq!(again.notifications, 0);
        let night = format!("{}T02:00:00Z", today + Days::new(6)).parse().unwrap();
        assert_eq!(reminders::scan(&app.db, &site, night).await.unwrap().notifications, 0);

        // Anne shares; the day before the deadline reminds the others only.
        let id = p.anne.conversations().await.unwrap()[0].id;
        p.anne.share_preparation(id, Party::Employee).await.unwrap();
        reminders::scan(&app.db, &site, noon(today + Days::new(6)))
            .await
            .unwrap();
        let due = |client: Client| async move {
            client
                .notifications(None)
                .await
                .unwrap()
                .items
                .iter()
                .filter(|n| n.kind == NotificationKind::PreparationDue)
                .count()
        };
        assert_eq!(due(p.anne.clone()).await, 1, "not again once shared");
        assert_eq!(due(p.mette.clone()).await, 2);
        assert_eq!(due(p.bjorn.clone()).await, 2);
        mail.wait_for(&p.mette_user.email, 3).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(mail.messages_to(&p.anne_user.email).len(), 2);
        assert_eq!(mail.messages_to(&p.bjorn_user.email).len(), 1, "the round only");
        assert_no_content(&mail);
    }
);

/// A summary waiting for a signature, a check-in falling due and an
/// agreement past its date, each reminded at its time and no longer once
/// its reason is gone. SQLite only: the scan's statements are the same on
/// both, and the exactly-once run on PostgreSQL is below.
#[tokio::test]
async fn reminders_stop_when_their_reason_is_gone() {
    let (app, mail) = app_with_mail(Backend::Sqlite).await.unwrap();
    let p = people(&app).await;
    let year = Utc::now().year() - 1;
    open_round(&app, &p.hr, year).await;
    let id = p.anne.conversations().await.unwrap()[0].id;
    p.anne.share_preparation(id, Party::Employee).await.unwrap();
    hold_meeting(&p.mette, id, &format!("{year}-02-10T08:00:00Z")).await;
    let proposal = p.mette.summary(id).await.unwrap();
    let drafted = p
        .mette
        .save_summary(
            id,
            &SummaryWrite {
                version: proposal.version,
                revision: proposal.revision,
                content: SummaryContent {
                    decisions: SECRET.into(),
                    agreements: vec![AgreementDraft {
                        id: None,
                        title: SECRET.into(),
                        description: String::new(),
                        owner: AgreementOwner::Both,
                        category: AgreementCategory::TaskProject,
                        due_on: Some(day(&format!("{year}-06-01"))),
                        origin: None,
                    }],
                    ..SummaryContent::default()
                },
            },
        )
        .await
        .unwrap();
    let sign = SignRequest {
        version: drafted.version,
        content_hash: drafted.content_hash.clone(),
        seen_not_agreed: None,
    };
    p.mette.sign_summary(id, &sign).await.unwrap();
    let site = url::Url::parse(&app.url("/")).unwrap();
    let today = danish_date(Utc::now());
    let scan = |date: NaiveDate| {
        let (db, site) = (app.db.clone(), site.clone());
        async move { reminders::scan(&db, &site, noon(date)).await.unwrap() }
    };
    let kinds = |client: Client| async move {
        client
            .notifications(None)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|n| n.kind)
            .collect::<Vec<_>>()
    };

    // Mette signed today: nothing for Anne yet, then on the second day.
    scan(today + Days::new(1)).await;
    assert!(
        !kinds(p.anne.clone())
            .await
            .contains(&NotificationKind::SignatureWaiting)
    );
    scan(today + Days::new(2)).await;
    scan(today + Days::new(3)).await;
    let waiting = kinds(p.anne.clone())
        .await
        .into_iter()
        .filter(|k| *k == NotificationKind::SignatureWaiting)
        .count();
    assert_eq!(waiting, 1);
    // Her mail: the round, the meeting's invitation, and this reminder.
    let reminder = mail.wait_for(&p.anne_user.email, 3).await;
    assert!(reminder.iter().any(|m| {
        m.header("Subject")
            .unwrap()
            .contains("venter på din underskrift")
    }),);
    // Anne signs: no seven-day reminder follows.
    p.anne.sign_summary(id, &sign).await.unwrap();
    scan(today + Days::new(8)).await;
    let waiting = kinds(p.anne.clone())
        .await
        .into_iter()
        .filter(|k| *k == NotificationKind::SignatureWaiting)
        .count();
    assert_eq!(waiting, 1);
    // The agreement, both's and past its date, is now followed up: each is
    // told once this week.
    for client in [p.anne.clone(), p.mette.clone()] {
        assert!(
            kinds(client)
                .await
                .contains(&NotificationKind::AgreementsOverdue)
        );
    }

    // A check-in due today: both are told; once completed, never again.
    let check_in = p.anne.check_ins(id).await.unwrap()[0].id;
    app.check_in_falls_due(check_in).await;
    scan(today).await;
    for client in [p.anne.clone(), p.mette.clone()] {
        assert!(kinds(client).await.contains(&NotificationKind::CheckInDue));
    }
    p.mette
        .complete_check_in(check_in, &mus_domain::CheckInCompletion { entries: vec![] })
        .await
        .unwrap();
    let before = kinds(p.anne.clone()).await.len();
    scan(today + Days::new(7)).await;
    let after = kinds(p.anne.clone()).await;
    assert!(
        !after[..after.len() - before].contains(&NotificationKind::CheckInDue),
        "{after:?}"
    );
    assert_no_content(&mail);
}

/// Two instances scanning at the same moment on one PostgreSQL database:
/// each reminder is told, and mailed, exactly once.
#[tokio::test]
async fn two_instances_scanning_at_once_remind_once() {
    let Some((app, mail)) = app_with_mail(Backend::Postgres).await else {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL");
        return;
    };
    let p = people(&app).await;
    open_round_around_today(&app, &p.hr).await;
    mail.wait_for(&p.anne_user.email, 1).await;
    let site = url::Url::parse(&app.url("/")).unwrap();
    let now = noon(danish_date(Utc::now()));
    let second = mus_server::store::connect(app.database_url())
        .await
        .unwrap();
    let every = Duration::from_secs(600);
    let (a, b) = tokio::join!(
        reminders::run(&app.db, &site, now, every),
        reminders::run(&second, &site, now, every),
    );
    let runs: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(runs.len(), 1, "one instance runs the scan");
    assert_eq!(
        runs[0].mails, 3,
        "Anne, Bjørn and Mette (her digest in the list)"
    );
    // Both at once without the lease: the unique reason lets one through.
    let (a, b) = tokio::join!(
        reminders::scan(&app.db, &site, now + chrono::Duration::days(6)),
        reminders::scan(&second, &site, now + chrono::Duration::days(6)),
    );
    let mails: usize = [a, b]
        .into_iter()
        .filter_map(Result::ok)
        .map(|told| told.mails)
        .sum();
    assert_eq!(mails, 3, "the day-before reminders, once");
    mail.wait_for(&p.anne_user.email, 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(mail.messages_to(&p.anne_user.email).len(), 3);
    assert_eq!(mail.messages_to(&p.mette_user.email).len(), 3);
    second.close().await.unwrap();
}

/// A dead letter is visible to HR, by kind and without its text or its
/// recipient, and HR can send it again.
#[tokio::test]
async fn hr_sees_delivery_and_retries_a_dead_letter() {
    use mus_server::store::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

    let (app, mail) = app_with_mail(Backend::Sqlite).await.unwrap();
    let p = people(&app).await;
    open_round_around_today(&app, &p.hr).await;
    mail.wait_for(&p.anne_user.email, 1).await;
    // The mail server has it; wait until the worker has also recorded it as
    // sent, or that record would overwrite the change below.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let anne_row = loop {
        let row = outbox::Entity::find()
            .filter(outbox::Column::RecipientId.eq(p.anne_user.id.0))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if row.sent_at.is_some() {
            break row;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never recorded as sent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Give Anne's round mail up as if the server had refused it for days.
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(None::<DateTime<Utc>>))
        .col_expr(outbox::Column::DeadAt, Expr::value(Utc::now()))
        .col_expr(outbox::Column::Attempts, Expr::value(10))
        .col_expr(
            outbox::Column::Payload,
            Expr::value(
                serde_json::to_string(&mus_server::outbox::Letter {
                    to_name: "Anne Sørensen".into(),
                    subject: "Forbered din MUS".into(),
                    text: "Igen".into(),
                    language: Language::Da,
                    calendar: None,
                })
                .unwrap(),
            ),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value("550 mailbox unavailable"),
        )
        .filter(outbox::Column::Id.eq(anne_row.id))
        .exec(&app.db)
        .await
        .unwrap();

    // The worker records a delivery once the mail server has answered.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let seen = p.hr.deliveries().await.unwrap();
        if seen.kinds.iter().all(|k| k.waiting == 0) {
            break seen;
        }
        assert!(std::time::Instant::now() < deadline, "{seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let round = seen
        .kinds
        .iter()
        .find(|k| k.topic == "round_opened")
        .unwrap();
    assert_eq!((round.sent, round.dead), (2, 1), "{seen:?}");
    assert_eq!(seen.dead_letters.len(), 1);
    let json = serde_json::to_string(&seen).unwrap();
    assert!(
        !json.contains(&p.anne_user.email) && !json.contains("Anne"),
        "{json}"
    );
    assert!(p.mette.deliveries().await.is_err(), "HR only");

    p.hr.retry_delivery(seen.dead_letters[0].id).await.unwrap();
    mail.wait_for(&p.anne_user.email, 2).await;
    let after = p.hr.deliveries().await.unwrap();
    assert!(after.dead_letters.is_empty());
    assert!(p.hr.retry_delivery(seen.dead_letters[0].id).await.is_err());
    let _ = &p.bjorn_user;
}

/// The mail server answers 451, then 550: the message is tried again after
/// a pause, then given up on; HR sees it retried, then dead with the
/// server's answer, and sends it again, and it arrives once.
#[tokio::test]
async fn a_refusing_mail_server_leaves_a_dead_letter_hr_sends_again() {
    use mus_server::store::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

    let mail =
        Mailbox::start_answering(&["451 4.3.0 Try again later", "550 5.1.1 No such mailbox"]).await;
    let url = mail.url();
    let app = spawn_app_with(Backend::Sqlite, move |config| config.smtp_url = Some(url))
        .await
        .unwrap();
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let ida = app.create_user("Ida Mølgaard", Role::Employee, None).await;
    let hr = app.signed_in(&hr_user).await;
    hr.invite_user(ida.id, None).await.unwrap();

    let row = || {
        let db = app.db.clone();
        async move {
            outbox::Entity::find()
                .filter(outbox::Column::RecipientId.eq(ida.id.0))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let settled_after = |attempts: i32| async move {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let now = row().await;
            if now.attempts >= attempts && now.leased_until.is_none() && now.last_error.is_some() {
                return now;
            }
            assert!(std::time::Instant::now() < deadline, "{now:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let kind = |deliveries: &mus_domain::Deliveries| {
        deliveries
            .kinds
            .iter()
            .find(|k| k.topic == "invitation")
            .cloned()
            .unwrap()
    };

    // 451: tried again after a pause.
    let first = settled_after(1).await;
    assert!(
        first.last_error.as_deref().unwrap().contains("451"),
        "{first:?}"
    );
    assert!(first.dead_at.is_none());
    let seen = hr.deliveries().await.unwrap();
    assert_eq!((kind(&seen).retrying, kind(&seen).dead), (1, 0));

    // Due now: 550, which is final: a dead letter HR sees, with the answer.
    outbox::Entity::update_many()
        .col_expr(outbox::Column::DueAt, Expr::value(Utc::now()))
        .filter(outbox::Column::Id.eq(first.id))
        .exec(&app.db)
        .await
        .unwrap();
    let dead = settled_after(2).await;
    assert!(dead.dead_at.is_some(), "{dead:?}");
    let seen = hr.deliveries().await.unwrap();
    assert_eq!((kind(&seen).retrying, kind(&seen).dead), (0, 1));
    let letter = &seen.dead_letters[0];
    assert!(letter.last_error.as_deref().unwrap().contains("550"));
    assert!(!serde_json::to_string(&seen).unwrap().contains(&ida.email));
    assert!(mail.messages().is_empty());

    // HR sends it again: it arrives, once.
    hr.retry_delivery(letter.id).await.unwrap();
    let received = mail.wait_for(&ida.email, 1).await;
    assert_eq!(
        received[0].header("Message-ID").unwrap(),
        format!("<{}@localhost>", first.id)
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while row().await.sent_at.is_none() {
        assert!(std::time::Instant::now() < deadline, "never marked sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen = hr.deliveries().await.unwrap();
    assert_eq!((kind(&seen).sent, kind(&seen).dead), (1, 0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(mail.messages().len(), 1);
}
