//! Preparation: private until shared, autosaved without lost words.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use mus_client::{Client, ClientError};
use mus_domain::{
    Answer, AuditAction, ConversationId, ConversationStatus, ErrorCode, Language, NewRound, Party,
    PreparationWrite, Role,
};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};

struct Setup {
    conversation: ConversationId,
    anne: Client,
    mette: Client,
    colleague: Client,
    hr: Client,
}

async fn setup(app: &TestApp, simultaneous_reveal: bool) -> Setup {
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let employee: TestUser = app
        .create_user("Anne Sørensen", Role::Employee, Some(&manager))
        .await;
    let colleague = app
        .create_user("Bjørn Ravn", Role::Employee, Some(&manager))
        .await;
    let hr = app.signed_in(&hr_user).await;
    let classic = hr
        .templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some("classic"))
        .unwrap();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    hr.open_round(&NewRound {
        name: "MUS 2027".into(),
        template_id: classic.id,
        preparation_deadline: day("2027-02-15"),
        meetings_from: day("2027-02-01"),
        meetings_until: day("2027-03-31"),
        departments: vec![],
        simultaneous_reveal,
    })
    .await
    .unwrap();
    let anne = app.signed_in(&employee).await;
    let conversation = anne.conversations().await.unwrap()[0].id;
    Setup {
        conversation,
        anne,
        mette: app.signed_in(&manager).await,
        colleague: app.signed_in(&colleague).await,
        hr,
    }
}

fn answers(pairs: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> Option<ErrorCode> {
    result.unwrap_err().code()
}

db_test!(
    async fn a_preparation_is_private_until_its_author_shares_it(app: TestApp) {
        let s = setup(&app, false).await;
        let words = answers(&[(
            "year_highlights",
            Answer::Text("Den nye selvbetjening gik i luften.".into()),
        )]);

        let saved = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: words.clone(),
                },
            )
            .await
            .unwrap();

        assert_eq!(saved.version, 1);
        assert_eq!(
            code(s.mette.preparation(s.conversation, Party::Employee).await),
            Some(ErrorCode::NotFound)
        );
        assert_eq!(
            code(
                s.colleague
                    .preparation(s.conversation, Party::Employee)
                    .await
            ),
            Some(ErrorCode::NotFound)
        );
        assert_eq!(
            code(s.hr.preparation(s.conversation, Party::Employee).await),
            Some(ErrorCode::NotFound)
        );
        assert_eq!(
            s.anne.conversation(s.conversation).await.unwrap().status,
            ConversationStatus::Preparing
        );

        s.anne
            .share_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();

        let seen = s
            .mette
            .preparation(s.conversation, Party::Employee)
            .await
            .unwrap();
        assert_eq!(seen.answers, words);
        assert!(seen.shared_at.is_some());
        assert_eq!(
            code(
                s.colleague
                    .preparation(s.conversation, Party::Employee)
                    .await
            ),
            Some(ErrorCode::NotFound)
        );
        let log = s.anne.access_log().await.unwrap();
        assert_eq!(log[0].action, AuditAction::PreparationRead);
        assert_eq!(log[0].actor.as_ref().unwrap().name, "Mette Kjærgaard");
    }
);

db_test!(
    async fn a_stale_save_changes_nothing_and_returns_the_current_text(app: TestApp) {
        let s = setup(&app, false).await;
        let phone = answers(&[("motivation", Answer::Text("Skrevet på telefonen".into()))]);
        let laptop = answers(&[("motivation", Answer::Text("Skrevet på computeren".into()))]);
        s.anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: phone.clone(),
                },
            )
            .await
            .unwrap();

        let stale = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: laptop,
                },
            )
            .await;

        let ClientError::Api(problem) = stale.unwrap_err() else {
            panic!("a problem")
        };
        assert_eq!(problem.code, ErrorCode::VersionConflict);
        assert_eq!(problem.status, 409);
        let current: mus_domain::Preparation =
            serde_json::from_value(problem.current.unwrap()).unwrap();
        assert_eq!(
            (current.version, current.answers.clone()),
            (1, phone.clone())
        );
        assert_eq!(
            s.anne
                .preparation(s.conversation, Party::Employee)
                .await
                .unwrap()
                .answers,
            phone
        );
    }
);

db_test!(
    async fn only_the_author_writes_and_answers_must_fit_the_form(app: TestApp) {
        let s = setup(&app, false).await;
        let write = PreparationWrite {
            version: 0,
            answers: answers(&[("other", Answer::Text("x".into()))]),
        };

        let by_manager = s
            .mette
            .save_preparation(s.conversation, Party::Employee, &write)
            .await;
        let by_colleague = s
            .colleague
            .save_preparation(s.conversation, Party::Employee, &write)
            .await;
        let bad = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: answers(&[
                        ("wellbeing_scale", Answer::Scale(9)),
                        ("strengths_seen", Answer::Text("for lederen".into())),
                        ("no_such_question", Answer::Text("?".into())),
                    ]),
                },
            )
            .await;

        assert_eq!(code(by_manager), Some(ErrorCode::NotFound));
        assert_eq!(code(by_colleague), Some(ErrorCode::NotFound));
        let ClientError::Api(problem) = bad.unwrap_err() else {
            panic!("a problem")
        };
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "answers/no_such_question",
                "answers/strengths_seen",
                "answers/wellbeing_scale"
            ]
        );
        assert_eq!(
            s.anne
                .preparation(s.conversation, Party::Employee)
                .await
                .unwrap()
                .version,
            0
        );
    }
);

