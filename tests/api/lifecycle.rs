//! The whole life of two yearly conversations over the API: year one from
//! preparation to a signed and amended summary with a check-in; year two
//! with a new manager, who reviews last year's agreements and carries one
//! over into the new summary.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use mus_client::{Client, ClientError};
use mus_domain::agreements::danish_date;
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, AgreementQuery, AgreementStatus, Answer,
    Answerer, CheckInCompletion, CheckInEntry, ConversationId, ConversationStatus, ErrorCode,
    Language, Meeting, NewRound, Party, PreparationWrite, Problem, Question, QuestionKind,
    ReviewDecision, Role, RoundDates, RoundFormat, SeenNotAgreed, SignRequest, Summary,
    SummaryContent, SummaryWrite, TemplateId, UserPatch,
};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn problem(result: Result<impl std::fmt::Debug, ClientError>) -> Problem {
    match result {
        Err(ClientError::Api(problem)) => *problem,
        other => panic!("expected a problem, got {other:?}"),
    }
}

/// The Danish classic form, as HR sees it.
pub async fn danish_form(hr: &Client) -> TemplateId {
    hr.templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .remove(0)
        .id
}

/// HR opens a round for the year, on the Danish classic form: preparation
/// due on 15 February, meetings in February and March.
///
/// The API opens a round only with a preparation deadline not yet past and
/// no later than the first meeting day; these rounds (of past years, or
/// with preparation due after the first meetings) are set up as a test
/// needs them: opened with dates the API accepts, then moved to their own
/// dates through the store ([`open_round_with_dates`]).
pub async fn open_round(app: &TestApp, hr: &Client, year: i32) -> TemplateId {
    let form = danish_form(hr).await;
    let dates = RoundDates {
        preparation_deadline: day(&format!("{year}-02-15")),
        meetings_from: day(&format!("{year}-02-01")),
        meetings_until: day(&format!("{year}-03-31")),
    };
    open_round_with_dates(app, hr, &format!("MUS {year}"), form, dates).await;
    form
}

/// HR opens this year's round with its meeting window around today, as
/// `mus seed` does, so that its meetings can be held today while
/// preparation is still due in a week (set up through the store, as in
/// [`open_round`]).
pub async fn open_round_around_today(app: &TestApp, hr: &Client) -> TemplateId {
    let form = danish_form(hr).await;
    let today = danish_date(Utc::now());
    let dates = RoundDates {
        preparation_deadline: today + Days::new(7),
        meetings_from: today - Days::new(14),
        meetings_until: today + Days::new(45),
    };
    open_round_with_dates(app, hr, &format!("MUS {}", today.year()), form, dates).await;
    form
}

/// Opens a round for everyone through the API, with dates it accepts
/// today, then gives it `dates` through the store: the way a test sets up a
/// round the API would not open today (one in the past, one whose
/// preparation is due after its first meetings).
pub async fn open_round_with_dates(
    app: &TestApp,
    hr: &Client,
    name: &str,
    form: TemplateId,
    dates: RoundDates,
) -> mus_domain::Round {
    open_round_as(app, hr, name, form, dates, RoundFormat::Individual, None).await
}

/// As [`open_round_with_dates`], in the given format (with the group form
/// of a round that holds both).
pub async fn open_round_as(
    app: &TestApp,
    hr: &Client,
    name: &str,
    form: TemplateId,
    dates: RoundDates,
    format: RoundFormat,
    group_form: Option<TemplateId>,
) -> mus_domain::Round {
    use mus_server::store::entities::round;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    // Due today, meetings on one day ten years from now: accepted whatever
    // rounds the test has set up before (none of them meets then).
    let today = danish_date(Utc::now());
    let far = today + Days::new(3650);
    let mut opened = hr
        .open_round(&NewRound {
            format,
            group_template_id: group_form,
            name: name.to_owned(),
            template_id: form,
            preparation_deadline: today,
            meetings_from: far,
            meetings_until: far,
            departments: vec![],
            simultaneous_reveal: false,
            reminder_days: mus_domain::rounds::default_reminder_days(),
        })
        .await
        .unwrap();
    round::Entity::update_many()
        .col_expr(
            round::Column::PreparationDeadline,
            Expr::value(dates.preparation_deadline),
        )
        .col_expr(
            round::Column::MeetingsFrom,
            Expr::value(dates.meetings_from),
        )
        .col_expr(
            round::Column::MeetingsUntil,
            Expr::value(dates.meetings_until),
        )
        .filter(round::Column::Id.eq(opened.id.0))
        .exec(&app.db)
        .await
        .unwrap();
    opened.preparation_deadline = dates.preparation_deadline;
    opened.meetings_from = dates.meetings_from;
    opened.meetings_until = dates.meetings_until;
    opened
}

