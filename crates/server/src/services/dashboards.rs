//! The three dashboards. Each runs a fixed number of SQL statements however
//! large the team or the organisation: lists are read with one statement
//! each (sub-queries instead of id lists), and put together in memory.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use mus_domain::agreements::danish_date;
use mus_domain::{
    Agreement, AgreementCategory, AgreementStatus, AuditAction, CheckIn, CheckInDue, Completion,
    ConversationStatus, DepartmentRef, GroupCompletion, GroupFigures, MyConversation, MyDashboard,
    NextStep, OrganisationDashboard, Party, PersonRef, RoundId, RoundRef, TeamDashboard, TeamRow,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use actix_web::web::Bytes;

use super::audit::{self, Event};
use super::cache::{DashboardCache, Key};
use super::follow_up::{self, reports_of};
use super::lifecycle;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{
    agreement, audit_event, check_in, conversation, department, group_conversation, group_member,
    preparation, round, user,
};
use crate::store::rules;

/// The team dashboard as JSON, kept for whoever asks again
/// ([`DashboardCache`]). The course wishes it shows are recorded as read in
/// the reports' access logs when it is read from the database.
pub async fn team_json(
    db: &DatabaseConnection,
    cache: &DashboardCache,
    actor: &AuthUser,
    round: Option<RoundId>,
) -> Result<Bytes, AppError> {
    let key = Key::Team {
        manager: actor.id.0,
        round,
    };
    cache
        .get_or_read(key, || async move {
            let dashboard = team(db, actor, round).await?;
            record_course_wish_reads(db, actor, &dashboard).await?;
            json(&dashboard)
        })
        .await
}

/// The organisation dashboard as JSON, kept like the team's.
pub async fn organisation_json(
    db: &DatabaseConnection,
    cache: &DashboardCache,
    round: Option<RoundId>,
) -> Result<Bytes, AppError> {
    cache
        .get_or_read(Key::Organisation { round }, || async move {
            json(&organisation(db, round).await?)
        })
        .await
}

fn json(dashboard: &impl serde::Serialize) -> Result<Bytes, AppError> {
    Ok(Bytes::from(serde_json::to_vec(dashboard)?))
}

/// The employee's own: next conversation, open agreements, next check-in.
pub async fn me(db: &DatabaseConnection, actor: &AuthUser) -> Result<MyDashboard, AppError> {
    let today = danish_date(Utc::now());
    let current = conversation::Entity::find()
        .filter(conversation::Column::EmployeeId.eq(actor.id.0))
        .filter(conversation::Column::Status.ne(ConversationStatus::Cancelled.as_str()))
        .order_by_desc(conversation::Column::CreatedAt)
        .one(db)
        .await?;
    let conversation = match current {
        Some(row) => Some(my_conversation(db, row).await?),
        None => None,
    };
    let open = agreement::Entity::find()
        .filter(agreement::Column::EmployeeId.eq(actor.id.0))
        .filter(rules::agreement_is_open())
        .filter(agreement::Column::CarriedInto.is_null())
        .order_by_asc(agreement::Column::DueOn)
        .all(db)
        .await?;
    let me = user::Entity::find_by_id(actor.id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = HashMap::from([(me.id, me.name)]);
    let open_agreements = open
        .iter()
        .map(|a| follow_up::agreement_to_domain(a, &names, today))
        .collect::<Result<Vec<_>, _>>()?;
    let next_check_in = check_in::Entity::find()
        .filter(check_in::Column::EmployeeId.eq(actor.id.0))
        .filter(check_in::Column::CompletedAt.is_null())
        .order_by_asc(check_in::Column::DueOn)
        .one(db)
        .await?
        .map(|row| CheckInDue {
            id: row.id.into(),
            conversation_id: row.conversation_id.into(),
            due_on: row.due_on,
            overdue: CheckIn::is_overdue(row.due_on, row.completed_at.is_some(), today),
        });
    let mine = Query::select()
        .column(group_member::Column::GroupId)
        .from(group_member::Entity)
        .and_where(group_member::Column::UserId.eq(actor.id.0))
        .and_where(group_member::Column::LeftAt.is_null())
        .to_owned();
    let newest_group = group_conversation::Entity::find()
        .filter(group_conversation::Column::Id.in_subquery(mine))
        .order_by_desc(group_conversation::Column::CreatedAt)
        .limit(1)
        .all(db)
        .await?;
    let group = super::groups::rows(db, actor, newest_group).await?.pop();
    Ok(MyDashboard {
        conversation,
        open_agreements,
        next_check_in,
        group,
        plan_next_step: super::plans::next_step(db, actor).await?,
    })
}

async fn my_conversation(
    db: &DatabaseConnection,
    row: conversation::Model,
) -> Result<MyConversation, AppError> {
    let state = lifecycle::state_of(&row)?;
    let round = round::Entity::find_by_id(row.round_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("conversation {} has no round", row.id))?;
    let manager_name = user::Entity::find_by_id(row.manager_id)
        .one(db)
        .await?
        .map(|m| m.name)
        .unwrap_or_default();
    let mine = preparation::Entity::find()
        .filter(preparation::Column::ConversationId.eq(row.id))
        .filter(preparation::Column::Side.eq(Party::Employee.as_str()))
        .one(db)
        .await?;
    let my_version = mine
        .as_ref()
        .map_or(0, |p| u32::try_from(p.version).unwrap_or(0));
    let i_have_shared = state.has_shared_preparation(Party::Employee);
    let signed_by: Vec<Party> = state.signatures().map(|s| s.by).collect();
    Ok(MyConversation {
        id: row.id.into(),
        round_id: row.round_id.into(),
        round_name: round.name,
        manager: PersonRef {
            id: row.manager_id.into(),
            name: manager_name,
        },
        status: state.status(),
        preparation_deadline: round.preparation_deadline,
        meeting: super::rounds::meeting_of(&row),
        my_preparation_version: my_version,
        i_have_shared,
        manager_has_shared: state.has_shared_preparation(Party::Manager),
        next_step: NextStep::for_party(
            state.status(),
            my_version,
            i_have_shared,
            signed_by.contains(&Party::Employee),
        ),
        signed_by,
    })
}

/// The manager's direct reports in a round (the newest their team is in,
/// unless `round` names one).
pub async fn team(
    db: &DatabaseConnection,
    actor: &AuthUser,
    round: Option<RoundId>,
) -> Result<TeamDashboard, AppError> {
    let today = danish_date(Utc::now());
    let mut reports = user::Entity::find()
        .filter(user::Column::ManagerId.eq(actor.id.0))
        .all(db)
        .await?;
    // In Danish order (Æ, Ø, Å after Z), which no database collation
    // gives on both SQLite and PostgreSQL.
    reports.sort_by(|a, b| mus_domain::danish_order(&a.name, &b.name));
    let names: HashMap<Uuid, String> = reports.iter().map(|u| (u.id, u.name.clone())).collect();
    let team_conversations = Query::select()
        .column(conversation::Column::RoundId)
        .from(conversation::Entity)
        .and_where(conversation::Column::EmployeeId.in_subquery(reports_of(actor.id)))
        .to_owned();
    let team_groups = Query::select()
        .column(group_conversation::Column::RoundId)
        .from(group_conversation::Entity)
        .and_where(group_conversation::Column::ManagerId.eq(actor.id.0))
        .to_owned();
    let mut rounds = round::Entity::find();
    rounds = match round {
        Some(id) => rounds.filter(round::Column::Id.eq(id.0)),
        None => rounds.filter(
            sea_orm::Condition::any()
                .add(round::Column::Id.in_subquery(team_conversations))
                .add(round::Column::Id.in_subquery(team_groups)),
        ),
    };
    let round = rounds
        .order_by_desc(round::Column::CreatedAt)
        .one(db)
        .await?;
    let round_id = round.as_ref().map_or(Uuid::nil(), |r| r.id);
    let in_round = || {
        Query::select()
            .column(conversation::Column::Id)
            .from(conversation::Entity)
            .and_where(conversation::Column::RoundId.eq(round_id))
            .and_where(conversation::Column::EmployeeId.in_subquery(reports_of(actor.id)))
            .to_owned()
    };
    let conversations: HashMap<Uuid, conversation::Model> = conversation::Entity::find()
        .filter(conversation::Column::Id.in_subquery(in_round()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.employee_id, c))
        .collect();
    let departments: HashMap<Uuid, String> = department::Entity::find()
        .filter(
            department::Column::Id.in_subquery(
                Query::select()
                    .column(user::Column::DepartmentId)
                    .from(user::Entity)
                    .and_where(user::Column::ManagerId.eq(actor.id.0))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let open = agreement::Entity::find()
        .filter(agreement::Column::EmployeeId.in_subquery(reports_of(actor.id)))
        .filter(rules::agreement_is_open())
        .filter(agreement::Column::CarriedInto.is_null())
        .order_by_asc(agreement::Column::DueOn)
        .all(db)
        .await?;
    let next_check_ins: HashMap<Uuid, chrono::NaiveDate> = check_in::Entity::find()
        .select_only()
        .column(check_in::Column::EmployeeId)
        .column_as(check_in::Column::DueOn.min(), "due_on")
        .filter(check_in::Column::EmployeeId.in_subquery(reports_of(actor.id)))
        .filter(check_in::Column::CompletedAt.is_null())
        .group_by(check_in::Column::EmployeeId)
        .into_tuple::<(Uuid, chrono::NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let mut completion = Completion::default();
    let mut rows = Vec::with_capacity(reports.len());
    for report in &reports {
        let conversation = conversations.get(&report.id);
        let state = conversation.map(lifecycle::state_of).transpose()?;
        if let (Some(row), Some(state)) = (conversation, &state)
            && state.status() != ConversationStatus::Cancelled
        {
            completion.conversations += 1;
            completion.signed += u32::from(row.signed_at.is_some());
            completion.held += u32::from(!state.status().is_before_meeting());
        }
        let theirs = open.iter().filter(|a| a.employee_id == report.id);
        rows.push(TeamRow {
            employee: PersonRef {
                id: report.id.into(),
                name: report.name.clone(),
            },
            department: report.department_id.and_then(|id| {
                Some(DepartmentRef {
                    id: id.into(),
                    name: departments.get(&id)?.clone(),
                })
            }),
            conversation_id: conversation.map(|c| c.id.into()),
            status: state.as_ref().map(|s| s.status()),
            meeting_starts_at: conversation.and_then(|c| c.meeting_starts_at),
            employee_shared: state
                .as_ref()
                .is_some_and(|s| s.has_shared_preparation(Party::Employee)),
            manager_shared: state
                .as_ref()
                .is_some_and(|s| s.has_shared_preparation(Party::Manager)),
            signed_by: state
                .as_ref()
                .map(|s| s.signatures().map(|sig| sig.by).collect())
                .unwrap_or_default(),
            employee_seen_not_agreed: state
                .as_ref()
                .and_then(|s| s.signature_of(Party::Employee))
                .is_some_and(|sig| sig.seen_not_agreed.is_some()),
            open_agreements: count(theirs.clone().count()),
            overdue_agreements: count(
                theirs
                    .filter(|a| {
                        AgreementStatus::parse(&a.status)
                            .is_some_and(|status| Agreement::is_overdue(status, a.due_on, today))
                    })
                    .count(),
            ),
            next_check_in: next_check_ins.get(&report.id).copied(),
        });
    }
    let course_wishes = open
        .iter()
        .filter(|a| a.category == AgreementCategory::CourseEducation.as_str())
        .map(|a| follow_up::agreement_to_domain(a, &names, today))
        .collect::<Result<Vec<_>, _>>()?;
    let held = group_conversation::Entity::find()
        .filter(group_conversation::Column::ManagerId.eq(actor.id.0))
        .order_by_asc(group_conversation::Column::Name)
        .all(db)
        .await?;
    let signed: Vec<Uuid> = held
        .iter()
        .filter(|g| g.signed_at.is_some())
        .map(|g| g.id)
        .collect();
    let mut team_agreements: Vec<_> = super::groups::team_agreements_of(db, &signed)
        .await?
        .into_iter()
        .filter(|a| a.status.is_open())
        .collect();
    team_agreements.sort_by_key(|a| (a.due_on.is_none(), a.due_on));
    let in_round: Vec<_> = held
        .into_iter()
        .filter(|g| g.round_id == round_id)
        .collect();
    let groups = super::groups::rows(db, actor, in_round).await?;
    Ok(TeamDashboard {
        round: round.map(round_ref),
        rows,
        course_wishes,
        completion,
        groups,
        team_agreements,
    })
}

/// How long one recorded read of a report's course wishes covers the same
/// manager's later reads: a dashboard left open, or reloaded through the
/// day, is one entry in the report's access log per hour, not hundreds.
const DASHBOARD_READ_COVERS: chrono::Duration = chrono::Duration::hours(1);

/// The team's course wishes are agreements from the reports' summaries, so
/// showing them is a read of each report's record, and goes to their access
/// log. Two statements whatever the team's size, and a write only when a
/// report's last recorded read has grown older than an hour.
pub async fn record_course_wish_reads(
    db: &DatabaseConnection,
    actor: &AuthUser,
    dashboard: &TeamDashboard,
) -> Result<(), AppError> {
    let subjects: BTreeSet<Uuid> = dashboard
        .course_wishes
        .iter()
        .map(|wish| wish.employee.id.0)
        .collect();
    if subjects.is_empty() {
        return Ok(());
    }
    let recently: BTreeSet<Uuid> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::SubjectId)
        .filter(audit_event::Column::ActorId.eq(actor.id.0))
        .filter(audit_event::Column::Action.eq(AuditAction::AgreementsRead.as_str()))
        .filter(audit_event::Column::ResourceType.eq(DASHBOARD))
        .filter(audit_event::Column::At.gt(Utc::now() - DASHBOARD_READ_COVERS))
        .filter(audit_event::Column::SubjectId.is_in(subjects.iter().copied()))
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let due: Vec<Event> = subjects
        .difference(&recently)
        .map(|&subject| {
            Event::new(actor.id, AuditAction::AgreementsRead, DASHBOARD).about(subject.into())
        })
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    let (_turn, txn) = crate::store::begin_write(db).await?;
    audit::record_all(&txn, due).await?;
    txn.commit().await?;
    Ok(())
}

/// The resource type of reads made through the team dashboard.
const DASHBOARD: &str = "team_dashboard";

/// HR's view of a round (the newest, unless `round` names one): counts by
/// department and by manager, never content.
pub async fn organisation(
    db: &DatabaseConnection,
    round: Option<RoundId>,
) -> Result<OrganisationDashboard, AppError> {
    let today = danish_date(Utc::now());
    let mut rounds = round::Entity::find();
    if let Some(id) = round {
        rounds = rounds.filter(round::Column::Id.eq(id.0));
    }
    let round = rounds
        .order_by_desc(round::Column::CreatedAt)
        .one(db)
        .await?;
    let round_id = round.as_ref().map_or(Uuid::nil(), |r| r.id);
    // One row per (department, manager, status), with how many of them have
    // a signed summary.
    let groups: Vec<(Option<Uuid>, Uuid, String, i64, i64)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::DepartmentId)
        .column(conversation::Column::ManagerId)
        .column(conversation::Column::Status)
        .column_as(crate::store::count_rows(), "conversations")
        .column_as(conversation::Column::SignedAt.count(), "signed")
        .filter(conversation::Column::RoundId.eq(round_id))
        .group_by(conversation::Column::DepartmentId)
        .group_by(conversation::Column::ManagerId)
        .group_by(conversation::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let departments: HashMap<Uuid, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let managers: HashMap<Uuid, String> = user::Entity::find()
        .filter(
            user::Column::Id.in_subquery(
                Query::select()
                    .column(conversation::Column::ManagerId)
                    .from(conversation::Entity)
                    .and_where(conversation::Column::RoundId.eq(round_id))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let overdue_agreements = agreement::Entity::find()
        .select_only()
        .column_as(crate::store::count_rows(), "n")
        .filter(rules::agreement_is_overdue(today))
        .filter(agreement::Column::CarriedInto.is_null())
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0);
    let overdue_check_ins = check_in::Entity::find()
        .select_only()
        .column_as(crate::store::count_rows(), "n")
        .filter(rules::check_in_is_overdue(today))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0);

    let mut total = Completion::default();
    let mut by_department: HashMap<Option<Uuid>, Completion> = HashMap::new();
    let mut by_manager: HashMap<Uuid, Completion> = HashMap::new();
    for (department_id, manager_id, status, conversations, signed) in groups {
        let status = ConversationStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown conversation status {status}"))?;
        if status == ConversationStatus::Cancelled {
            continue;
        }
        let add = |completion: &mut Completion| {
            completion.conversations += count(conversations);
            completion.signed += count(signed);
            if !status.is_before_meeting() {
                completion.held += count(conversations);
            }
        };
        add(&mut total);
        add(by_department.entry(department_id).or_default());
        add(by_manager.entry(manager_id).or_default());
    }
    let mut by_department: Vec<GroupCompletion> = by_department
        .into_iter()
        .map(|(id, completion)| GroupCompletion {
            id,
            name: id.and_then(|id| departments.get(&id).cloned()),
            completion,
        })
        .collect();
    by_department.sort_by(|a, b| unnamed_first(a.name.as_deref(), b.name.as_deref()));
    let mut by_manager: Vec<GroupCompletion> = by_manager
        .into_iter()
        .map(|(id, completion)| GroupCompletion {
            id: Some(id),
            name: managers.get(&id).cloned(),
            completion,
        })
        .collect();
    by_manager.sort_by(|a, b| unnamed_first(a.name.as_deref(), b.name.as_deref()));
    let groups = group_figures(db, round_id, today).await?;
    let plans = super::plans::figures(db, &departments).await?;
    Ok(OrganisationDashboard {
        round: round.map(round_ref),
        total,
        by_department,
        by_manager,
        overdue_agreements: count(overdue_agreements),
        overdue_check_ins: count(overdue_check_ins),
        groups,
        plans,
    })
}

/// How far a round's group conversations have come: two statements.
async fn group_figures(
    db: &impl sea_orm::ConnectionTrait,
    round_id: Uuid,
    today: chrono::NaiveDate,
) -> Result<GroupFigures, AppError> {
    /// When a group meets, and when its summary was signed.
    type Progress = (Option<chrono::DateTime<Utc>>, Option<chrono::DateTime<Utc>>);
    let groups: Vec<Progress> = group_conversation::Entity::find()
        .select_only()
        .column(group_conversation::Column::MeetingStartsAt)
        .column(group_conversation::Column::SignedAt)
        .filter(group_conversation::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(db)
        .await?;
    let (members, acknowledged): (i64, i64) = group_member::Entity::find()
        .select_only()
        .column_as(crate::store::count_rows(), "members")
        .column_as(group_member::Column::AcknowledgedAt.count(), "acknowledged")
        .filter(group_member::Column::LeftAt.is_null())
        .filter(
            group_member::Column::GroupId.in_subquery(
                Query::select()
                    .column(group_conversation::Column::Id)
                    .from(group_conversation::Entity)
                    .and_where(group_conversation::Column::RoundId.eq(round_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, 0));
    Ok(GroupFigures {
        groups: count(groups.len()),
        held: count(
            groups
                .iter()
                .filter(|(meeting, signed)| {
                    signed.is_some() || meeting.is_some_and(|at| danish_date(at) <= today)
                })
                .count(),
        ),
        signed: count(groups.iter().filter(|(_, signed)| signed.is_some()).count()),
        members: count(members),
        acknowledged: count(acknowledged),
    })
}

fn round_ref(round: round::Model) -> RoundRef {
    RoundRef {
        id: round.id.into(),
        name: round.name,
        preparation_deadline: round.preparation_deadline,
        meetings_until: round.meetings_until,
    }
}

fn count<N: TryInto<u32>>(n: N) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// Groups in Danish order of their names, the one without a name (no
/// department, no manager) first.
fn unnamed_first(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => mus_domain::danish_order(a, b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}