db_test!(
    async fn with_simultaneous_reveal_both_must_share_first(app: TestApp) {
        let s = setup(&app, true).await;
        s.anne
            .share_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();

        let too_early = s.mette.preparation(s.conversation, Party::Employee).await;
        s.mette
            .share_preparation(s.conversation, Party::Manager)
            .await
            .unwrap();

        assert_eq!(code(too_early), Some(ErrorCode::NotFound));
        assert!(
            s.mette
                .preparation(s.conversation, Party::Employee)
                .await
                .is_ok()
        );
        assert!(
            s.anne
                .preparation(s.conversation, Party::Manager)
                .await
                .is_ok()
        );
        assert_eq!(
            s.anne.conversation(s.conversation).await.unwrap().status,
            ConversationStatus::Ready
        );
    }
);

db_test!(
    async fn the_agenda_shows_each_side_only_what_was_shared(app: TestApp) {
        let s = setup(&app, false).await;
        let mine = answers(&[("motivation", Answer::Text("Borgerkontakten".into()))]);
        s.anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: mine,
                },
            )
            .await
            .unwrap();
        s.mette
            .save_preparation(
                s.conversation,
                Party::Manager,
                &PreparationWrite {
                    version: 0,
                    answers: answers(&[(
                        "strengths_seen",
                        Answer::Text("Rolig og grundig".into()),
                    )]),
                },
            )
            .await
            .unwrap();
        s.anne
            .share_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();

        let for_mette = s.mette.agenda(s.conversation).await.unwrap();
        let for_anne = s.anne.agenda(s.conversation).await.unwrap();

        let item = |agenda: &mus_domain::Agenda, key: &str| {
            agenda
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|i| i.key == key)
                .unwrap()
                .clone()
        };
        assert_eq!(
            item(&for_mette, "motivation").employee,
            Some(Answer::Text("Borgerkontakten".into()))
        );
        assert_eq!(
            item(&for_mette, "strengths_seen").manager,
            Some(Answer::Text("Rolig og grundig".into()))
        );
        assert_eq!(
            item(&for_anne, "strengths_seen").manager,
            None,
            "Mette has not shared"
        );
        assert!(for_anne.employee_shared && !for_anne.manager_shared);
        assert_eq!(
            code(s.colleague.agenda(s.conversation).await),
            Some(ErrorCode::NotFound)
        );
    }
);

db_test!(
    async fn a_former_manager_loses_access_to_the_preparation(app: TestApp) {
        let s = setup(&app, false).await;
        let hr_admin = app.create_user("Hanne Holm", Role::HrAdmin, None).await;
        let new_manager = app
            .create_user("Søren Østergaard", Role::Manager, None)
            .await;
        let me = s.anne.me().await.unwrap();
        s.anne
            .share_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();
        assert!(
            s.mette
                .preparation(s.conversation, Party::Employee)
                .await
                .is_ok()
        );

        app.signed_in(&hr_admin)
            .await
            .update_user(
                me.id,
                &mus_domain::UserPatch {
                    manager_id: Some(Some(new_manager.id)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();

        assert_eq!(
            code(s.mette.preparation(s.conversation, Party::Employee).await),
            Some(ErrorCode::NotFound)
        );
        assert_eq!(
            code(s.mette.agenda(s.conversation).await),
            Some(ErrorCode::NotFound)
        );
    }
);

db_test!(
    async fn a_new_manager_does_not_read_or_continue_the_notes_of_the_one_before(app: TestApp) {
        let s = setup(&app, false).await;
        let notes = answers(&[(
            "strengths_seen",
            Answer::Text("Mettes egne noter om Anne".into()),
        )]);
        s.mette
            .save_preparation(
                s.conversation,
                Party::Manager,
                &PreparationWrite {
                    version: 0,
                    answers: notes,
                },
            )
            .await
            .unwrap();
        let lars_user = app
            .create_user("Lars Østergaard", Role::Manager, None)
            .await;
        let anne_id = s.anne.me().await.unwrap().id;
        s.hr.update_user(
            anne_id,
            &mus_domain::UserPatch {
                manager_id: Some(Some(lars_user.id)),
                ..mus_domain::UserPatch::default()
            },
        )
        .await
        .unwrap();
        let lars = app.signed_in(&lars_user).await;

        // The open conversation is Lars's now, but Mette's notes are not.
        let own = lars
            .preparation(s.conversation, Party::Manager)
            .await
            .unwrap();
        assert_eq!(own.version, 0);
        assert!(own.answers.is_empty());
        let agenda = serde_json::to_string(&lars.agenda(s.conversation).await.unwrap()).unwrap();
        assert!(!agenda.contains("Mettes egne noter"));
        assert_eq!(
            code(s.mette.preparation(s.conversation, Party::Manager).await),
            Some(ErrorCode::NotFound)
        );
        let fresh = answers(&[("strengths_seen", Answer::Text("Lars' noter".into()))]);
        let saved = lars
            .save_preparation(
                s.conversation,
                Party::Manager,
                &PreparationWrite {
                    version: 0,
                    answers: fresh,
                },
            )
            .await
            .unwrap();
        assert_eq!(saved.version, 1);
        lars.share_preparation(s.conversation, Party::Manager)
            .await
            .unwrap();
        let seen = s
            .anne
            .preparation(s.conversation, Party::Manager)
            .await
            .unwrap();
        assert_eq!(
            seen.answers.get("strengths_seen"),
            Some(&Answer::Text("Lars' noter".into()))
        );
    }
);
