//! Preparation: private until shared, autosaved without lost words.

use std::collections::BTreeMap;

use mus_client::{Client, ClientError};
use mus_domain::preparation::MAX_ANSWER_CHARS;
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
    open_round(&hr, simultaneous_reveal).await;
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

/// HR opens this year's round on the shipped classic form.
async fn open_round(hr: &Client, simultaneous_reveal: bool) {
    let classic = hr
        .templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some("classic"))
        .unwrap();
    let today = mus_domain::agreements::danish_date(chrono::Utc::now());
    hr.open_round(&NewRound {
        format: mus_domain::RoundFormat::Individual,
        group_template_id: None,
        name: "MUS 2027".into(),
        template_id: classic.id,
        preparation_deadline: today + chrono::Days::new(7),
        meetings_from: today + chrono::Days::new(7),
        meetings_until: today + chrono::Days::new(60),
        departments: vec![],
        simultaneous_reveal,
        reminder_days: mus_domain::rounds::default_reminder_days(),
    })
    .await
    .unwrap();
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
        let log = s.anne.access_log(None).await.unwrap().items;
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

        // A version no preparation can have is stale too, not an error.
        let beyond = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: u32::MAX,
                    answers: BTreeMap::new(),
                },
            )
            .await;
        assert_eq!(code(beyond), Some(ErrorCode::VersionConflict));
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
    async fn an_answer_too_long_is_refused_alone_and_the_rest_is_saved(app: TestApp) {
        let s = setup(&app, false).await;
        let first = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: 0,
                    answers: answers(&[("year_highlights", Answer::Text("Første udkast".into()))]),
                },
            )
            .await
            .unwrap();
        let too_long = "ø".repeat(MAX_ANSWER_CHARS + 1);

        let saved = s
            .anne
            .save_preparation(
                s.conversation,
                Party::Employee,
                &PreparationWrite {
                    version: first.version,
                    answers: answers(&[
                        ("year_highlights", Answer::Text(too_long.clone())),
                        ("year_difficulties", Answer::Text("Travlt i foråret".into())),
                        ("tasks_now", Answer::Text(too_long.clone())),
                        ("wellbeing_scale", Answer::Scale(4)),
                    ]),
                },
            )
            .await
            .unwrap();
        let read = s
            .anne
            .preparation(s.conversation, Party::Employee)
            .await
            .unwrap();

        // The two answers too long are named, with the limit; each keeps
        // what was saved before (the first draft, or nothing), and the
        // other answers are saved.
        let fields: Vec<&str> = saved.not_saved.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["answers/tasks_now", "answers/year_highlights"]);
        assert!(
            saved.not_saved[0].message.contains("20000"),
            "{}",
            saved.not_saved[0].message
        );
        assert_eq!(saved.version, first.version + 1);
        let expected = answers(&[
            ("year_highlights", Answer::Text("Første udkast".into())),
            ("year_difficulties", Answer::Text("Travlt i foråret".into())),
            ("wellbeing_scale", Answer::Scale(4)),
        ]);
        assert_eq!(saved.answers, expected);
        assert_eq!(read.answers, expected);
        assert!(read.not_saved.is_empty());
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

/// A manager with `size` reports and a round open: the manager signed in,
/// and each report signed in with their conversation.
async fn team(app: &TestApp, size: usize) -> (Client, Client, Vec<(Client, ConversationId)>) {
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let mut reports = Vec::with_capacity(size);
    for i in 0..size {
        let name = format!("Medarbejder {i}");
        reports.push(app.create_user(&name, Role::Employee, Some(&manager)).await);
    }
    let hr = app.signed_in(&hr_user).await;
    open_round(&hr, false).await;
    let mut signed_in = Vec::with_capacity(size);
    for report in &reports {
        let client = app.signed_in(report).await;
        let id = client.conversations().await.unwrap()[0].id;
        signed_in.push((client, id));
    }
    (hr, app.signed_in(&manager).await, signed_in)
}

/// One save as its author sends it, for saves sent side by side.
async fn send(
    author: Client,
    id: ConversationId,
    side: Party,
    version: u32,
    answers: BTreeMap<String, Answer>,
) -> Result<mus_domain::Preparation, ClientError> {
    author
        .save_preparation(id, side, &PreparationWrite { version, answers })
        .await
}

