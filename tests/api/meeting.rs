//! The meeting: scheduled inside the round's window, invited to by calendar,
//! and held by the manager.

use chrono::{DateTime, NaiveDate, Utc};
use mus_client::Client;
use mus_domain::{ConversationId, ConversationStatus, ErrorCode, Language, Meeting, Party, Role};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};
use crate::lifecycle::{problem, this_morning};

struct Setup {
    conversation: ConversationId,
    anne: Client,
    mette: Client,
    colleague: Client,
}

async fn setup(app: &TestApp) -> Setup {
    setup_with(app, false).await
}

/// `around_today`: this year's round, with its window around today, instead
/// of the fixed one in February and March 2027.
async fn setup_with(app: &TestApp, around_today: bool) -> Setup {
    let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let employee = app
        .create_user("Anne Sørensen", Role::Employee, Some(&manager))
        .await;
    let colleague = app
        .create_user("Bjørn Ravn", Role::Employee, Some(&manager))
        .await;
    let hr = app.signed_in(&hr).await;
    if around_today {
        crate::lifecycle::open_round_around_today(app, &hr).await;
        return signed_in_parties(app, &employee, &manager, &colleague).await;
    }
    let form = hr
        .templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .remove(0);
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    // A round of fixed, past-or-future dates: set up through the store.
    crate::lifecycle::open_round_with_dates(
        app,
        &hr,
        "MUS 2027",
        form.id,
        mus_domain::RoundDates {
            preparation_deadline: day("2027-02-15"),
            meetings_from: day("2027-02-01"),
            meetings_until: day("2027-03-31"),
        },
    )
    .await;
    signed_in_parties(app, &employee, &manager, &colleague).await
}

async fn signed_in_parties(
    app: &TestApp,
    employee: &TestUser,
    manager: &TestUser,
    colleague: &TestUser,
) -> Setup {
    let anne = app.signed_in(employee).await;
    Setup {
        conversation: anne.conversations().await.unwrap()[0].id,
        anne,
        mette: app.signed_in(manager).await,
        colleague: app.signed_in(colleague).await,
    }
}

fn meeting(at: &str) -> Meeting {
    Meeting {
        starts_at: at.parse::<DateTime<Utc>>().unwrap(),
        minutes: 60,
        location: "Mødelokale 2, Rådhuset".into(),
    }
}

