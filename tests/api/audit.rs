//! The audit log, a person's access log and data export.

use mus_client::{AuditQuery, ClientError};
use mus_domain::{AuditAction, ErrorCode, NewApiToken, Role, TokenScope, UserPatch};

use crate::db_test;

db_test!(
    async fn a_person_sees_who_read_their_record(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let manager = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let employee = app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await;
        let anne = app.signed_in(&employee).await;
        anne.user(employee.id).await.unwrap();

        app.signed_in(&manager)
            .await
            .user(employee.id)
            .await
            .unwrap();

        let log = anne.access_log(None).await.unwrap().items;
        assert_eq!(log.len(), 1, "her own read is not listed: {log:?}");
        assert_eq!(log[0].action, AuditAction::PersonRead);
        assert_eq!(log[0].actor.as_ref().unwrap().name, "Mette Kjærgaard");
        let _ = hr;
    }
);

db_test!(
    async fn hr_reads_the_log_of_changes_and_only_hr(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let employee = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let hr_client = app.signed_in(&hr).await;
        hr_client
            .update_user(
                employee.id,
                &UserPatch {
                    name: Some("Anne Sørensen Holm".into()),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();

        let changes = hr_client
            .audit(&AuditQuery {
                subject: Some(employee.id),
                action: Some(AuditAction::PersonUpdated),
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let denied = app
            .signed_in(&employee)
            .await
            .audit(&AuditQuery::default())
            .await;

        assert_eq!(changes.items.len(), 1);
        assert_eq!(changes.items[0].actor.as_ref().unwrap().id, hr.id);
        assert_eq!(
            changes.items[0].subject.as_ref().unwrap().name,
            "Anne Sørensen Holm"
        );
        assert_eq!(denied.unwrap_err().code(), Some(ErrorCode::Forbidden));
    }
);

db_test!(
    async fn the_audit_log_pages_newest_first(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        for name in ["A", "B", "C", "D", "E"] {
            client.create_department(name).await.unwrap();
        }
        let mut seen = Vec::new();
        let mut cursor = None;

        loop {
            let page = client
                .audit(&AuditQuery {
                    action: Some(AuditAction::DepartmentCreated),
                    limit: Some(2),
                    cursor: cursor.clone(),
                    ..AuditQuery::default()
                })
                .await
                .unwrap();
            seen.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }

        assert_eq!(seen.len(), 5);
        assert!(
            seen.windows(2)
                .all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id)),
            "newest first, no repeats"
        );
        let bad = client
            .audit(&AuditQuery {
                cursor: Some("nonsense".into()),
                ..AuditQuery::default()
            })
            .await;
        assert_eq!(bad.unwrap_err().code(), Some(ErrorCode::InvalidParameter));
    }
);

db_test!(
    async fn an_export_holds_my_data_and_no_secrets(app: TestApp) {
        let employee = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let anne = app.signed_in(&employee).await;
        let created = anne
            .create_api_token(&NewApiToken {
                name: "Kalender".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 90,
            })
            .await
            .unwrap();

        let export = anne.export().await.unwrap();

        assert_eq!(export.me.id, employee.id);
        assert_eq!(export.api_tokens.len(), 1);
        let actions: Vec<AuditAction> = export.activity.iter().map(|e| e.action).collect();
        assert!(actions.contains(&AuditAction::SignedIn));
        assert!(actions.contains(&AuditAction::ApiTokenCreated));
        assert!(actions.contains(&AuditAction::DataExported));
        let text = serde_json::to_string(&export).unwrap();
        assert!(
            !text.contains(&created.token),
            "the token secret is never exported"
        );
        assert!(!text.contains("argon2"), "no password hash");
        let anonymous = app
            .new_client(mus_client::RefreshStorage::Memory)
            .export()
            .await;
        assert!(
            matches!(anonymous, Err(ClientError::Api(p)) if p.code == ErrorCode::Unauthenticated)
        );
    }
);

db_test!(
    async fn no_number_of_reads_pushes_one_out_of_the_access_log(app: TestApp) {
        let manager = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let employee = app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await;
        let mette = app.signed_in(&manager).await;
        let anne = app.signed_in(&employee).await;
        // The read Anne must be able to find, then many harmless ones on top.
        mette.user(employee.id).await.unwrap();
        let first = anne.access_log(None).await.unwrap().items;
        assert_eq!(first.len(), 1);
        let noise = 130;
        let mut reads = tokio::task::JoinSet::new();
        for _ in 0..noise {
            let (mette, id) = (mette.clone(), employee.id);
            reads.spawn(async move { mette.user(id).await.map(|_| ()) });
        }
        assert!(reads.join_all().await.into_iter().all(|r| r.is_ok()));

        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = anne.access_log(cursor.as_deref()).await.unwrap();
            assert!(page.items.len() <= 50, "pages of the default size");
            seen.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let export = anne.export().await.unwrap();

        assert_eq!(seen.len(), first.len() + noise);
        assert!(
            first.iter().all(|read| seen.contains(read)),
            "the first read is still there, on the last page"
        );
        assert!(
            seen.windows(2)
                .all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id)),
            "newest first, no repeats"
        );
        let exported_reads = export
            .concerning_me
            .iter()
            .filter(|e| e.action.is_read())
            .count();
        assert_eq!(exported_reads, seen.len(), "the export holds all of it");
    }
);

