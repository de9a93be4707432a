//! Follow-up: bad input to agreements, check-ins and reviews is refused and
//! changes nothing; the export holds the person's own record and nothing
//! of anyone else's.

use chrono::{Datelike, Utc};
use mus_domain::{
    AgreementId, AgreementQuery, AgreementStatus, ErrorCode, Party, PreparationWrite, Role,
};
use serde_json::json;

use crate::dashboards::sign_with_agreements;
use crate::db_test;
use crate::lifecycle::{open_round, problem};

db_test!(
    async fn bad_follow_up_is_refused_and_changes_nothing(app: TestApp) {
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
        let year = Utc::now().year() - 1;
        open_round(&app, &hr, year).await;
        sign_with_agreements(&app, &mette, &anne_user, year).await;
        let id = anne.conversations().await.unwrap()[0].id;
        let agreement = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items[0]
            .clone();
        let check_in = anne.check_ins(id).await.unwrap()[0].id;
        app.check_in_falls_due(check_in).await;

        // Agreements: wrong status, a note too long, an unknown id.
        let path = format!("agreements/{}", agreement.id);
        for body in [
            json!({ "status": "finished" }),
            json!({ "note": "x".repeat(4_001) }),
            json!({ "statu": "done" }),
        ] {
            let refused = problem(
                anne.send::<serde_json::Value, _>(reqwest::Method::PATCH, &path, Some(&body))
                    .await,
            );
            assert_eq!(refused.status, 422, "{body}");
        }
        let unknown = problem(
            anne.send::<serde_json::Value, _>(
                reqwest::Method::PATCH,
                &format!("agreements/{}", AgreementId::new()),
                Some(&json!({ "status": "done" })),
            )
            .await,
        );
        assert_eq!(unknown.code, ErrorCode::NotFound);

        // Check-ins: an agreement of another conversation, one twice.
        let complete = format!("check-ins/{check_in}/complete");
        for entries in [
            json!([{ "agreement_id": AgreementId::new(), "status": "done" }]),
            json!([
                { "agreement_id": agreement.id, "status": "done" },
                { "agreement_id": agreement.id, "status": "dropped" }
            ]),
            json!([{ "agreement_id": agreement.id, "status": "closed" }]),
        ] {
            let refused = problem(
                anne.send::<serde_json::Value, _>(
                    reqwest::Method::POST,
                    &complete,
                    Some(&json!({ "entries": entries })),
                )
                .await,
            );
            assert_eq!(refused.status, 422, "{entries}");
        }
        let unchanged = anne.agreements(&AgreementQuery::default()).await.unwrap();
        assert!(
            unchanged
                .items
                .iter()
                .all(|a| a.status == AgreementStatus::Open && a.note.is_empty())
        );
        assert!(anne.check_ins(id).await.unwrap()[0].completed_at.is_none());

        // Reviews: only last year's agreements, only known decisions.
        open_round(&app, &hr, year + 1).await;
        let now = anne
            .conversations()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id != id)
            .unwrap()
            .id;
        let review = |agreement: AgreementId, decision: &str| {
            let anne = anne.clone();
            let body = json!({ "decision": decision });
            async move {
                anne.send::<serde_json::Value, _>(
                    reqwest::Method::PUT,
                    &format!("conversations/{now}/previous-agreements/{agreement}"),
                    Some(&body),
                )
                .await
            }
        };
        assert_eq!(problem(review(agreement.id, "maybe").await).status, 422);
        assert_eq!(
            problem(review(AgreementId::new(), "done").await).code,
            ErrorCode::NotFound
        );
        let previous = anne.previous_agreements(now).await.unwrap();
        assert!(previous.iter().all(|p| p.employee_decision.is_none()));
        // Filters with wrong values are refused, not ignored.
        let refused = problem(
            anne.get::<serde_json::Value>("agreements?status=finished")
                .await,
        );
        assert_eq!(refused.status, 400);
        let refused = problem(anne.get::<serde_json::Value>("agreements?limit=0").await);
        assert_eq!(refused.status, 400);
    }
);

