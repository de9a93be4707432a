//! Rounds: HR opens one, conversations appear for the right people, and
//! progress shows counts to each as far as they may see.

use chrono::{Datelike, NaiveDate};
use mus_client::{Client, ClientError};
use mus_domain::{ConversationStatus, ErrorCode, Language, NewRound, Role, RoundPatch, TemplateId};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A day of next year (`MM-DD`): a round opened on it is never in the past.
fn next_year(month_day: &str) -> NaiveDate {
    let year = mus_domain::agreements::danish_date(chrono::Utc::now()).year() + 1;
    day(&format!("{year}-{month_day}"))
}

fn round(template_id: TemplateId) -> NewRound {
    NewRound {
        format: mus_domain::RoundFormat::Individual,
        group_template_id: None,
        name: "MUS 2027".into(),
        template_id,
        preparation_deadline: next_year("02-01"),
        meetings_from: next_year("02-01"),
        meetings_until: next_year("03-31"),
        departments: vec![],
        simultaneous_reveal: false,
        reminder_days: mus_domain::rounds::default_reminder_days(),
    }
}

async fn classic(client: &Client) -> mus_domain::Template {
    client
        .templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some("classic"))
        .unwrap()
}

struct Org {
    hr: TestUser,
    manager: TestUser,
    employee: TestUser,
    colleague: TestUser,
    other_manager: TestUser,
    stranger: TestUser,
}

async fn org(app: &TestApp) -> Org {
    let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let other_manager = app
        .create_user("Søren Østergaard", Role::Manager, None)
        .await;
    Org {
        employee: app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await,
        colleague: app
            .create_user("Bjørn Ravn", Role::Employee, Some(&manager))
            .await,
        stranger: app
            .create_user("Ida Mølgaard", Role::Employee, Some(&other_manager))
            .await,
        hr,
        manager,
        other_manager,
    }
}

db_test!(
    async fn opening_a_round_gives_everyone_with_a_manager_a_conversation(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;

        let opened = hr.open_round(&round(form.id)).await.unwrap();

        // The two managers and HR have no nearest manager here: three conversations.
        assert_eq!(opened.conversations, 3);
        assert!(
            hr.template(form.id).await.unwrap().frozen,
            "the round's form is frozen"
        );
        let anne = app
            .signed_in(&org.employee)
            .await
            .conversations()
            .await
            .unwrap();
        assert_eq!(anne.len(), 1);
        assert_eq!(anne[0].status, ConversationStatus::Planned);
        assert_eq!(anne[0].manager.name, "Mette Kjærgaard");
        assert_eq!(anne[0].round_name, "MUS 2027");
        let mette = app
            .signed_in(&org.manager)
            .await
            .conversations()
            .await
            .unwrap();
        assert_eq!(mette.len(), 2, "one for each direct report");
        assert!(
            hr.conversations().await.unwrap().is_empty(),
            "HR sees figures, not conversations"
        );
    }
);

db_test!(
    async fn only_the_two_parties_see_a_conversation(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        hr.open_round(&round(form.id)).await.unwrap();
        let id = app
            .signed_in(&org.employee)
            .await
            .conversations()
            .await
            .unwrap()[0]
            .id;

        let outcomes = [
            ("the employee", &org.employee, true),
            ("their manager", &org.manager, true),
            ("a colleague", &org.colleague, false),
            ("another manager", &org.other_manager, false),
            ("another employee", &org.stranger, false),
            ("HR", &org.hr, false),
        ];
        for (who, user, allowed) in outcomes {
            let result = app.signed_in(user).await.conversation(id).await;
            match allowed {
                true => assert_eq!(result.unwrap().id, id, "{who}"),
                false => assert_eq!(
                    result.unwrap_err().code(),
                    Some(ErrorCode::NotFound),
                    "{who}"
                ),
            }
        }
    }
);

