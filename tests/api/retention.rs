//! Privacy after the conversation: authors delete their own preparation
//! notes once the summary is signed, and `MUS_RETENTION_YEARS` after an
//! employee left, their conversation content is removed.

use std::collections::BTreeMap;

use mus_client::Client;
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, Answer, Answerer, AuditAction,
    ConversationId, ErrorCode, Party, PreparationWrite, QuestionKind, Role, SignRequest, Summary,
    SummaryContent, SummaryWrite, UserPatch,
};
use mus_server::services::people::apply_retention;
use mus_server::store::entities::{
    agreement, audit_event, check_in, conversation, preparation, summary_version,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::db_test;
use crate::helpers::{TestApp, TestUser};
use crate::lifecycle::{day, form_questions, hold_meeting, open_round, problem};

struct Signed {
    hr: Client,
    manager: Client,
    employee: Client,
    employee_user: TestUser,
    conversation: ConversationId,
}

fn sign(summary: &Summary) -> SignRequest {
    SignRequest {
        version: summary.version,
        content_hash: summary.content_hash.clone(),
        seen_not_agreed: None,
    }
}

/// Both sides prepare; returns the conversation once the meeting is held.
async fn prepared(app: &TestApp, name: &str) -> Signed {
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager_user = app.create_user("Mette Kjær", Role::Manager, None).await;
    let employee_user = app
        .create_user(name, Role::Employee, Some(&manager_user))
        .await;
    let hr = app.signed_in(&hr_user).await;
    let manager = app.signed_in(&manager_user).await;
    let employee = app.signed_in(&employee_user).await;
    let form = open_round(app, &hr, 2025).await;
    let questions = form_questions(&hr, form).await;
    let conversation = employee.conversations().await.unwrap()[0].id;
    for (client, side) in [(&employee, Party::Employee), (&manager, Party::Manager)] {
        let own = match side {
            Party::Employee => Answerer::Employee,
            Party::Manager => Answerer::Manager,
        };
        let key = questions
            .iter()
            .find(|q| {
                q.kind == QuestionKind::Text
                    && (q.answered_by == own || q.answered_by == Answerer::Both)
            })
            .unwrap()
            .key
            .clone();
        client
            .save_preparation(
                conversation,
                side,
                &PreparationWrite {
                    version: 0,
                    answers: BTreeMap::from([(key, Answer::Text(format!("Noter fra {side}")))]),
                },
            )
            .await
            .unwrap();
    }
    hold_meeting(&manager, conversation, "2025-02-10T08:00:00Z").await;
    Signed {
        hr,
        manager,
        employee,
        employee_user,
        conversation,
    }
}

/// Takes a held meeting to a summary signed by both, with one agreement.
async fn sign_summary(s: &Signed) {
    let proposal = s.manager.summary(s.conversation).await.unwrap();
    let content = SummaryContent {
        agreements: vec![AgreementDraft {
            id: None,
            title: "Kursus i projektledelse".into(),
            description: "Aftalt til MUS".into(),
            owner: AgreementOwner::Both,
            category: AgreementCategory::CourseEducation,
            due_on: Some(day("2027-09-01")),
            origin: None,
        }],
        decisions: "Fortsætter som hidtil.".into(),
        ..SummaryContent::default()
    };
    let drafted = s
        .manager
        .save_summary(
            s.conversation,
            &SummaryWrite {
                version: proposal.version,
                revision: proposal.revision,
                content,
            },
        )
        .await
        .unwrap();
    s.employee
        .sign_summary(s.conversation, &sign(&drafted))
        .await
        .unwrap();
    let locked = s
        .manager
        .sign_summary(s.conversation, &sign(&drafted))
        .await
        .unwrap();
    assert!(locked.locked);
}

db_test!(
    async fn an_author_deletes_their_own_notes_once_the_summary_is_signed(app: TestApp) {
        let s = prepared(&app, "Ulla Friis").await;

        let too_early = problem(
            s.employee
                .delete_preparation(s.conversation, Party::Employee)
                .await,
        );
        sign_summary(&s).await;
        let other_side = problem(
            s.employee
                .delete_preparation(s.conversation, Party::Manager)
                .await,
        );
        s.employee
            .delete_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();

        assert_eq!(
            (too_early.status, too_early.code),
            (409, ErrorCode::WrongState)
        );
        assert_eq!(too_early.reason.as_deref(), Some("summary_not_signed"));
        assert_eq!(
            (other_side.status, other_side.code),
            (404, ErrorCode::NotFound)
        );
        let gone = s
            .employee
            .preparation(s.conversation, Party::Employee)
            .await
            .unwrap();
        assert_eq!(gone.version, 0);
        assert!(gone.answers.is_empty());
        // The manager's notes are theirs, and stay.
        let kept = s
            .manager
            .preparation(s.conversation, Party::Manager)
            .await
            .unwrap();
        assert_eq!(kept.version, 1);
        assert_eq!(
            preparation::Entity::find()
                .filter(preparation::Column::ConversationId.eq(s.conversation.0))
                .count(&app.db)
                .await
                .unwrap(),
            1
        );
        // The signed summary is the record and is untouched.
        assert!(s.employee.summary(s.conversation).await.unwrap().locked);
        // Deleting again is no error.
        s.employee
            .delete_preparation(s.conversation, Party::Employee)
            .await
            .unwrap();
        // The deletion is in the log, once, by its author.
        let logged = events(&app, AuditAction::PreparationDeleted).await;
        assert_eq!(logged.len(), 1, "{logged:?}");
        assert_eq!(logged[0].actor_id, Some(s.employee_user.id.0));
        assert_eq!(logged[0].resource_id, Some(s.conversation.0));
    }
);

async fn events(app: &TestApp, action: AuditAction) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action.as_str()))
        .all(&app.db)
        .await
        .unwrap()
}