db_test!(
    async fn the_export_holds_my_own_record_and_nothing_of_anyone_elses(app: TestApp) {
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
        let year = Utc::now().year() - 1;
        let form = open_round(&app, &hr, year).await;
        let id = anne.conversations().await.unwrap()[0].id;
        let key = |side: mus_domain::Answerer| {
            let form = hr.template(form);
            async move {
                form.await
                    .unwrap()
                    .content
                    .sections
                    .into_iter()
                    .flat_map(|s| s.questions)
                    .find(|q| q.kind == mus_domain::QuestionKind::Text && q.answered_by == side)
                    .unwrap()
                    .key
            }
        };
        let text = |key: String, words: &str| PreparationWrite {
            version: 0,
            answers: [(key, mus_domain::Answer::Text(words.into()))].into(),
        };
        anne.save_preparation(
            id,
            Party::Employee,
            &text(key(mus_domain::Answerer::Employee).await, "Annes egne ord"),
        )
        .await
        .unwrap();
        mette
            .save_preparation(
                id,
                Party::Manager,
                &text(
                    key(mus_domain::Answerer::Manager).await,
                    "Mettes private noter",
                ),
            )
            .await
            .unwrap();
        sign_with_agreements(&app, &mette, &anne_user, year).await;

        let mine = anne.export().await.unwrap();
        assert_eq!(mine.conversations.len(), 1);
        assert_eq!(mine.preparations.len(), 1);
        assert_eq!(mine.preparations[0].side, Party::Employee);
        assert_eq!(mine.summaries.len(), 1);
        assert!(mine.summaries[0].locked);
        assert_eq!(mine.agreements.len(), 2);
        assert_eq!(mine.check_ins.len(), 4);
        let json = serde_json::to_string(&mine).unwrap();
        assert!(json.contains("Annes egne ord"));
        assert!(
            !json.contains("Mettes private noter"),
            "the manager's notes are hers"
        );

        let hers = mette.export().await.unwrap();
        assert_eq!(hers.preparations.len(), 1);
        assert_eq!(hers.preparations[0].side, Party::Manager);
        assert!(hers.summaries.is_empty() && hers.agreements.is_empty());
        let json = serde_json::to_string(&hers).unwrap();
        assert!(!json.contains("Annes egne ord"));
    }
);

db_test!(
    async fn a_check_in_completed_untouched_keeps_each_agreements_progress(app: TestApp) {
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
        let year = Utc::now().year() - 1;
        open_round(&app, &hr, year).await;
        sign_with_agreements(&app, &mette, &anne_user, year).await;
        let id = anne.conversations().await.unwrap()[0].id;
        let agreements = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items;
        let first = agreements[0].id;
        anne.update_agreement(
            first,
            &mus_domain::AgreementPatch {
                status: Some(AgreementStatus::InProgress),
                note: Some("Tilmeldt forårsholdet".into()),
            },
        )
        .await
        .unwrap();

        // The check-in as a form that starts from where each agreement
        // stands, with no new note written.
        let check_in = anne.check_ins(id).await.unwrap()[0].id;
        app.check_in_falls_due(check_in).await;
        let entries = agreements
            .iter()
            .filter(|a| a.carried_into.is_none())
            .map(|a| mus_domain::CheckInEntry {
                agreement_id: a.id,
                status: if a.id == first {
                    AgreementStatus::InProgress
                } else {
                    a.status
                },
                note: String::new(),
            })
            .collect();
        mette
            .complete_check_in(check_in, &mus_domain::CheckInCompletion { entries })
            .await
            .unwrap();

        let after = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|a| a.id == first)
            .unwrap();
        assert_eq!(after.status, AgreementStatus::InProgress);
        assert_eq!(after.note, "Tilmeldt forårsholdet", "no word lost");
    }
);