db_test!(
    async fn a_round_for_chosen_departments_reaches_only_them(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let teknik = hr.create_department("Teknik og Miljø").await.unwrap();
        hr.update_user(
            org.stranger.id,
            &mus_domain::UserPatch {
                department_id: Some(Some(teknik.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let form = classic(&hr).await;

        let opened = hr
            .open_round(&NewRound {
                format: mus_domain::RoundFormat::Individual,
                group_template_id: None,
                departments: vec![teknik.id],
                ..round(form.id)
            })
            .await
            .unwrap();

        assert_eq!(opened.conversations, 1);
        assert_eq!(opened.departments[0].name, "Teknik og Miljø");
        assert!(
            app.signed_in(&org.employee)
                .await
                .conversations()
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            app.signed_in(&org.stranger)
                .await
                .conversations()
                .await
                .unwrap()
                .len(),
            1
        );
    }
);

db_test!(
    async fn bad_rounds_are_refused_and_create_nothing(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let bad = NewRound {
            format: mus_domain::RoundFormat::Individual,
            group_template_id: None,
            name: String::new(),
            template_id: TemplateId::new(),
            preparation_deadline: day("2027-05-01"),
            meetings_from: day("2027-03-01"),
            meetings_until: day("2027-02-01"),
            departments: vec![mus_domain::DepartmentId::new()],
            simultaneous_reveal: false,
            reminder_days: mus_domain::rounds::default_reminder_days(),
        };

        let ClientError::Api(problem) = hr.open_round(&bad).await.unwrap_err() else {
            panic!("a problem")
        };
        let denied = app
            .signed_in(&org.manager)
            .await
            .open_round(&round(form.id))
            .await;

        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "meetings_until",
                "preparation_deadline",
                "template_id",
                "departments"
            ]
        );
        assert_eq!(denied.unwrap_err().code(), Some(ErrorCode::Forbidden));
        assert!(hr.rounds().await.unwrap().is_empty());
        assert!(
            !hr.template(form.id).await.unwrap().frozen,
            "nothing was frozen either"
        );
    }
);

db_test!(
    async fn hr_moves_the_dates_but_not_out_of_order(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let opened = hr.open_round(&round(form.id)).await.unwrap();

        let moved = hr
            .update_round(
                opened.id,
                &RoundPatch {
                    meetings_until: Some(next_year("04-30")),
                    ..RoundPatch::default()
                },
            )
            .await
            .unwrap();
        let backwards = hr
            .update_round(
                opened.id,
                &RoundPatch {
                    meetings_from: Some(next_year("05-01")),
                    ..RoundPatch::default()
                },
            )
            .await;

        assert_eq!(moved.meetings_until, next_year("04-30"));
        assert_eq!(backwards.unwrap_err().code(), Some(ErrorCode::InvalidBody));
        assert_eq!(
            hr.round(opened.id).await.unwrap().meetings_from,
            next_year("02-01")
        );
    }
);

db_test!(
    async fn progress_is_counts_scoped_to_who_asks(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let opened = hr.open_round(&round(form.id)).await.unwrap();

        let everyone = hr.round_progress(opened.id).await.unwrap();
        let team = app
            .signed_in(&org.manager)
            .await
            .round_progress(opened.id)
            .await
            .unwrap();
        let own = app
            .signed_in(&org.stranger)
            .await
            .round_progress(opened.id)
            .await
            .unwrap();

        assert_eq!((everyone.total, everyone.signed), (3, 0));
        assert_eq!(everyone.by_status[0].status, ConversationStatus::Planned);
        let managers: Vec<(&str, u32)> = everyone
            .by_manager
            .iter()
            .map(|m| (m.name.as_str(), m.total))
            .collect();
        assert_eq!(managers, [("Mette Kjærgaard", 2), ("Søren Østergaard", 1)]);
        assert_eq!(team.total, 2);
        assert_eq!(own.total, 1);
        let text = serde_json::to_string(&everyone).unwrap();
        assert!(
            !text.contains("Anne"),
            "figures name managers and departments, not employees"
        );
    }
);

db_test!(
    async fn round_sizes_are_counted_as_far_as_the_caller_may(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let opened = hr.open_round(&round(form.id)).await.unwrap();
        let mette = app.signed_in(&org.manager).await;
        let ida = app.signed_in(&org.stranger).await;

        let sizes = |rounds: Vec<mus_domain::Round>| {
            rounds
                .into_iter()
                .map(|r| r.conversations)
                .collect::<Vec<_>>()
        };

        assert_eq!(sizes(hr.rounds().await.unwrap()), [3], "the organisation");
        assert_eq!(sizes(mette.rounds().await.unwrap()), [2], "her team");
        assert_eq!(sizes(ida.rounds().await.unwrap()), [1], "her own");
        assert_eq!(mette.round(opened.id).await.unwrap().conversations, 2);
        assert_eq!(ida.round(opened.id).await.unwrap().conversations, 1);
    }
);

db_test!(
    async fn a_new_manager_takes_over_the_open_conversations(app: TestApp) {
        use mus_domain::UserPatch;
        use sea_orm::{ConnectionTrait, Statement};

        let org = org(&app).await;
        let karl = app
            .create_user("Karl Holm", Role::Employee, Some(&org.manager))
            .await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let opened = hr.open_round(&round(form.id)).await.unwrap();
        let mette = app.signed_in(&org.manager).await;
        let soeren = app.signed_in(&org.other_manager).await;
        let bjoerns = mette
            .conversations()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.employee.id == org.colleague.id)
            .unwrap();
        // Taken out of the round: it keeps the manager it was opened with.
        let backend = app.db.get_database_backend();
        let cancel = match backend {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE conversations SET status = 'cancelled' WHERE id = $1"
            }
            _ => "UPDATE conversations SET status = 'cancelled' WHERE id = ?",
        };
        app.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                cancel,
                [bjoerns.id.0.into()],
            ))
            .await
            .unwrap();

        hr.update_user(
            org.employee.id,
            &UserPatch {
                manager_id: Some(Some(org.other_manager.id)),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
        hr.import_users(format!(
            "email,name,manager_email,role\n{},Bjørn Ravn,{m},employee\n{},Karl Holm,{m},employee\n",
            org.colleague.email,
            karl.email,
            m = org.other_manager.email
        ))
        .await
        .unwrap();

        let mine = |conversations: Vec<mus_domain::Conversation>| {
            let mut names: Vec<String> =
                conversations.into_iter().map(|c| c.employee.name).collect();
            names.sort();
            names
        };
        // Each employee's conversations, even the cancelled one, are listed
        // for their manager now; the former manager no longer sees them.
        assert_eq!(
            mine(soeren.conversations().await.unwrap()),
            ["Anne Sørensen", "Bjørn Ravn", "Ida Mølgaard", "Karl Holm"]
        );
        assert!(mine(mette.conversations().await.unwrap()).is_empty());
        let progress = hr.round_progress(opened.id).await.unwrap();
        let by_manager: Vec<(&str, u32)> = progress
            .by_manager
            .iter()
            .map(|m| (m.name.as_str(), m.total))
            .collect();
        assert_eq!(
            by_manager,
            [("Mette Kjærgaard", 1), ("Søren Østergaard", 3)]
        );
        assert_eq!(soeren.round(opened.id).await.unwrap().conversations, 3);
    }
);