/// Early this morning: 06:00 UTC is 07:00 or 08:00 on the same Danish day,
/// so a meeting at this time can be marked held today.
pub fn this_morning() -> String {
    format!("{}T06:00:00Z", danish_date(Utc::now()))
}

/// Every question of the form, in order.
pub async fn form_questions(hr: &Client, form: TemplateId) -> Vec<Question> {
    hr.template(form)
        .await
        .unwrap()
        .content
        .sections
        .into_iter()
        .flat_map(|s| s.questions)
        .collect()
}

/// The first question of the form that the employee answers in free text.
pub async fn employee_text_question(hr: &Client, form: TemplateId) -> Question {
    form_questions(hr, form)
        .await
        .into_iter()
        .find(|q| q.kind == QuestionKind::Text && q.answered_by != Answerer::Manager)
        .unwrap()
}

pub fn meeting(at: &str) -> Meeting {
    Meeting {
        starts_at: at.parse::<DateTime<Utc>>().unwrap(),
        minutes: 60,
        location: "Mødelokale 2, Rådhuset".into(),
    }
}

/// Takes a conversation to a held meeting.
pub async fn hold_meeting(manager: &Client, id: ConversationId, at: &str) {
    manager.schedule_meeting(id, &meeting(at)).await.unwrap();
    manager.mark_held(id).await.unwrap();
}

pub fn agreement(title: &str, category: AgreementCategory, due: &str) -> AgreementDraft {
    AgreementDraft {
        id: None,
        title: title.into(),
        description: format!("{title}: aftalt til MUS"),
        owner: AgreementOwner::Both,
        category,
        due_on: Some(day(due)),
        origin: None,
    }
}

pub fn sign(summary: &Summary) -> SignRequest {
    SignRequest {
        version: summary.version,
        content_hash: summary.content_hash.clone(),
        seen_not_agreed: None,
    }
}

pub fn write(summary: &Summary, content: SummaryContent) -> SummaryWrite {
    SummaryWrite {
        version: summary.version,
        revision: summary.revision,
        content,
    }
}

async fn new_manager(app: &TestApp, hr: &Client, employee: &TestUser, manager: &TestUser) {
    hr.update_user(
        employee.id,
        &UserPatch {
            manager_id: Some(Some(manager.id)),
            ..UserPatch::default()
        },
    )
    .await
    .unwrap();
    let _ = app;
}