async fn count_for(app: &TestApp, conversation: ConversationId) -> [u64; 4] {
    let id = conversation.0;
    [
        summary_version::Entity::find()
            .filter(summary_version::Column::ConversationId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        preparation::Entity::find()
            .filter(preparation::Column::ConversationId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        agreement::Entity::find()
            .filter(agreement::Column::ConversationId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        check_in::Entity::find()
            .filter(check_in::Column::ConversationId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
    ]
}

db_test!(
    async fn retention_removes_the_content_of_people_who_left_long_enough_ago(app: TestApp) {
        let left = prepared(&app, "Viggo Brandt").await;
        sign_summary(&left).await;
        let today = day("2033-07-01");
        let before = count_for(&app, left.conversation).await;
        assert!(before.iter().all(|n| *n > 0), "{before:?}");

        let patched = left
            .hr
            .update_user(
                left.employee_user.id,
                &UserPatch {
                    left_on: Some(Some(day("2028-06-30"))),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(patched.left_on, Some(day("2028-06-30")));

        // Five years after leaving is not yet more than five years.
        let early = apply_retention(&app.db, 5, day("2033-06-30"))
            .await
            .unwrap();
        assert_eq!(early.people, 0);
        assert_eq!(count_for(&app, left.conversation).await, before);

        let report = apply_retention(&app.db, 5, today).await.unwrap();
        let later = apply_retention(&app.db, 5, today).await.unwrap();

        assert_eq!(report.people, 1);
        assert_eq!(report.summary_versions, before[0]);
        assert_eq!(report.preparations, before[1]);
        assert_eq!(report.agreements, before[2]);
        assert_eq!(report.check_ins, before[3]);
        assert_eq!(count_for(&app, left.conversation).await, [0, 0, 0, 0]);
        // The conversation stays as a bare fact, so round figures add up.
        assert!(
            conversation::Entity::find_by_id(left.conversation.0)
                .one(&app.db)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            (later.summary_versions, later.preparations),
            (0, 0),
            "a second run finds nothing left"
        );
        // The run that removed something is in the log, as the system's.
        let runs = events(&app, AuditAction::RetentionApplied).await;
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].actor_id, None);
    }
);

db_test!(
    async fn retention_keeps_the_content_of_people_who_stay_or_left_recently(app: TestApp) {
        let stays = prepared(&app, "Yrsa Dam").await;
        sign_summary(&stays).await;
        let before = count_for(&app, stays.conversation).await;
        let recent = app.create_user("Åse Kirk", Role::Employee, None).await;
        stays
            .hr
            .update_user(
                recent.id,
                &UserPatch {
                    left_on: Some(Some(day("2031-01-01"))),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();

        let report = apply_retention(&app.db, 5, day("2033-06-01"))
            .await
            .unwrap();

        assert_eq!(report.people, 0);
        assert_eq!(count_for(&app, stays.conversation).await, before);
        assert!(events(&app, AuditAction::RetentionApplied).await.is_empty());
    }
);