db_test!(
    async fn a_meeting_is_scheduled_and_both_get_an_invitation(app: TestApp) {
        let s = setup(&app).await;

        let scheduled = s
            .mette
            .send::<mus_domain::Conversation, _>(
                reqwest::Method::PUT,
                &format!("conversations/{}/meeting", s.conversation),
                Some(&meeting("2027-02-10T08:00:00Z")),
            )
            .await
            .unwrap();

        assert_eq!(
            scheduled.meeting.unwrap().location,
            "Mødelokale 2, Rådhuset"
        );
        let token = s.anne.access_token().unwrap();
        let response = app
            .http()
            .get(app.url(&format!(
                "/api/v1/conversations/{}/meeting.ics",
                s.conversation
            )))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        let ics = response.text().await.unwrap();
        assert_eq!(
            s.anne.meeting_invitation(s.conversation).await.unwrap(),
            ics
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20270210T080000Z\r\n"));
        assert!(ics.contains("DTEND:20270210T090000Z\r\n"));
        assert!(ics.contains("LOCATION:Mødelokale 2\\, Rådhuset\r\n"));
        assert!(ics.contains("SUMMARY:MUS: Anne Sørensen og Mette Kjærgaard"));
        let colleague = s
            .colleague
            .get::<serde_json::Value>(&format!("conversations/{}/meeting.ics", s.conversation))
            .await;
        assert_eq!(colleague.unwrap_err().code(), Some(ErrorCode::NotFound));
        let colleague = s.colleague.meeting_invitation(s.conversation).await;
        assert_eq!(colleague.unwrap_err().code(), Some(ErrorCode::NotFound));
    }
);

db_test!(
    async fn a_meeting_outside_the_window_is_refused(app: TestApp) {
        let s = setup(&app).await;
        let path = format!("conversations/{}/meeting", s.conversation);

        let early = s
            .mette
            .send::<mus_domain::Conversation, _>(
                reqwest::Method::PUT,
                &path,
                Some(&meeting("2027-01-31T22:30:00Z")),
            )
            .await;
        // 23:30 UTC on 31 January is 00:30 on 1 February in Copenhagen.
        let just_inside = s
            .mette
            .send::<mus_domain::Conversation, _>(
                reqwest::Method::PUT,
                &path,
                Some(&meeting("2027-01-31T23:30:00Z")),
            )
            .await;

        assert_eq!(early.unwrap_err().code(), Some(ErrorCode::InvalidBody));
        assert!(just_inside.is_ok());
    }
);

db_test!(
    async fn the_manager_holds_the_meeting_and_preparation_closes(app: TestApp) {
        let s = setup_with(&app, true).await;
        let held_path = format!("conversations/{}/held", s.conversation);
        let today = mus_domain::agreements::danish_date(Utc::now());
        let next_week = today + chrono::Days::new(7);

        let too_soon = s
            .mette
            .send::<mus_domain::Conversation, _>(reqwest::Method::POST, &held_path, None::<&()>)
            .await;
        s.mette
            .schedule_meeting(s.conversation, &meeting(&format!("{next_week}T08:00:00Z")))
            .await
            .unwrap();
        // A meeting is held on its day, not before: the summary's
        // signatures must not be dated before the meeting they record.
        let before_the_day = problem(
            s.mette
                .send::<mus_domain::Conversation, _>(reqwest::Method::POST, &held_path, None::<&()>)
                .await,
        );
        let still_planned = s.anne.conversation(s.conversation).await.unwrap();
        s.mette
            .schedule_meeting(s.conversation, &meeting(&this_morning()))
            .await
            .unwrap();
        let by_employee = s
            .anne
            .send::<mus_domain::Conversation, _>(reqwest::Method::POST, &held_path, None::<&()>)
            .await;
        let held = s
            .mette
            .send::<mus_domain::Conversation, _>(reqwest::Method::POST, &held_path, None::<&()>)
            .await
            .unwrap();
        let late = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &mus_domain::PreparationWrite {
                    version: 0,
                    answers: Default::default(),
                },
            )
            .await;

        assert_eq!(too_soon.unwrap_err().code(), Some(ErrorCode::WrongState));
        assert_eq!(
            (
                before_the_day.status,
                before_the_day.code,
                before_the_day.reason.as_deref()
            ),
            (409, ErrorCode::TooEarly, Some("meeting_not_yet"))
        );
        assert_eq!(before_the_day.available_from, Some(next_week));
        assert!(still_planned.status.is_before_meeting());
        assert_eq!(by_employee.unwrap_err().code(), Some(ErrorCode::Forbidden));
        assert_eq!(held.status, ConversationStatus::Held);
        assert_eq!(late.unwrap_err().code(), Some(ErrorCode::WrongState));
    }
);

db_test!(
    async fn a_moved_meeting_is_a_newer_revision_of_the_invitation(app: TestApp) {
        let s = setup(&app).await;
        let schedule = |at: &'static str| {
            let mette = s.mette.clone();
            let path = format!("conversations/{}/meeting", s.conversation);
            async move {
                mette
                    .send::<mus_domain::Conversation, _>(
                        reqwest::Method::PUT,
                        &path,
                        Some(&meeting(at)),
                    )
                    .await
                    .unwrap();
            }
        };
        let invitation = || {
            let http = app.http();
            let url = app.url(&format!(
                "/api/v1/conversations/{}/meeting.ics",
                s.conversation
            ));
            let token = s.anne.access_token().unwrap();
            async move {
                let ics = http
                    .get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let field = |name: &str| {
                    ics.lines()
                        .find_map(|line| line.strip_prefix(name))
                        .unwrap_or_else(|| panic!("no {name} in {ics}"))
                        .to_owned()
                };
                (field("SEQUENCE:"), field("LAST-MODIFIED:"))
            }
        };

        schedule("2027-02-10T08:00:00Z").await;
        let (first, first_modified) = invitation().await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        schedule("2027-02-11T12:00:00Z").await;
        let (moved, moved_modified) = invitation().await;

        assert_eq!(first, "0");
        assert_eq!(moved, "1");
        assert_eq!(first_modified.len(), "20270210T080000Z".len());
        assert!(
            moved_modified > first_modified,
            "{moved_modified} after {first_modified}"
        );
    }
);