db_test!(
    async fn two_years_of_conversations_from_preparation_to_follow_up(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let lars_user = app
            .create_user("Lars Østergaard", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let mette = app.signed_in(&mette_user).await;
        let lars = app.signed_in(&lars_user).await;
        let anne = app.signed_in(&anne_user).await;

        // ── Year one ──────────────────────────────────────────────────
        let form = open_round(&app, &hr, 2025).await;
        let first = anne.conversations().await.unwrap()[0].id;
        let question = employee_text_question(&hr, form).await;
        let answers = BTreeMap::from([(
            question.key.clone(),
            Answer::Text("Et godt år med det nye sagssystem.".into()),
        )]);
        anne.save_preparation(
            first,
            Party::Employee,
            &PreparationWrite {
                version: 0,
                answers,
            },
        )
        .await
        .unwrap();
        anne.share_preparation(first, Party::Employee)
            .await
            .unwrap();
        mette
            .share_preparation(first, Party::Manager)
            .await
            .unwrap();
        assert_eq!(
            anne.conversation(first).await.unwrap().status,
            ConversationStatus::Ready
        );

        // Nothing to write before the meeting.
        let proposal = mette.summary(first).await.unwrap();
        assert_eq!((proposal.version.get(), proposal.revision), (1, 0));
        assert!(proposal.content.agreements.is_empty());
        let early = mette
            .save_summary(first, &write(&proposal, SummaryContent::default()))
            .await;
        let early = problem(early);
        assert_eq!((early.status, early.code), (409, ErrorCode::WrongState));
        assert_eq!(early.reason.as_deref(), Some("meeting_not_held"));

        hold_meeting(&mette, first, "2025-02-10T08:00:00Z").await;

        // The employee writes only their feedback; the manager the rest.
        let mut content = SummaryContent {
            agreements: vec![
                agreement(
                    "Kursus i projektledelse",
                    AgreementCategory::CourseEducation,
                    "2027-09-01",
                ),
                agreement(
                    "Overtage kontakten til leverandøren",
                    AgreementCategory::TaskProject,
                    "2027-06-30",
                ),
            ],
            decisions: "Anne bliver superbruger på sagssystemet.".into(),
            ..SummaryContent::default()
        };
        content.assessment.performance = "Stabil og grundig.".into();
        let by_employee = anne
            .save_summary(first, &write(&proposal, content.clone()))
            .await;
        assert_eq!(problem(by_employee).code, ErrorCode::Forbidden);
        let drafted = mette
            .save_summary(first, &write(&proposal, content.clone()))
            .await
            .unwrap();
        assert_eq!(drafted.revision, 1);
        assert!(drafted.content.agreements.iter().all(|a| a.id.is_some()));
        assert_eq!(
            anne.conversation(first).await.unwrap().status,
            ConversationStatus::SummaryDraft
        );

        let mut with_feedback = drafted.content.clone();
        with_feedback.employee_feedback = "Tak for klar sparring i år.".into();
        let feedback = anne
            .save_summary(first, &write(&drafted, with_feedback))
            .await
            .unwrap();
        assert_eq!(feedback.revision, 2);
        // Mette's copy is now stale: nothing of hers is saved, and she gets
        // the current text to merge with.
        let stale = problem(
            mette
                .save_summary(first, &write(&drafted, drafted.content.clone()))
                .await,
        );
        assert_eq!(
            (stale.status, stale.code),
            (409, ErrorCode::VersionConflict)
        );
        assert_eq!(stale.current.as_ref().unwrap()["revision"], 2);
        assert_eq!(
            stale.current.as_ref().unwrap()["content"]["employee_feedback"],
            "Tak for klar sparring i år."
        );

        // A signature covers the exact text; an edit after it voids it.
        let signed_once = anne.sign_summary(first, &sign(&feedback)).await.unwrap();
        assert_eq!(signed_once.signatures.len(), 1);
        assert_eq!(
            anne.conversation(first).await.unwrap().status,
            ConversationStatus::AwaitingSignatures
        );
        let mut edited = feedback.content.clone();
        edited.decisions.push_str(" Evalueres efter et halvt år.");
        let edited = mette
            .save_summary(first, &write(&signed_once, edited))
            .await
            .unwrap();
        assert!(edited.signatures.is_empty());
        assert_eq!(
            anne.conversation(first).await.unwrap().status,
            ConversationStatus::SummaryDraft
        );
        let old_text = problem(anne.sign_summary(first, &sign(&feedback)).await);
        assert_eq!(old_text.reason.as_deref(), Some("summary_changed"));

        // Seen, not agreed — the employee's right, with a comment.
        let mut seen = sign(&edited);
        seen.seen_not_agreed = Some(SeenNotAgreed {
            comment: mus_domain::SeenNotAgreedComment::parse("Uenig i evalueringen.").unwrap(),
        });
        let by_manager = problem(mette.sign_summary(first, &seen).await);
        assert_eq!(
            (by_manager.status, by_manager.code),
            (422, ErrorCode::InvalidBody)
        );
        anne.sign_summary(first, &seen).await.unwrap();
        let locked = mette.sign_summary(first, &sign(&edited)).await.unwrap();
        assert!(locked.locked);
        assert_eq!(locked.signatures.len(), 2);
        assert_eq!(
            locked.signatures[0]
                .seen_not_agreed
                .as_ref()
                .unwrap()
                .comment
                .as_str(),
            "Uenig i evalueringen."
        );
        assert_eq!(
            anne.conversation(first).await.unwrap().status,
            ConversationStatus::Signed
        );
        let after_lock = problem(
            mette
                .save_summary(first, &write(&locked, locked.content.clone()))
                .await,
        );
        assert_eq!(after_lock.reason.as_deref(), Some("summary_locked"));
        // Locked is answered before whose part the body changes: the
        // manager's body without the employee's feedback, and the
        // employee's with the manager's text changed, are 409 too, not 403.
        let mut without_feedback = locked.content.clone();
        without_feedback.employee_feedback = String::new();
        let mut other_part = locked.content.clone();
        other_part.decisions = "Skrevet om af medarbejderen.".into();
        for (who, content) in [(&mette, without_feedback), (&anne, other_part)] {
            let refused = problem(who.save_summary(first, &write(&locked, content)).await);
            assert_eq!(
                (refused.status, refused.reason.as_deref()),
                (409, Some("summary_locked"))
            );
        }
        let twice = problem(mette.sign_summary(first, &sign(&locked)).await);
        assert_eq!(twice.reason.as_deref(), Some("already_signed"));

        // Follow-up: four check-ins, the agreements open.
        let check_ins = anne.check_ins(first).await.unwrap();
        assert_eq!(
            check_ins.iter().map(|c| c.months_after).collect::<Vec<_>>(),
            [3, 6, 9, 12]
        );
        let mine = anne.agreements(&AgreementQuery::default()).await.unwrap();
        assert_eq!(mine.items.len(), 2);
        assert!(mine.items.iter().all(|a| a.status == AgreementStatus::Open));
        let course = mine
            .items
            .iter()
            .find(|a| a.category == AgreementCategory::CourseEducation)
            .unwrap()
            .clone();
        let task = mine
            .items
            .iter()
            .find(|a| a.category == AgreementCategory::TaskProject)
            .unwrap()
            .clone();
        // The first check-in opens two weeks before it is due, not on the
        // day the summary is signed.
        let not_yet = problem(
            mette
                .complete_check_in(check_ins[0].id, &CheckInCompletion { entries: vec![] })
                .await,
        );
        assert_eq!(
            (not_yet.status, not_yet.code, not_yet.reason.as_deref()),
            (409, ErrorCode::TooEarly, Some("check_in_not_open"))
        );
        assert_eq!(
            not_yet.available_from,
            Some(mus_domain::CheckIn::opens_on(check_ins[0].due_on))
        );
        app.check_in_falls_due(check_ins[0].id).await;
        let completed = mette
            .complete_check_in(
                check_ins[0].id,
                &CheckInCompletion {
                    entries: vec![CheckInEntry {
                        agreement_id: course.id,
                        status: AgreementStatus::InProgress,
                        note: "Tilmeldt forårsholdet.".into(),
                    }],
                },
            )
            .await
            .unwrap();
        assert!(completed.completed_at.is_some());
        let again = problem(
            anne.complete_check_in(check_ins[0].id, &CheckInCompletion { entries: vec![] })
                .await,
        );
        assert_eq!(again.code, ErrorCode::Conflict);
        let in_progress = anne
            .agreements(&AgreementQuery {
                status: Some(AgreementStatus::InProgress),
                ..AgreementQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(in_progress.items.len(), 1);
        assert_eq!(in_progress.items[0].note, "Tilmeldt forårsholdet.");

        // An amendment is a new version both sign again; version 1 stays.
        let amended = mette.amend_summary(first).await.unwrap();
        assert_eq!((amended.version.get(), amended.locked), (2, false));
        let mut changed = amended.content.clone();
        changed.agreements[1].due_on = Some(day("2027-08-31"));
        let changed = mette
            .save_summary(first, &write(&amended, changed))
            .await
            .unwrap();
        anne.sign_summary(first, &sign(&changed)).await.unwrap();
        mette.sign_summary(first, &sign(&changed)).await.unwrap();
        let versions = anne.summary_versions(first).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert!(versions.iter().all(|v| v.locked && v.signatures.len() == 2));
        let original = anne.summary_version(first, 1).await.unwrap();
        assert_eq!(
            original.content.agreements[1].due_on,
            Some(day("2027-06-30"))
        );
        // Progress survives the amendment; no second set of check-ins.
        assert_eq!(anne.check_ins(first).await.unwrap().len(), 4);
        let progress = anne
            .agreements(&AgreementQuery {
                status: Some(AgreementStatus::InProgress),
                ..AgreementQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(progress.items[0].id, course.id);

        let team = mette
            .agreements(&AgreementQuery {
                team: Some(mette_user.id),
                ..AgreementQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(team.items.len(), 2);
        // Every read of Anne's record by her manager is in her access log.
        let log = anne.access_log(None).await.unwrap().items;
        let read_by_mette = |action| {
            log.iter().any(|e| {
                e.action == action && e.actor.as_ref().is_some_and(|a| a.id == mette_user.id)
            })
        };
        assert!(read_by_mette(mus_domain::AuditAction::SummaryRead));
        assert!(read_by_mette(mus_domain::AuditAction::AgreementsRead));

        // HR sees figures, never the text.
        assert_eq!(problem(hr.summary(first).await).code, ErrorCode::NotFound);
        assert!(
            hr.agreements(&AgreementQuery::default())
                .await
                .unwrap()
                .items
                .is_empty()
        );

        // ── Year two, with a new manager ──────────────────────────────
        new_manager(&app, &hr, &anne_user, &lars_user).await;
        open_round(&app, &hr, 2026).await;
        let second = anne
            .conversations()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.round_name == "MUS 2026")
            .unwrap()
            .id;

        // The record travels with Anne: Lars reads her signed summary and
        // last year's agreements; Mette's access ends.
        assert_eq!(
            problem(mette.previous_agreements(second).await).code,
            ErrorCode::NotFound
        );
        assert_eq!(
            problem(mette.summary(first).await).code,
            ErrorCode::NotFound
        );
        assert_eq!(lars.summary(first).await.unwrap().version.get(), 2);
        let previous = lars.previous_agreements(second).await.unwrap();
        assert_eq!(previous.len(), 2);
        let status_of = |id| {
            previous
                .iter()
                .find(|p| p.agreement.id == id)
                .unwrap()
                .agreement
                .status
        };
        assert_eq!(status_of(course.id), AgreementStatus::InProgress);
        assert_eq!(status_of(task.id), AgreementStatus::Open);

        anne.review_previous_agreement(second, course.id, ReviewDecision::CarryOver)
            .await
            .unwrap();
        anne.review_previous_agreement(second, task.id, ReviewDecision::Done)
            .await
            .unwrap();
        let reviewed = lars
            .review_previous_agreement(second, task.id, ReviewDecision::Done)
            .await
            .unwrap();
        assert_eq!(reviewed.outcome, Some(ReviewDecision::Done));
        let agenda = lars.agenda(second).await.unwrap();
        assert_eq!(
            agenda.carried.iter().map(|a| a.id).collect::<Vec<_>>(),
            [course.id]
        );

        hold_meeting(&lars, second, "2026-02-16T09:00:00Z").await;
        let proposal = lars.summary(second).await.unwrap();
        assert_eq!(proposal.revision, 0);
        assert_eq!(proposal.content.agreements.len(), 1);
        assert_eq!(proposal.content.agreements[0].origin, Some(course.id));
        assert_eq!(
            proposal.content.agreements[0].title,
            "Kursus i projektledelse"
        );
        let mut content = proposal.content.clone();
        content.agreements[0].due_on = Some(day("2028-12-01"));
        let drafted = lars
            .save_summary(second, &write(&proposal, content))
            .await
            .unwrap();
        anne.sign_summary(second, &sign(&drafted)).await.unwrap();
        lars.sign_summary(second, &sign(&drafted)).await.unwrap();

        // Last year's agreements are settled as reviewed: the task done, the
        // course followed up under its new agreement.
        let open = anne.agreements(&AgreementQuery::default()).await.unwrap();
        let titles: Vec<_> = open
            .items
            .iter()
            .map(|a| (a.title.as_str(), a.status, a.origin))
            .collect();
        assert!(titles.contains(&(
            "Kursus i projektledelse",
            AgreementStatus::Open,
            Some(course.id)
        )));
        assert!(titles.contains(&(
            "Overtage kontakten til leverandøren",
            AgreementStatus::Done,
            None
        )));
        assert_eq!(
            open.items.len(),
            2,
            "the carried-over original is not listed twice"
        );
        let team = lars
            .agreements(&AgreementQuery {
                team: Some(lars_user.id),
                ..AgreementQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(team.items.len(), 2);
        assert!(
            mette
                .agreements(&AgreementQuery::default())
                .await
                .unwrap()
                .items
                .is_empty()
        );
    }
);

db_test!(
    async fn bad_summaries_are_refused_and_change_nothing(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let mette = app.signed_in(&mette_user).await;
        open_round(&app, &hr, 2025).await;
        let id = app
            .signed_in(&anne_user)
            .await
            .conversations()
            .await
            .unwrap()[0]
            .id;
        hold_meeting(&mette, id, "2025-02-10T08:00:00Z").await;
        let proposal = mette.summary(id).await.unwrap();

        let mut too_late = agreement("Kursus", AgreementCategory::CourseEducation, "2031-01-01");
        too_late.title = "x".repeat(201);
        let bad = SummaryContent {
            agreements: vec![too_late],
            decisions: "y".repeat(10_001),
            ..SummaryContent::default()
        };
        let refused = problem(mette.save_summary(id, &write(&proposal, bad)).await);
        assert_eq!(
            (refused.status, refused.code),
            (422, ErrorCode::InvalidBody)
        );
        let fields: Vec<_> = refused.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["decisions", "agreements/0/title", "agreements/0/due_on"]
        );

        let mut unknown_origin =
            agreement("Kursus", AgreementCategory::CourseEducation, "2027-09-01");
        unknown_origin.origin = Some(mus_domain::AgreementId::new());
        let refused = problem(
            mette
                .save_summary(
                    id,
                    &write(
                        &proposal,
                        SummaryContent {
                            agreements: vec![unknown_origin],
                            ..SummaryContent::default()
                        },
                    ),
                )
                .await,
        );
        assert_eq!(refused.errors[0].field, "agreements/0/origin");

        // Wrong enum values and unknown fields never reach the service.
        for body in [
            serde_json::json!({ "version": 1, "revision": 0, "content": { "agreements": [
                { "title": "Kursus", "owner": "ceo", "category": "other" } ] } }),
            serde_json::json!({ "version": 1, "revision": 0, "content": { "agreements": [
                { "title": "Kursus", "owner": "both", "category": "holiday" } ] } }),
            serde_json::json!({ "version": 0, "revision": 0, "content": {} }),
            serde_json::json!({ "version": 1, "revision": 0, "content": { "desicions": "x" } }),
        ] {
            let refused = problem(
                mette
                    .send::<Summary, _>(
                        reqwest::Method::PUT,
                        &format!("conversations/{id}/summary"),
                        Some(&body),
                    )
                    .await,
            );
            assert_eq!(refused.status, 422, "{body}");
        }
        let wrong_version = problem(
            mette
                .save_summary(
                    id,
                    &SummaryWrite {
                        version: mus_domain::SummaryVersion::new(2).unwrap(),
                        revision: 0,
                        content: SummaryContent::default(),
                    },
                )
                .await,
        );
        assert_eq!(wrong_version.code, ErrorCode::VersionConflict);

        // Nothing was saved by any of it.
        let unchanged = mette.summary(id).await.unwrap();
        assert_eq!(unchanged.revision, 0);
        assert_eq!(
            mette.conversation(id).await.unwrap().status,
            ConversationStatus::Held
        );
        assert!(mette.summary_versions(id).await.unwrap().is_empty());
        let unknown = problem(mette.summary_version(id, 1).await);
        assert_eq!(unknown.code, ErrorCode::NotFound);
        let unknown = problem(mette.summary(ConversationId::new()).await);
        assert_eq!(unknown.code, ErrorCode::NotFound);
    }
);
