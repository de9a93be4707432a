//! The three dashboards show real figures, and each costs a fixed number of
//! SQL statements whatever the size of the team or the organisation: the
//! server reports the count per request in `x-sql-statements`.

use chrono::{Datelike, Utc};
use mus_client::Client;
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, ConversationStatus, MyDashboard, NextStep,
    OrganisationDashboard, Party, Role, SeenNotAgreed, SeenNotAgreedComment, SignRequest,
    SummaryContent, SummaryWrite, TeamDashboard,
};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};
use crate::lifecycle::{day, hold_meeting, open_round, open_round_around_today, this_morning};

struct Team {
    manager: TestUser,
    reports: Vec<TestUser>,
}

async fn team(app: &TestApp, name: &str, size: usize) -> Team {
    let manager = app.create_user(name, Role::Manager, None).await;
    let mut reports = Vec::new();
    for i in 0..size {
        reports.push(
            app.create_user(
                &format!("{name} medarbejder {i}"),
                Role::Employee,
                Some(&manager),
            )
            .await,
        );
    }
    Team { manager, reports }
}

/// Takes the report's conversation to a signed summary with a course and a
/// task agreement.
pub async fn sign_with_agreements(app: &TestApp, manager: &Client, report: &TestUser, year: i32) {
    sign_with_agreements_as(app, manager, report, year, None).await;
}