db_test!(
    async fn reads_that_come_with_another_answer_are_in_the_access_log(app: TestApp) {
        use chrono::Datelike;
        use mus_domain::{AgreementCategory, ReviewDecision, SummaryContent};

        use crate::lifecycle::{agreement, hold_meeting, open_round, sign, write};

        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let manager = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let employee = app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await;
        let (hr, mette, anne) = (
            app.signed_in(&hr).await,
            app.signed_in(&manager).await,
            app.signed_in(&employee).await,
        );
        // Last year: a signed summary with one agreement.
        let year = chrono::Utc::now().year() - 1;
        open_round(&app, &hr, year).await;
        let last = anne.conversations().await.unwrap()[0].id;
        hold_meeting(&mette, last, &format!("{year}-02-10T08:00:00Z")).await;
        let proposal = mette.summary(last).await.unwrap();
        let content = SummaryContent {
            agreements: vec![agreement(
                "Kursus i klarsprog",
                AgreementCategory::CourseEducation,
                &format!("{}-09-01", year + 1),
            )],
            ..SummaryContent::default()
        };
        let drafted = mette
            .save_summary(last, &write(&proposal, content))
            .await
            .unwrap();
        anne.sign_summary(last, &sign(&drafted)).await.unwrap();
        mette.sign_summary(last, &sign(&drafted)).await.unwrap();
        // This year: both carry the agreement over.
        open_round(&app, &hr, year + 1).await;
        let now = anne
            .conversations()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id != last)
            .unwrap()
            .id;
        let carried = anne.previous_agreements(now).await.unwrap()[0].agreement.id;
        for side in [&anne, &mette] {
            side.review_previous_agreement(now, carried, ReviewDecision::CarryOver)
                .await
                .unwrap();
        }
        let count = |action: AuditAction, resource: &'static str| {
            let anne = anne.clone();
            async move {
                anne.access_log(None)
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .filter(|e| e.action == action && e.resource_type == resource)
                    .count()
            }
        };
        let summary = mette.summary(now).await.unwrap();
        let agreements_before = count(AuditAction::AgreementsRead, "agreement").await;
        let summaries_before = count(AuditAction::SummaryRead, "summary").await;

        // The agenda carries last year's agreement to the manager...
        let agenda = mette.agenda(now).await.unwrap();
        // ...and a stale summary write answers with the summary as it is.
        let stale = mette
            .save_summary(
                now,
                &mus_domain::SummaryWrite {
                    revision: summary.revision + 1,
                    ..write(&summary, summary.content.clone())
                },
            )
            .await;

        assert_eq!(agenda.carried.len(), 1);
        let ClientError::Api(problem) = stale.unwrap_err() else {
            panic!("a problem")
        };
        assert_eq!(problem.code, ErrorCode::VersionConflict);
        assert!(problem.current.is_some());
        assert_eq!(
            count(AuditAction::AgreementsRead, "agreement").await,
            agreements_before + 1,
            "the agenda's carried agreements"
        );
        assert_eq!(
            count(AuditAction::SummaryRead, "summary").await,
            summaries_before + 1,
            "the summary sent with the 409"
        );
    }
);