fn motivation(text: &str) -> BTreeMap<String, Answer> {
    answers(&[("motivation", Answer::Text(text.into()))])
}

/// How many saves the access log holds.
async fn saves_logged(hr: &Client) -> usize {
    hr.audit(&mus_client::AuditQuery {
        action: Some(AuditAction::PreparationSaved),
        limit: Some(100),
        ..mus_client::AuditQuery::default()
    })
    .await
    .unwrap()
    .items
    .len()
}

db_test!(
    async fn saves_arriving_together_are_each_decided_on_their_own(app: TestApp) {
        let (hr, mette, reports) = team(&app, 12).await;
        let mut saves = tokio::task::JoinSet::new();
        for (i, (author, id)) in reports.iter().enumerate() {
            let text = motivation(&format!("Noter fra medarbejder {i}"));
            let save = send(author.clone(), *id, Party::Employee, 0, text);
            saves.spawn(async move { (i, save.await) });
        }
        let (first, first_id) = reports[0].clone();
        let second_tab = send(
            first,
            first_id,
            Party::Employee,
            0,
            motivation("Den anden fane"),
        );
        let (second, second_id) = reports[1].clone();
        let unfit = send(
            second,
            second_id,
            Party::Employee,
            0,
            answers(&[("no_such_question", Answer::Text("?".into()))]),
        );
        let (third, _) = reports[2].clone();
        let trespass = send(
            third,
            reports[3].1,
            Party::Employee,
            0,
            motivation("Ikke mine"),
        );
        let managers_own = send(
            mette.clone(),
            reports[4].1,
            Party::Manager,
            0,
            answers(&[("strengths_seen", Answer::Text("Grundig og rolig".into()))]),
        );

        let (second_tab, unfit, trespass, managers_own, firsts) =
            tokio::join!(second_tab, unfit, trespass, managers_own, saves.join_all());

        // Report 0 saved version 0 twice: exactly one stands, and it is
        // what is stored.
        let own_first = &firsts.iter().find(|(i, _)| *i == 0).unwrap().1;
        let (winner, loser) = match (own_first, &second_tab) {
            (Ok(saved), Err(lost)) | (Err(lost), Ok(saved)) => (saved.clone(), lost),
            other => panic!("one of two first saves stands: {other:?}"),
        };
        assert_eq!(loser.code(), Some(ErrorCode::VersionConflict));
        let stored = reports[0]
            .0
            .preparation(first_id, Party::Employee)
            .await
            .unwrap();
        assert_eq!((stored.version, stored.answers), (1, winner.answers));

        assert_eq!(code(unfit), Some(ErrorCode::InvalidBody));
        assert_eq!(code(trespass), Some(ErrorCode::NotFound));
        assert_eq!(managers_own.unwrap().version, 1);
        assert_eq!(
            mette
                .preparation(reports[4].1, Party::Manager)
                .await
                .unwrap()
                .answers
                .get("strengths_seen"),
            Some(&Answer::Text("Grundig og rolig".into()))
        );
        for (i, saved) in firsts.iter().filter(|(i, _)| *i != 0) {
            let (author, id) = &reports[*i];
            let expected = motivation(&format!("Noter fra medarbejder {i}"));
            assert_eq!(saved.as_ref().unwrap().answers, expected, "report {i}");
            let stored = author.preparation(*id, Party::Employee).await.unwrap();
            assert_eq!(
                (stored.version, stored.answers),
                (1, expected),
                "report {i}"
            );
        }
        // Then every report saves again, on the version they hold (report
        // 6's tab on one it never had); later versions go into one statement.
        let mut again = tokio::task::JoinSet::new();
        for (i, (author, id)) in reports.iter().enumerate() {
            let version = if i == 6 { 7 } else { 1 };
            let text = motivation(&format!("Rettet af medarbejder {i}"));
            let save = send(author.clone(), *id, Party::Employee, version, text);
            again.spawn(async move { (i, save.await) });
        }
        for (i, outcome) in again.join_all().await {
            let (author, id) = &reports[i];
            let stored = author.preparation(*id, Party::Employee).await.unwrap();
            if i == 6 {
                let ClientError::Api(problem) = outcome.unwrap_err() else {
                    panic!("a problem")
                };
                assert_eq!(problem.code, ErrorCode::VersionConflict);
                let current: mus_domain::Preparation =
                    serde_json::from_value(problem.current.unwrap()).unwrap();
                assert_eq!(current, stored);
                assert_eq!(stored.version, 1);
            } else {
                assert_eq!(outcome.unwrap(), stored, "report {i}");
                let expected = motivation(&format!("Rettet af medarbejder {i}"));
                assert_eq!(
                    (stored.version, stored.answers),
                    (2, expected),
                    "report {i}"
                );
            }
        }

        // Twelve first saves (one of them twice), the manager's, and eleven
        // second ones: one entry in the access log for each save that stands.
        assert_eq!(saves_logged(&hr).await, 12 + 1 + 11);
        let preparing = reports[4].0.conversations().await.unwrap()[0].status;
        assert_eq!(preparing, ConversationStatus::Preparing);
    }
);