/// As [`sign_with_agreements`], the employee signing as `employee_signs`
/// says: agreeing (`None`) or "seen, but not agreed".
async fn sign_with_agreements_as(
    app: &TestApp,
    manager: &Client,
    report: &TestUser,
    year: i32,
    employee_signs: Option<SeenNotAgreed>,
) {
    let employee = app.signed_in(report).await;
    let id = employee.conversations().await.unwrap()[0].id;
    employee
        .share_preparation(id, Party::Employee)
        .await
        .unwrap();
    hold_meeting(manager, id, &format!("{year}-02-10T08:00:00Z")).await;
    let proposal = manager.summary(id).await.unwrap();
    let agreement = |title: &str, category, due: &str| AgreementDraft {
        id: None,
        title: title.into(),
        description: String::new(),
        owner: AgreementOwner::Employee,
        category,
        due_on: Some(day(due)),
        origin: None,
    };
    let drafted = manager
        .save_summary(
            id,
            &SummaryWrite {
                version: proposal.version,
                revision: proposal.revision,
                content: SummaryContent {
                    agreements: vec![
                        agreement(
                            "Kursus i Excel",
                            AgreementCategory::CourseEducation,
                            &format!("{}-09-01", year + 2),
                        ),
                        // The round was last year, so this is overdue now.
                        agreement(
                            "Ryd op i arkivet",
                            AgreementCategory::TaskProject,
                            &format!("{year}-06-01"),
                        ),
                    ],
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
    let employee_sign = SignRequest {
        seen_not_agreed: employee_signs,
        ..sign.clone()
    };
    employee.sign_summary(id, &employee_sign).await.unwrap();
    manager.sign_summary(id, &sign).await.unwrap();
}

/// The body and the number of SQL statements the request ran.
async fn counted<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    client: &Client,
    path: &str,
) -> (T, u32) {
    let response = app
        .http()
        .get(app.url(&format!("/api/v1/{path}")))
        .bearer_auth(client.access_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let statements = response.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (response.json().await.unwrap(), statements)
}

db_test!(
    async fn dashboards_cost_the_same_statements_for_a_team_of_two_and_of_ten(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hr_user).await;
        let small = team(&app, "Mette", 2).await;
        let large = team(&app, "Lars", 10).await;
        // Last year's round, so that agreements can already be overdue.
        let year = Utc::now().year() - 1;
        open_round(&app, &hr, year).await;
        let mette = app.signed_in(&small.manager).await;
        let lars = app.signed_in(&large.manager).await;
        sign_with_agreements(&app, &mette, &small.reports[0], year).await;
        for report in &large.reports[..5] {
            sign_with_agreements(&app, &lars, report, year).await;
        }
        let disagreeing = &large.reports[5];
        let seen_not_agreed = SeenNotAgreed {
            comment: SeenNotAgreedComment::parse("Uenig i vurderingen.").unwrap(),
        };
        sign_with_agreements_as(&app, &lars, disagreeing, year, Some(seen_not_agreed)).await;
        // The round's and the meetings' mail goes out first.
        app.mail_settled().await;

        let (small_team, small_cost) =
            counted::<TeamDashboard>(&app, &mette, "dashboard/team").await;
        let (large_team, large_cost) =
            counted::<TeamDashboard>(&app, &lars, "dashboard/team").await;
        assert_eq!(small_cost, large_cost, "team dashboard statements");
        assert_eq!(small_team.rows.len(), 2);
        assert_eq!(large_team.rows.len(), 10);
        assert_eq!(
            large_team.round.as_ref().unwrap().name,
            format!("MUS {year}")
        );
        assert_eq!(
            (
                large_team.completion.conversations,
                large_team.completion.held,
                large_team.completion.signed
            ),
            (10, 6, 6)
        );
        let signed_row = large_team
            .rows
            .iter()
            .find(|r| r.employee.id == large.reports[0].id)
            .unwrap();
        assert_eq!(signed_row.status, Some(ConversationStatus::Signed));
        assert!(signed_row.employee_shared && !signed_row.manager_shared);
        assert_eq!(signed_row.signed_by, [Party::Employee, Party::Manager]);
        assert!(!signed_row.employee_seen_not_agreed);
        // The manager sees that a report signed without agreeing.
        let disagreeing_row = large_team
            .rows
            .iter()
            .find(|r| r.employee.id == disagreeing.id)
            .unwrap();
        assert_eq!(disagreeing_row.signed_by, [Party::Employee, Party::Manager]);
        assert!(disagreeing_row.employee_seen_not_agreed);
        assert_eq!(
            (signed_row.open_agreements, signed_row.overdue_agreements),
            (2, 1)
        );
        assert!(signed_row.next_check_in.is_some());
        assert!(signed_row.meeting_starts_at.is_some());
        let waiting_row = large_team
            .rows
            .iter()
            .find(|r| r.employee.id == large.reports[9].id)
            .unwrap();
        assert_eq!(waiting_row.status, Some(ConversationStatus::Planned));
        assert_eq!(waiting_row.open_agreements, 0);
        assert_eq!(large_team.course_wishes.len(), 6);
        assert!(
            large_team
                .course_wishes
                .iter()
                .all(|a| a.category == AgreementCategory::CourseEducation)
        );

        // The course wishes are the reports' agreements: reading them is in
        // each report's access log, once however often the page is reloaded.
        counted::<TeamDashboard>(&app, &lars, "dashboard/team").await;
        let signed = app.signed_in(&large.reports[0]).await;
        let waiting = app.signed_in(&large.reports[9]).await;
        let read_on_dashboard = |client: Client| async move {
            client
                .access_log(None)
                .await
                .unwrap()
                .items
                .into_iter()
                .filter(|e| {
                    e.action == mus_domain::AuditAction::AgreementsRead
                        && e.resource_type == "team_dashboard"
                        && e.actor.as_ref().is_some_and(|a| a.name == "Lars")
                })
                .count()
        };
        assert_eq!(read_on_dashboard(signed.clone()).await, 1);
        assert_eq!(
            read_on_dashboard(waiting.clone()).await,
            0,
            "no wishes of hers shown"
        );

        // The employee's own dashboard.
        let (mine, signed_cost) = counted::<MyDashboard>(&app, &signed, "dashboard/me").await;
        let (theirs, waiting_cost) = counted::<MyDashboard>(&app, &waiting, "dashboard/me").await;
        assert_eq!(signed_cost, waiting_cost, "my dashboard statements");
        let conversation = mine.conversation.unwrap();
        assert_eq!(conversation.next_step, NextStep::FollowUp);
        assert_eq!(conversation.manager.name, "Lars");
        assert_eq!(mine.open_agreements.len(), 2);
        assert_eq!(mine.open_agreements.iter().filter(|a| a.overdue).count(), 1);
        assert!(mine.next_check_in.is_some());
        assert_eq!(theirs.conversation.unwrap().next_step, NextStep::Prepare);
        assert!(theirs.open_agreements.is_empty() && theirs.next_check_in.is_none());

        // HR: counts only, the same statements for a larger organisation.
        let (before, org_cost) =
            counted::<OrganisationDashboard>(&app, &hr, "dashboard/organisation").await;
        assert_eq!((before.total.conversations, before.total.signed), (12, 7));
        assert_eq!(before.overdue_agreements, 7);
        let by_manager: Vec<_> = before
            .by_manager
            .iter()
            .map(|g| {
                (
                    g.name.as_deref().unwrap(),
                    g.completion.conversations,
                    g.completion.signed,
                )
            })
            .collect();
        assert_eq!(by_manager, [("Lars", 10, 6), ("Mette", 2, 1)]);
        let json = serde_json::to_string(&before).unwrap();
        assert!(!json.contains("Kursus"), "no content reaches HR");
        let more = team(&app, "Karen", 5).await;
        let karen = app.signed_in(&more.manager).await;
        open_round_around_today(&app, &hr).await;
        sign_in_round(&app, &karen, &more.reports[0], year + 1).await;
        let (after, org_cost_after) =
            counted::<OrganisationDashboard>(&app, &hr, "dashboard/organisation").await;
        assert_eq!(
            org_cost, org_cost_after,
            "organisation dashboard statements"
        );
        assert_eq!(after.round.unwrap().name, format!("MUS {}", year + 1));
        assert_eq!(after.total.conversations, 17);

        // Only HR reads the organisation's figures.
        let refused = mette
            .get::<OrganisationDashboard>("dashboard/organisation")
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Some(mus_domain::ErrorCode::Forbidden));
        println!("statements: team {small_cost}, me {signed_cost}, organisation {org_cost}");
    }
);

/// Takes the report's conversation in `year`'s round (this year's, with its
/// window around today) to a signed summary without agreements.
async fn sign_in_round(app: &TestApp, manager: &Client, report: &TestUser, year: i32) {
    let employee = app.signed_in(report).await;
    let id = employee
        .conversations()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.round_name == format!("MUS {year}"))
        .unwrap()
        .id;
    hold_meeting(manager, id, &this_morning()).await;
    let proposal = manager.summary(id).await.unwrap();
    let sign = SignRequest {
        version: proposal.version,
        content_hash: manager
            .save_summary(
                id,
                &SummaryWrite {
                    version: proposal.version,
                    revision: 0,
                    content: SummaryContent {
                        decisions: "Fortsætter som nu.".into(),
                        ..SummaryContent::default()
                    },
                },
            )
            .await
            .unwrap()
            .content_hash,
        seen_not_agreed: None,
    };
    employee.sign_summary(id, &sign).await.unwrap();
    manager.sign_summary(id, &sign).await.unwrap();
}

