//! Development plans: one employee's development goals and course and
//! education agreements across the years, read and written by the employee
//! and their current manager; HR counts them and reads no text.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mus_domain::agreements::danish_date;
use mus_domain::plan::{MAX_GOALS_PER_EMPLOYEE, current_since};
use mus_domain::{
    AgreementCategory, AgreementStatus, AuditAction, DepartmentPlans, DepartmentRef,
    DevelopmentGoal, DevelopmentGoalId, DevelopmentGoalPatch, DevelopmentPlan, GoalCount,
    NewDevelopmentGoal, PersonRef, PlanAgreement, PlanFigures, PlanStep, Role, UserId,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::follow_up;
use super::people::{names, person};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{agreement, conversation, department, development_goal, round, user};

/// The employee whose plan `actor` may read and write: themselves, or a
/// direct report of theirs now. Anyone else: 404.
async fn plan_owner(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    employee: UserId,
) -> Result<user::Model, AppError> {
    let person = user::Entity::find_by_id(employee.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if person.id == actor.id.0 || person.manager_id == Some(actor.id.0) {
        Ok(person)
    } else {
        Err(AppError::NotFound)
    }
}

/// `GET /me/development-plan`.
pub async fn mine(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
) -> Result<DevelopmentPlan, AppError> {
    let me = plan_owner(db, actor, actor.id).await?;
    plan_of(db, &me).await
}

/// `GET /users/{id}/development-plan`: the employee's own, or a direct
/// report's for their manager now; the manager's read goes to the log.
pub async fn of(
    db: &DatabaseConnection,
    actor: &AuthUser,
    employee: UserId,
) -> Result<DevelopmentPlan, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let person = plan_owner(&txn, actor, employee).await?;
    let plan = plan_of(&txn, &person).await?;
    if person.id != actor.id.0 {
        audit::record(
            &txn,
            Event::new(actor.id, AuditAction::DevelopmentPlanRead, "user")
                .about(employee)
                .on(employee),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(plan)
}

async fn plan_of(
    db: &impl ConnectionTrait,
    person: &user::Model,
) -> Result<DevelopmentPlan, AppError> {
    let today = danish_date(Utc::now());
    let since = current_since(today);
    let goal_rows = development_goal::Entity::find()
        .filter(development_goal::Column::EmployeeId.eq(person.id))
        .order_by_desc(development_goal::Column::CreatedAt)
        .all(db)
        .await?;
    let mut people: Vec<Uuid> = goal_rows.iter().map(|g| g.created_by).collect();
    people.push(person.id);
    let names = names(db, &people).await?;
    let goals = goal_rows
        .iter()
        .map(|g| goal_to_domain(g, &names, today))
        .collect::<Result<Vec<_>, _>>()?;
    let agreement_rows = agreement::Entity::find()
        .filter(agreement::Column::EmployeeId.eq(person.id))
        .filter(agreement::Column::Category.eq(AgreementCategory::CourseEducation.as_str()))
        .order_by_desc(agreement::Column::CreatedAt)
        .all(db)
        .await?;
    let conversation_ids: Vec<Uuid> = agreement_rows.iter().map(|a| a.conversation_id).collect();
    let conversations: HashMap<Uuid, (Uuid, Option<DateTime<Utc>>)> = if conversation_ids.is_empty()
    {
        HashMap::new()
    } else {
        conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .column(conversation::Column::RoundId)
            .column(conversation::Column::SignedAt)
            .filter(conversation::Column::Id.is_in(conversation_ids))
            .into_tuple::<(Uuid, Uuid, Option<DateTime<Utc>>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, round, signed)| (id, (round, signed)))
            .collect()
    };
    let round_ids: Vec<Uuid> = conversations.values().map(|(r, _)| *r).collect();
    let rounds: HashMap<Uuid, String> = if round_ids.is_empty() {
        HashMap::new()
    } else {
        round::Entity::find()
            .select_only()
            .column(round::Column::Id)
            .column(round::Column::Name)
            .filter(round::Column::Id.is_in(round_ids))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let mut agreements = Vec::with_capacity(agreement_rows.len());
    for row in &agreement_rows {
        let (round_id, signed_at) = conversations
            .get(&row.conversation_id)
            .copied()
            .unwrap_or((Uuid::nil(), None));
        agreements.push(PlanAgreement {
            agreement: follow_up::agreement_to_domain(row, &names, today)?,
            round_name: rounds.get(&round_id).cloned().unwrap_or_default(),
            agreed_on: danish_date(signed_at.unwrap_or(row.created_at)),
        });
    }
    agreements.sort_by_key(|a| std::cmp::Reverse(a.agreed_on));
    let current = goal_rows.iter().any(|g| danish_date(g.updated_at) >= since)
        || agreements.iter().any(|a| a.agreed_on >= since);
    let department = match person.department_id {
        Some(id) => department::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| DepartmentRef {
                id: d.id.into(),
                name: d.name,
            }),
        None => None,
    };
    let next_step = DevelopmentPlan::next_step_of(&goals, &agreements);
    Ok(DevelopmentPlan {
        employee: PersonRef {
            id: person.id.into(),
            name: person.name.clone(),
        },
        department,
        current,
        goals,
        agreements,
        next_step,
    })
}

/// What the employee's plan asks of them next, for their home page.
pub async fn next_step(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
) -> Result<Option<PlanStep>, AppError> {
    let goals: Vec<(String, Option<NaiveDate>)> = development_goal::Entity::find()
        .select_only()
        .column(development_goal::Column::Title)
        .column(development_goal::Column::DueOn)
        .filter(development_goal::Column::EmployeeId.eq(actor.id.0))
        .filter(development_goal::Column::Status.is_in([
            AgreementStatus::Open.as_str(),
            AgreementStatus::InProgress.as_str(),
        ]))
        .into_tuple()
        .all(db)
        .await?;
    let agreements: Vec<(String, Option<NaiveDate>)> = agreement::Entity::find()
        .select_only()
        .column(agreement::Column::Title)
        .column(agreement::Column::DueOn)
        .filter(agreement::Column::EmployeeId.eq(actor.id.0))
        .filter(agreement::Column::Category.eq(AgreementCategory::CourseEducation.as_str()))
        .filter(agreement::Column::CarriedInto.is_null())
        .filter(crate::store::rules::agreement_is_open())
        .into_tuple()
        .all(db)
        .await?;
    let today = danish_date(Utc::now());
    Ok(goals
        .into_iter()
        .chain(agreements)
        .min_by_key(|(_, due)| (due.is_none(), *due))
        .map(|(title, due_on)| PlanStep {
            title,
            due_on,
            overdue: due_on.is_some_and(|due| due < today),
        }))
}

fn goal_to_domain(
    row: &development_goal::Model,
    names: &HashMap<Uuid, String>,
    today: NaiveDate,
) -> Result<DevelopmentGoal, AppError> {
    let bad = |what: &str, value: &str| anyhow::anyhow!("goal {}: {what} {value}", row.id);
    let status = AgreementStatus::parse(&row.status).ok_or_else(|| bad("status", &row.status))?;
    let person = |id: Uuid| person(id, names);
    Ok(DevelopmentGoal {
        id: row.id.into(),
        employee: person(row.employee_id),
        title: row.title.clone(),
        description: row.description.clone(),
        category: AgreementCategory::parse(&row.category)
            .ok_or_else(|| bad("category", &row.category))?,
        status,
        due_on: row.due_on,
        note: row.note.clone(),
        overdue: mus_domain::Agreement::is_overdue(status, row.due_on, today),
        created_by: person(row.created_by),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Adds a goal to the caller's own plan, or (a manager) to a direct report's.
pub async fn add_goal(
    db: &DatabaseConnection,
    actor: &AuthUser,
    new: &NewDevelopmentGoal,
) -> Result<DevelopmentGoal, AppError> {
    let today = danish_date(Utc::now());
    new.validate(today).map_err(AppError::Validation)?;
    let employee = new.employee_id.unwrap_or(actor.id);
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let person = match plan_owner(&txn, actor, employee).await {
        Ok(person) => person,
        Err(AppError::NotFound) => {
            return Err(AppError::validation(
                "employee_id",
                "your own plan, or that of one of your direct reports",
            ));
        }
        Err(other) => return Err(other),
    };
    if person.role == Role::HrAdmin.as_str() && person.id != actor.id.0 {
        return Err(AppError::validation("employee_id", "not an employee"));
    }
    let existing = development_goal::Entity::find()
        .filter(development_goal::Column::EmployeeId.eq(person.id))
        .count(&txn)
        .await?;
    if usize::try_from(existing).unwrap_or(usize::MAX) >= MAX_GOALS_PER_EMPLOYEE {
        return Err(AppError::validation(
            "title",
            format!("a plan holds at most {MAX_GOALS_PER_EMPLOYEE} goals; close or change one"),
        ));
    }
    let now = Utc::now();
    let row = development_goal::ActiveModel {
        id: Set(Uuid::new_v4()),
        employee_id: Set(person.id),
        title: Set(new.title.trim().to_owned()),
        description: Set(new.description.clone()),
        category: Set(new.category.as_str().to_owned()),
        status: Set(AgreementStatus::Open.as_str().to_owned()),
        due_on: Set(new.due_on),
        note: Set(String::new()),
        created_by: Set(actor.id.0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Event::new(
            actor.id,
            AuditAction::DevelopmentGoalAdded,
            "development_goal",
        )
        .about(person.id.into())
        .on(row.id),
    )
    .await?;
    let names = names(&txn, &[person.id, actor.id.0]).await?;
    txn.commit().await?;
    goal_to_domain(&row, &names, today)
}

/// Changes a goal: the employee or their manager now.
pub async fn update_goal(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: DevelopmentGoalId,
    patch: &DevelopmentGoalPatch,
) -> Result<DevelopmentGoal, AppError> {
    let today = danish_date(Utc::now());
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let row = development_goal::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    plan_owner(&txn, actor, row.employee_id.into()).await?;
    patch.validate(today).map_err(AppError::Validation)?;
    let employee = row.employee_id;
    let created_by = row.created_by;
    let mut model = row.into_active_model();
    if let Some(title) = &patch.title {
        model.title = Set(title.trim().to_owned());
    }
    if let Some(description) = &patch.description {
        model.description = Set(description.clone());
    }
    if let Some(category) = patch.category {
        model.category = Set(category.as_str().to_owned());
    }
    if let Some(status) = patch.status {
        model.status = Set(status.as_str().to_owned());
    }
    if let Some(due_on) = patch.due_on {
        model.due_on = Set(Some(due_on));
    }
    if let Some(note) = &patch.note {
        model.note = Set(note.clone());
    }
    model.updated_at = Set(Utc::now());
    let saved = model.update(&txn).await?;
    audit::record(
        &txn,
        Event::new(
            actor.id,
            AuditAction::DevelopmentGoalUpdated,
            "development_goal",
        )
        .about(employee.into())
        .on(id),
    )
    .await?;
    let names = names(&txn, &[employee, created_by]).await?;
    txn.commit().await?;
    goal_to_domain(&saved, &names, today)
}

/// Active employees: not HR administrators, not gone.
fn active_employees(today: NaiveDate) -> Condition {
    Condition::all()
        .add(user::Column::Role.ne(Role::HrAdmin.as_str()))
        .add(
            Condition::any()
                .add(user::Column::LeftOn.is_null())
                .add(user::Column::LeftOn.gt(today)),
        )
}

/// Those of [`active_employees`] with a current plan: a goal added or
/// changed, or a course or education agreement signed, within 12 months.
fn with_current_plan(today: NaiveDate) -> Condition {
    let since = current_since(today);
    let since_at = since.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let recent_goals = Query::select()
        .column(development_goal::Column::EmployeeId)
        .from(development_goal::Entity)
        .and_where(development_goal::Column::UpdatedAt.gte(since_at))
        .to_owned();
    let recent_signatures = Query::select()
        .column(conversation::Column::Id)
        .from(conversation::Entity)
        .and_where(conversation::Column::SignedAt.gte(since_at))
        .to_owned();
    let recent_courses = Query::select()
        .column(agreement::Column::EmployeeId)
        .from(agreement::Entity)
        .and_where(agreement::Column::Category.eq(AgreementCategory::CourseEducation.as_str()))
        .and_where(agreement::Column::ConversationId.in_subquery(recent_signatures))
        .to_owned();
    active_employees(today).add(
        Condition::any()
            .add(user::Column::Id.in_subquery(recent_goals))
            .add(user::Column::Id.in_subquery(recent_courses)),
    )
}

/// Per department: active employees, and those with a current plan. Two
/// statements whatever the size of the organisation.
pub(crate) async fn per_department(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<HashMap<Option<Uuid>, (u32, u32)>, AppError> {
    let employees: Vec<(Option<Uuid>, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::DepartmentId)
        .column_as(crate::store::count_rows(), "n")
        .filter(active_employees(today))
        .group_by(user::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let planned: Vec<(Option<Uuid>, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::DepartmentId)
        .column_as(crate::store::count_rows(), "n")
        .filter(with_current_plan(today))
        .group_by(user::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Option<Uuid>, (u32, u32)> = HashMap::new();
    for (department, n) in employees {
        out.entry(department).or_default().0 = count(n);
    }
    for (department, n) in planned {
        out.entry(department).or_default().1 = count(n);
    }
    Ok(out)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// HR's figures: per department, and goals by category and status. Four
/// statements whatever the size of the organisation; no text.
pub async fn figures(
    db: &impl ConnectionTrait,
    departments: &HashMap<Uuid, String>,
) -> Result<PlanFigures, AppError> {
    let today = danish_date(Utc::now());
    let per_department = per_department(db, today).await?;
    let goals: Vec<(String, String, i64)> = development_goal::Entity::find()
        .select_only()
        .column(development_goal::Column::Category)
        .column(development_goal::Column::Status)
        .column_as(crate::store::count_rows(), "n")
        .group_by(development_goal::Column::Category)
        .group_by(development_goal::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let courses: Vec<(String, String, i64)> = agreement::Entity::find()
        .select_only()
        .column(agreement::Column::Category)
        .column(agreement::Column::Status)
        .column_as(crate::store::count_rows(), "n")
        .filter(agreement::Column::Category.eq(AgreementCategory::CourseEducation.as_str()))
        .filter(agreement::Column::CarriedInto.is_null())
        .group_by(agreement::Column::Category)
        .group_by(agreement::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<(AgreementCategory, AgreementStatus), u32> = HashMap::new();
    for (category, status, n) in goals.into_iter().chain(courses) {
        let (Some(category), Some(status)) = (
            AgreementCategory::parse(&category),
            AgreementStatus::parse(&status),
        ) else {
            return Err(anyhow::anyhow!("goal count of {category}/{status}").into());
        };
        *counts.entry((category, status)).or_default() += count(n);
    }
    let mut goals: Vec<GoalCount> = counts
        .into_iter()
        .map(|((category, status), count)| GoalCount {
            category,
            status,
            count,
        })
        .collect();
    let position = |c: AgreementCategory| AgreementCategory::ALL.iter().position(|x| *x == c);
    let rank = |s: AgreementStatus| AgreementStatus::ALL.iter().position(|x| *x == s);
    goals.sort_by_key(|g| (position(g.category), rank(g.status)));
    let mut by_department: Vec<DepartmentPlans> = per_department
        .into_iter()
        .map(|(id, (employees, with_current_plan))| DepartmentPlans {
            id,
            name: id.and_then(|id| departments.get(&id).cloned()),
            employees,
            with_current_plan,
        })
        .collect();
    by_department.sort_by(|a, b| match (&a.name, &b.name) {
        (Some(a), Some(b)) => mus_domain::danish_order(a, b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    });
    Ok(PlanFigures {
        employees: by_department.iter().map(|d| d.employees).sum(),
        with_current_plan: by_department.iter().map(|d| d.with_current_plan).sum(),
        by_department,
        goals,
    })
}