db_test!(
    async fn a_save_the_database_refuses_fails_alone(app: TestApp) {
        use sea_orm::{ConnectionTrait, DbBackend};

        let (hr, _, reports) = team(&app, 8).await;
        let refuse = match app.db.get_database_backend() {
            DbBackend::Postgres => {
                "CREATE FUNCTION refuse_marked() RETURNS trigger AS $$ BEGIN \
                   IF NEW.answers LIKE '%refuse me%' THEN RAISE EXCEPTION 'refused'; END IF; \
                   RETURN NEW; END $$ LANGUAGE plpgsql; \
                 CREATE TRIGGER refuse_marked BEFORE INSERT OR UPDATE ON preparations \
                   FOR EACH ROW EXECUTE FUNCTION refuse_marked();"
            }
            _ => {
                "CREATE TRIGGER refuse_marked_insert BEFORE INSERT ON preparations \
                   WHEN NEW.answers LIKE '%refuse me%' \
                   BEGIN SELECT RAISE(ABORT, 'refused'); END; \
                 CREATE TRIGGER refuse_marked_update BEFORE UPDATE ON preparations \
                   WHEN NEW.answers LIKE '%refuse me%' \
                   BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            }
        };
        app.db.execute_unprepared(refuse).await.unwrap();
        // Every report saves at once, `refused` with words the database
        // refuses; each save on the version its author holds.
        let save_all = |round: &'static str, refused: usize, versions: Vec<u32>| {
            let mut saves = tokio::task::JoinSet::new();
            for (i, (author, id)) in reports.iter().enumerate() {
                let text = if i == refused {
                    "refuse me".to_owned()
                } else {
                    format!("{round} {i}")
                };
                let save = send(
                    author.clone(),
                    *id,
                    Party::Employee,
                    versions[i],
                    motivation(&text),
                );
                saves.spawn(async move { (i, save.await) });
            }
            saves.join_all()
        };

        // First saves: report 5's fails.
        let first = save_all("Noter", 5, vec![0; 8]).await;
        // Later versions, which go into one statement together: report 2's
        // fails, and report 5 starts again from version 0.
        let mut versions = vec![1; 8];
        versions[5] = 0;
        let second = save_all("Rettet", 2, versions).await;

        for (i, outcome) in first {
            assert_eq!(
                outcome.is_ok(),
                i != 5,
                "first save of report {i}: {outcome:?}"
            );
        }
        for (i, outcome) in second {
            let (author, id) = &reports[i];
            let stored = author.preparation(*id, Party::Employee).await.unwrap();
            if i == 2 {
                assert_eq!(code(outcome), Some(ErrorCode::Internal));
                assert_eq!((stored.version, stored.answers), (1, motivation("Noter 2")));
            } else {
                assert_eq!(outcome.unwrap().version, stored.version, "report {i}");
                let expected = (
                    if i == 5 { 1 } else { 2 },
                    motivation(&format!("Rettet {i}")),
                );
                assert_eq!((stored.version, stored.answers), expected, "report {i}");
            }
        }
        assert_eq!(saves_logged(&hr).await, 7 + 7);
    }
);