db_test!(
    async fn a_dashboard_is_read_again_once_something_changed(app: TestApp) {
        use sea_orm::{ConnectionTrait, Statement};

        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hr_user).await;
        let mette_team = team(&app, "Mette", 2).await;
        open_round(&app, &hr, Utc::now().year()).await;
        let mette = app.signed_in(&mette_team.manager).await;
        let anne = app.signed_in(&mette_team.reports[0]).await;
        let anne_row = |dashboard: &TeamDashboard| {
            dashboard
                .rows
                .iter()
                .find(|row| row.employee.id == mette_team.reports[0].id)
                .cloned()
                .unwrap()
        };

        let (first, cost) = counted::<TeamDashboard>(&app, &mette, "dashboard/team").await;
        assert!(cost > 0, "the first read goes to the database");
        assert!(!anne_row(&first).employee_shared);
        let (again, cost) = counted::<TeamDashboard>(&app, &mette, "dashboard/team").await;
        assert_eq!(
            cost, 0,
            "nothing changed: the kept answer, and the caller's kept standing"
        );
        assert_eq!(again, first);
        // Another manager's dashboard is their own, never Mette's.
        let lars_team = team(&app, "Lars", 1).await;
        let lars = app.signed_in(&lars_team.manager).await;
        let (theirs, _) = counted::<TeamDashboard>(&app, &lars, "dashboard/team").await;
        assert_eq!(theirs.rows.len(), 1);
        assert_eq!(theirs.rows[0].employee.id, lars_team.reports[0].id);

        // A change made through the server shows on the next read.
        let id = anne.conversations().await.unwrap()[0].id;
        anne.share_preparation(id, Party::Employee).await.unwrap();
        let (after, cost) = counted::<TeamDashboard>(&app, &mette, "dashboard/team").await;
        assert!(cost > 0);
        assert!(anne_row(&after).employee_shared);
        let (organisation, _) =
            counted::<OrganisationDashboard>(&app, &hr, "dashboard/organisation").await;
        let (kept, cost) =
            counted::<OrganisationDashboard>(&app, &hr, "dashboard/organisation").await;
        assert_eq!((kept, cost), (organisation, 0));

        // A change the server did not make (another instance on the same
        // database, a `mus` command) shows once the kept answer has aged.
        let backend = app.db.get_database_backend();
        let rename = match backend {
            sea_orm::DatabaseBackend::Postgres => "UPDATE users SET name = $1 WHERE id = $2",
            _ => "UPDATE users SET name = ? WHERE id = ?",
        };
        app.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                rename,
                ["Anne Omdøbt".into(), mette_team.reports[0].id.0.into()],
            ))
            .await
            .unwrap();
        tokio::time::sleep(mus_server::config::DEFAULT_DASHBOARD_CACHE).await;
        let (aged, cost) = counted::<TeamDashboard>(&app, &mette, "dashboard/team").await;
        assert!(cost > 0);
        assert_eq!(anne_row(&aged).employee.name, "Anne Omdøbt");
    }
);

db_test!(
    async fn the_team_is_listed_in_danish_order(app: TestApp) {
        let mette = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        for name in [
            "Åse Damgaard",
            "Zacharias Berg",
            "Øjvind Krogh",
            "Anne Sørensen",
            "Ærø Jensen",
        ] {
            app.create_user(name, Role::Employee, Some(&mette)).await;
        }
        let mette = app.signed_in(&mette).await;
        let team = mette.team_dashboard(None).await.unwrap();
        let names: Vec<&str> = team.rows.iter().map(|r| r.employee.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Anne Sørensen",
                "Zacharias Berg",
                "Ærø Jensen",
                "Øjvind Krogh",
                "Åse Damgaard"
            ],
            "Æ, Ø and Å come after Z"
        );
    }
);
