//! Rounds and the conversations they create.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use mus_domain::rounds::{MAX_ROUND_NAME_CHARS, OpeningIssue};
use mus_domain::{
    AuditAction, Conversation, ConversationId, ConversationSnapshot, ConversationState,
    ConversationStatus, DepartmentId, DepartmentRef, ErrorCode, FieldError, GroupProgress,
    NewRound, PersonRef, Problem, Role, Round, RoundDates, RoundFormat, RoundId, RoundPatch,
    RoundProgress, StatusCount, TemplateId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::forms;
use super::pagination::valid_name;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{conversation, department, round, template, user};
use crate::store::{IN_LIST_CHUNK, begin_write};

/// Opens a round: freezes its form and creates one conversation for every
/// person in scope who has a nearest manager. One transaction.
/// Everyone in it is told (`services::notifications`): each employee is
/// asked to prepare, each manager once with the number of conversations.
pub async fn create(
    db: &DatabaseConnection,
    actor: &AuthUser,
    new: &NewRound,
    site: &url::Url,
) -> Result<Round, AppError> {
    let mut errors = Vec::new();
    let name = valid_name("name", &new.name, MAX_ROUND_NAME_CHARS, &mut errors);
    let dates = RoundDates {
        preparation_deadline: new.preparation_deadline,
        meetings_from: new.meetings_from,
        meetings_until: new.meetings_until,
    };
    let mut issues = Vec::new();
    if let Err(mut date_errors) = dates.validate() {
        errors.append(&mut date_errors);
    } else {
        issues = dates.opening_issues(mus_domain::agreements::danish_date(Utc::now()));
        errors.extend(issues.iter().map(|issue| issue.field_error()));
    }
    let reminder_days = mus_domain::rounds::valid_reminder_days(&new.reminder_days)
        .map_err(|error| errors.push(error))
        .ok();
    errors.extend(check_forms(db, new).await?);
    let departments: Vec<Uuid> = new.departments.iter().map(|d| d.0).collect();
    let known = department::Entity::find()
        .filter(department::Column::Id.is_in(departments.clone()))
        .count(db)
        .await?;
    if usize::try_from(known).unwrap_or_default() != departments.len() {
        errors.push(FieldError::new("departments", "no such department"));
    }
    let (Some(name), Some(reminder_days), true) = (name, reminder_days, errors.is_empty()) else {
        return Err(opening_refused(errors, &issues));
    };

    let (_turn, txn) = begin_write(db).await?;
    let mut in_scope = user::Entity::find().filter(user::Column::ManagerId.is_not_null());
    if !departments.is_empty() {
        in_scope = in_scope.filter(user::Column::DepartmentId.is_in(departments.clone()));
    }
    let people = in_scope.all(&txn).await?;
    if in_overlapping_round(&txn, &dates, &people).await? {
        let issue = OpeningIssue::OverlapsRound;
        return Err(opening_refused(vec![issue.field_error()], &[issue]));
    }
    forms::freeze(&txn, new.template_id).await?;
    if let Some(group_form) = new.group_template_id {
        forms::freeze(&txn, group_form).await?;
    }
    let now = Utc::now();
    let created = round::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name),
        template_id: Set(new.template_id.0),
        format: Set(new.format.as_str().to_owned()),
        group_template_id: Set(new.group_template_id.map(|id| id.0)),
        preparation_deadline: Set(new.preparation_deadline),
        meetings_from: Set(new.meetings_from),
        meetings_until: Set(new.meetings_until),
        departments: Set(serde_json::to_string(&departments)?),
        simultaneous_reveal: Set(new.simultaneous_reveal),
        reminder_days: Set(serde_json::to_string(&reminder_days)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let state = serde_json::to_string(&ConversationState::new().snapshot())?;
    let individual = if new.format.has_individual() {
        people.as_slice()
    } else {
        &[]
    };
    let conversations: Vec<conversation::ActiveModel> = individual
        .iter()
        .filter_map(|person| {
            Some(conversation::ActiveModel {
                id: Set(Uuid::new_v4()),
                round_id: Set(created.id),
                employee_id: Set(person.id),
                manager_id: Set(person.manager_id?),
                department_id: Set(person.department_id),
                status: Set(ConversationStatus::Planned.as_str().to_owned()),
                state: Set(state.clone()),
                meeting_starts_at: Set(None),
                meeting_minutes: Set(None),
                meeting_location: Set(None),
                signed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
        })
        .collect();
    // Bounded batches: SQLite limits the number of bound parameters.
    for batch in conversations.chunks(IN_LIST_CHUNK) {
        conversation::Entity::insert_many(batch.to_vec())
            .exec(&txn)
            .await?;
    }
    let opened = Event::new(actor.id, AuditAction::RoundOpened, "round").on(created.id);
    audit::record(&txn, opened).await?;
    let groups = if new.format.has_groups() {
        let active: Vec<user::Model> = people
            .iter()
            .filter(|p| !crate::auth::has_left(p.left_on))
            .cloned()
            .collect();
        super::groups::create_for_round(&txn, actor, &created, &active, now).await?
    } else {
        Vec::new()
    };
    tell_opened(&txn, &created, &conversations, &groups, site).await?;
    let announced = mus_domain::RoundOpened {
        round_id: created.id.into(),
        preparation_deadline: created.preparation_deadline,
        meetings_from: created.meetings_from,
        meetings_until: created.meetings_until,
        conversations: u32::try_from(conversations.len()).unwrap_or(u32::MAX),
    };
    super::webhooks::announce(&txn, mus_domain::WebhookData::Round(announced), false).await?;
    let round = to_domain(&txn, actor, vec![created]).await?.remove(0);
    txn.commit().await?;
    Ok(round)
}

/// The round's forms fit its format: a `group` round prepares from a group
/// form; an individual conversation from an individual form; a round that
/// holds both names its group form in `group_template_id`.
async fn check_forms(
    db: &impl ConnectionTrait,
    new: &NewRound,
) -> Result<Vec<FieldError>, AppError> {
    let kind_of = |id: TemplateId| async move {
        Ok::<_, AppError>(match template::Entity::find_by_id(id.0).one(db).await? {
            Some(form) => Some(form.kind == "group"),
            None => None,
        })
    };
    let mut errors = Vec::new();
    let main_is_group = kind_of(new.template_id).await?;
    match (main_is_group, new.format) {
        (None, _) => errors.push(FieldError::new("template_id", "no such form")),
        (Some(false), RoundFormat::Group) => errors.push(FieldError::new(
            "template_id",
            "a group round prepares from a group form",
        )),
        (Some(true), RoundFormat::Individual | RoundFormat::GroupThenIndividual) => {
            errors.push(FieldError::new(
                "template_id",
                "individual conversations need an individual form",
            ))
        }
        _ => {}
    }
    match (new.group_template_id, new.format) {
        (None, RoundFormat::GroupThenIndividual) => errors.push(FieldError::new(
            "group_template_id",
            "choose the group form",
        )),
        (Some(_), RoundFormat::Individual | RoundFormat::Group) => errors.push(FieldError::new(
            "group_template_id",
            "only a round with both group and individual conversations has a second form",
        )),
        (Some(id), RoundFormat::GroupThenIndividual) => match kind_of(id).await? {
            None => errors.push(FieldError::new("group_template_id", "no such form")),
            Some(false) => errors.push(FieldError::new("group_template_id", "not a group form")),
            Some(true) => {}
        },
        (None, _) => {}
    }
    Ok(errors)
}

/// 422 `invalid_body` with the refused fields; `reason` names the opening
/// rule broken (`OpeningIssue::code`), the first one if several are.
fn opening_refused(errors: Vec<FieldError>, issues: &[OpeningIssue]) -> AppError {
    let Some(first) = issues.first() else {
        return AppError::Validation(errors);
    };
    let detail = errors
        .iter()
        .map(|error| format!("{}: {}", error.field, error.message))
        .collect::<Vec<_>>()
        .join("; ");
    let mut problem = Problem::new(ErrorCode::InvalidBody)
        .with_detail(detail)
        .with_errors(errors);
    problem.reason = Some(first.code().to_owned());
    AppError::Problem(Box::new(problem))
}

/// Whether any of `people` has a conversation (not cancelled) in a round
/// whose meeting window shares a day with `dates`.
async fn in_overlapping_round(
    txn: &impl ConnectionTrait,
    dates: &RoundDates,
    people: &[user::Model],
) -> Result<bool, AppError> {
    let overlapping: Vec<Uuid> = round::Entity::find()
        .filter(round::Column::MeetingsFrom.lte(dates.meetings_until))
        .filter(round::Column::MeetingsUntil.gte(dates.meetings_from))
        .all(txn)
        .await?
        .into_iter()
        .map(|round| round.id)
        .collect();
    if overlapping.is_empty() {
        return Ok(false);
    }
    let ids: Vec<Uuid> = people.iter().map(|person| person.id).collect();
    for chunk in ids.chunks(IN_LIST_CHUNK) {
        let found = conversation::Entity::find()
            .filter(conversation::Column::RoundId.is_in(overlapping.clone()))
            .filter(conversation::Column::EmployeeId.is_in(chunk.to_vec()))
            .filter(conversation::Column::Status.ne(ConversationStatus::Cancelled.as_str()))
            .count(txn)
            .await?;
        if found > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Asks each employee in the new round to prepare, and tells each manager
/// how many conversations they hold in it.
async fn tell_opened(
    txn: &impl ConnectionTrait,
    round: &round::Model,
    conversations: &[conversation::ActiveModel],
    groups: &[(Uuid, Uuid, Vec<Uuid>)],
    site: &url::Url,
) -> Result<(), AppError> {
    use super::notifications::{self, Message, Notice, Recipients};
    let mut per_manager: BTreeMap<Uuid, u32> = BTreeMap::new();
    let mut notices = Vec::with_capacity(conversations.len());
    for conversation in conversations {
        let (
            sea_orm::ActiveValue::Set(id),
            sea_orm::ActiveValue::Set(employee),
            sea_orm::ActiveValue::Set(manager),
        ) = (
            &conversation.id,
            &conversation.employee_id,
            &conversation.manager_id,
        )
        else {
            continue;
        };
        *per_manager.entry(*manager).or_default() += 1;
        notices.push(Notice {
            user: *employee,
            reason: format!("round_opened:{}:{employee}", round.id),
            message: Message::RoundOpened {
                round: round.name.clone(),
                deadline: round.preparation_deadline,
                conversations: None,
            },
            link: format!("/conversations/{id}/preparation"),
        });
    }
    // In a round that holds both, the individual conversation's notice
    // already asks the employee to prepare; the group's is told apart by
    // its reason.
    for (group, manager, members) in groups {
        *per_manager.entry(*manager).or_default() += 1;
        for member in members {
            notices.push(Notice {
                user: *member,
                reason: format!("round_opened:{}:{member}:group", round.id),
                message: Message::RoundOpened {
                    round: round.name.clone(),
                    deadline: round.preparation_deadline,
                    conversations: None,
                },
                link: super::groups::link(*group),
            });
        }
    }
    for (manager, count) in per_manager {
        notices.push(Notice {
            user: manager,
            reason: format!("round_opened:{}:{manager}:manager", round.id),
            message: Message::RoundOpened {
                round: round.name.clone(),
                deadline: round.preparation_deadline,
                conversations: Some(count),
            },
            link: "/".into(),
        });
    }
    let recipients = Recipients::all(txn).await?;
    notifications::tell(txn, site, &recipients, notices).await?;
    Ok(())
}

/// Every round, newest first, with as many conversations as `actor` may
/// count: HR the whole organisation, anyone else those they are a party to.
pub async fn list(db: &impl ConnectionTrait, actor: &AuthUser) -> Result<Vec<Round>, AppError> {
    let rounds = round::Entity::find()
        .order_by_desc(round::Column::CreatedAt)
        .all(db)
        .await?;
    to_domain(db, actor, rounds).await
}

pub async fn get(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: RoundId,
) -> Result<Round, AppError> {
    let found = round::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(to_domain(db, actor, vec![found]).await?.remove(0))
}

pub async fn patch(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: RoundId,
    patch: &RoundPatch,
) -> Result<Round, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let current = round::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let name = patch
        .name
        .as_ref()
        .map(|name| valid_name("name", name, MAX_ROUND_NAME_CHARS, &mut errors));
    let dates = RoundDates {
        preparation_deadline: patch
            .preparation_deadline
            .unwrap_or(current.preparation_deadline),
        meetings_from: patch.meetings_from.unwrap_or(current.meetings_from),
        meetings_until: patch.meetings_until.unwrap_or(current.meetings_until),
    };
    if let Err(mut date_errors) = dates.validate() {
        errors.append(&mut date_errors);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut model = current.into_active_model();
    if let Some(Some(name)) = name {
        model.name = Set(name);
    }
    model.preparation_deadline = Set(dates.preparation_deadline);
    model.meetings_from = Set(dates.meetings_from);
    model.meetings_until = Set(dates.meetings_until);
    model.updated_at = Set(Utc::now());
    let updated = model.update(&txn).await?;
    let changed = Event::new(actor.id, AuditAction::RoundChanged, "round").on(updated.id);
    audit::record(&txn, changed).await?;
    let round = to_domain(&txn, actor, vec![updated]).await?.remove(0);
    txn.commit().await?;
    Ok(round)
}

/// The conversations whose figures `actor` may count: HR every one (`None`),
/// anyone else those they are a party to.
fn countable_by(actor: &AuthUser) -> Option<Condition> {
    (actor.role != Role::HrAdmin).then(|| {
        Condition::any()
            .add(conversation::Column::EmployeeId.eq(actor.id.0))
            .add(conversation::Column::ManagerId.eq(actor.id.0))
    })
}

/// Hands each employee's open conversations to their new nearest manager.
/// `moves` pairs an employee with that manager. A conversation is open
/// until a summary has been signed or it was cancelled; a signed one stays
/// with the manager who signed it, amendments included.
pub(crate) async fn reassign_open_conversations(
    db: &impl ConnectionTrait,
    moves: &[(Uuid, Uuid)],
) -> Result<(), AppError> {
    let new_manager: HashMap<Uuid, Uuid> = moves.iter().copied().collect();
    let employees: Vec<Uuid> = new_manager.keys().copied().collect();
    let mut to_move: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for chunk in employees.chunks(IN_LIST_CHUNK) {
        let open: Vec<(Uuid, Uuid, Uuid, String)> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .column(conversation::Column::EmployeeId)
            .column(conversation::Column::ManagerId)
            .column(conversation::Column::State)
            .filter(conversation::Column::EmployeeId.is_in(chunk.iter().copied()))
            .filter(conversation::Column::Status.is_not_in([
                ConversationStatus::Signed.as_str(),
                ConversationStatus::Cancelled.as_str(),
            ]))
            .into_tuple()
            .all(db)
            .await?;
        for (id, employee, manager, state) in open {
            let Some(&target) = new_manager.get(&employee) else {
                continue;
            };
            if manager != target && !restore(id, &state)?.has_signed_summary() {
                to_move.entry(target).or_default().push(id);
            }
        }
    }
    let now = Utc::now();
    for (manager, ids) in to_move {
        for chunk in ids.chunks(IN_LIST_CHUNK) {
            conversation::Entity::update_many()
                .col_expr(conversation::Column::ManagerId, Expr::value(manager))
                .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
                .filter(conversation::Column::Id.is_in(chunk.iter().copied()))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

fn restore(id: Uuid, state: &str) -> Result<ConversationState, AppError> {
    let snapshot: ConversationSnapshot = serde_json::from_str(state)?;
    Ok(ConversationState::restore(snapshot)
        .map_err(|e| anyhow::anyhow!("conversation {id}: {}", e.reason()))?)
}

/// Counts for the round as far as `actor` may see: HR everything, a manager
/// their own conversations, anyone else their own. Three statements.
pub async fn progress(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: RoundId,
) -> Result<RoundProgress, AppError> {
    round::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut query = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Status)
        .column(conversation::Column::DepartmentId)
        .column(conversation::Column::ManagerId)
        .filter(conversation::Column::RoundId.eq(id.0));
    if let Some(countable) = countable_by(actor) {
        query = query.filter(countable);
    }
    let rows: Vec<(String, Option<Uuid>, Uuid)> = query.into_tuple().all(db).await?;
    let department_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.1).collect();
    let manager_ids: Vec<Uuid> = rows.iter().map(|r| r.2).collect();
    let department_names: HashMap<Uuid, String> = department::Entity::find()
        .filter(department::Column::Id.is_in(department_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let manager_names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(manager_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();

    let mut by_status: BTreeMap<&str, u32> = BTreeMap::new();
    let mut by_department: BTreeMap<Option<Uuid>, (u32, u32)> = BTreeMap::new();
    let mut by_manager: BTreeMap<Uuid, (u32, u32)> = BTreeMap::new();
    for (status, department, manager) in &rows {
        let signed = u32::from(status == ConversationStatus::Signed.as_str());
        *by_status.entry(status).or_default() += 1;
        let d = by_department.entry(*department).or_default();
        d.0 += 1;
        d.1 += signed;
        let m = by_manager.entry(*manager).or_default();
        m.0 += 1;
        m.1 += signed;
    }
    let group = |id: Option<Uuid>, name: String, (total, signed): (u32, u32)| GroupProgress {
        id,
        name,
        total,
        signed,
    };
    let mut by_department: Vec<GroupProgress> = by_department
        .into_iter()
        .map(|(id, counts)| {
            group(
                id,
                id.and_then(|id| department_names.get(&id).cloned())
                    .unwrap_or_default(),
                counts,
            )
        })
        .collect();
    by_department.sort_by(|a, b| mus_domain::danish_order(&a.name, &b.name));
    let mut by_manager: Vec<GroupProgress> = by_manager
        .into_iter()
        .map(|(id, counts)| {
            group(
                Some(id),
                manager_names.get(&id).cloned().unwrap_or_default(),
                counts,
            )
        })
        .collect();
    by_manager.sort_by(|a, b| mus_domain::danish_order(&a.name, &b.name));
    Ok(RoundProgress {
        round_id: id,
        total: count(rows.len()),
        signed: by_status
            .get(ConversationStatus::Signed.as_str())
            .copied()
            .unwrap_or(0),
        by_status: ConversationStatus::ALL
            .into_iter()
            .filter_map(|status| {
                by_status
                    .get(status.as_str())
                    .map(|&count| StatusCount { status, count })
            })
            .collect(),
        by_department,
        by_manager,
    })
}

/// The conversations `actor` is a party to, newest round first: their own,
/// and those of the people who report to them now, earlier years included,
/// since an employee's history travels with them to a new manager. HR sees
/// none here: they see figures, not conversations.
pub async fn conversations_of(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
) -> Result<Vec<Conversation>, AppError> {
    let rows = conversation::Entity::find()
        .filter(
            Condition::any()
                .add(conversation::Column::EmployeeId.eq(actor.id.0))
                .add(
                    conversation::Column::EmployeeId
                        .in_subquery(super::follow_up::reports_of(actor.id)),
                ),
        )
        .order_by_desc(conversation::Column::CreatedAt)
        .all(db)
        .await?;
    conversation_views(db, rows).await
}

/// One conversation, for its two parties only: the employee and their
/// nearest manager now. Anyone else gets "not found".
pub async fn conversation_for(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Conversation, AppError> {
    let party = super::lifecycle::party(db, actor, id, super::lifecycle::Reach::Record).await?;
    Ok(conversation_views(db, vec![party.conversation])
        .await?
        .remove(0))
}

async fn conversation_views(
    db: &impl ConnectionTrait,
    rows: Vec<conversation::Model>,
) -> Result<Vec<Conversation>, AppError> {
    let round_ids: Vec<Uuid> = rows.iter().map(|r| r.round_id).collect();
    let people_ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.employee_id, r.manager_id])
        .collect();
    let rounds: HashMap<Uuid, round::Model> = round::Entity::find()
        .filter(round::Column::Id.is_in(round_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let person = |id: Uuid| PersonRef {
        id: id.into(),
        name: names.get(&id).cloned().unwrap_or_default(),
    };
    rows.into_iter()
        .map(|row| {
            let round = rounds
                .get(&row.round_id)
                .ok_or_else(|| anyhow::anyhow!("conversation {} has no round", row.id))?;
            let state = restore(row.id, &row.state)?;
            Ok(Conversation {
                id: row.id.into(),
                round_id: round.id.into(),
                round_name: round.name.clone(),
                template_id: round.template_id.into(),
                employee: person(row.employee_id),
                manager: person(row.manager_id),
                status: state.status(),
                employee_shared: state.has_shared_preparation(mus_domain::Party::Employee),
                manager_shared: state.has_shared_preparation(mus_domain::Party::Manager),
                meeting: meeting_of(&row),
                preparation_deadline: round.preparation_deadline,
                meetings_from: round.meetings_from,
                meetings_until: round.meetings_until,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

async fn to_domain(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    rounds: Vec<round::Model>,
) -> Result<Vec<Round>, AppError> {
    let round_ids: Vec<Uuid> = rounds.iter().map(|r| r.id).collect();
    let mut counting = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::RoundId)
        .column_as(crate::store::count_rows(), "n")
        .filter(conversation::Column::RoundId.is_in(round_ids))
        .group_by(conversation::Column::RoundId);
    if let Some(countable) = countable_by(actor) {
        counting = counting.filter(countable);
    }
    let counts: HashMap<Uuid, i64> = counting
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let names: HashMap<Uuid, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    rounds
        .into_iter()
        .map(|r| {
            let departments: Vec<Uuid> = serde_json::from_str(&r.departments)?;
            Ok(Round {
                id: r.id.into(),
                template_id: r.template_id.into(),
                format: RoundFormat::parse(&r.format).unwrap_or_default(),
                group_template_id: r.group_template_id.map(TemplateId::from),
                preparation_deadline: r.preparation_deadline,
                meetings_from: r.meetings_from,
                meetings_until: r.meetings_until,
                departments: departments
                    .into_iter()
                    .map(|id| DepartmentRef {
                        id: DepartmentId(id),
                        name: names.get(&id).cloned().unwrap_or_default(),
                    })
                    .collect(),
                simultaneous_reveal: r.simultaneous_reveal,
                reminder_days: serde_json::from_str(&r.reminder_days).unwrap_or_default(),
                conversations: counts
                    .get(&r.id)
                    .map_or(0, |&n| count(usize::try_from(n).unwrap_or_default())),
                created_at: r.created_at,
                name: r.name,
            })
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The scheduled meeting of a conversation, if it has one.
pub(crate) fn meeting_of(row: &conversation::Model) -> Option<mus_domain::Meeting> {
    Some(mus_domain::Meeting {
        starts_at: row.meeting_starts_at?,
        minutes: u32::try_from(row.meeting_minutes?).ok()?,
        location: row.meeting_location.clone()?,
    })
}