db_test!(
    async fn a_round_prepares_before_its_meetings_and_not_in_the_past(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        let today = mus_domain::agreements::danish_date(chrono::Utc::now());
        let refused = |new: NewRound| {
            let hr = &hr;
            async move {
                let ClientError::Api(problem) = hr.open_round(&new).await.unwrap_err() else {
                    panic!("a problem")
                };
                problem
            }
        };

        let past = refused(NewRound {
            format: mus_domain::RoundFormat::Individual,
            group_template_id: None,
            preparation_deadline: today - chrono::Days::new(1),
            meetings_from: today,
            meetings_until: today + chrono::Days::new(30),
            ..round(form.id)
        })
        .await;
        let late = refused(NewRound {
            format: mus_domain::RoundFormat::Individual,
            group_template_id: None,
            preparation_deadline: next_year("02-15"),
            ..round(form.id)
        })
        .await;

        for (problem, reason) in [
            (&past, "deadline_in_past"),
            (&late, "deadline_after_meetings_start"),
        ] {
            assert_eq!(
                (problem.status, problem.code),
                (422, ErrorCode::InvalidBody)
            );
            assert_eq!(problem.reason.as_deref(), Some(reason));
            assert_eq!(problem.errors.len(), 1);
            assert_eq!(problem.errors[0].field, "preparation_deadline");
            assert!(
                problem.errors[0].message.starts_with(reason),
                "{:?}",
                problem.errors
            );
        }
        assert!(hr.rounds().await.unwrap().is_empty());
        // Due on the first meeting day, today: both allowed.
        hr.open_round(&NewRound {
            format: mus_domain::RoundFormat::Individual,
            group_template_id: None,
            preparation_deadline: today,
            meetings_from: today,
            meetings_until: today + chrono::Days::new(30),
            ..round(form.id)
        })
        .await
        .unwrap();
    }
);

db_test!(
    async fn nobody_is_in_two_rounds_whose_meetings_overlap(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let form = classic(&hr).await;
        hr.open_round(&round(form.id)).await.unwrap();

        let ClientError::Api(overlapping) = hr
            .open_round(&NewRound {
                format: mus_domain::RoundFormat::Individual,
                group_template_id: None,
                name: "MUS 2027, runde 2".into(),
                preparation_deadline: next_year("03-01"),
                meetings_from: next_year("03-31"),
                meetings_until: next_year("05-31"),
                ..round(form.id)
            })
            .await
            .unwrap_err()
        else {
            panic!("a problem")
        };
        let after = hr
            .open_round(&NewRound {
                format: mus_domain::RoundFormat::Individual,
                group_template_id: None,
                name: "MUS 2027, efterår".into(),
                preparation_deadline: next_year("04-01"),
                meetings_from: next_year("04-01"),
                meetings_until: next_year("05-31"),
                ..round(form.id)
            })
            .await;

        assert_eq!(
            (overlapping.status, overlapping.code),
            (422, ErrorCode::InvalidBody)
        );
        assert_eq!(overlapping.reason.as_deref(), Some("round_overlaps"));
        assert_eq!(overlapping.errors[0].field, "meetings_from");
        assert!(after.is_ok(), "{after:?}");
        assert_eq!(hr.rounds().await.unwrap().len(), 2);
    }
);
