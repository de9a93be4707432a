//! Provisioning through SCIM: identity providers and HR systems create,
//! change and deactivate people.
//!
//! Every change goes through the same service paths as HR's own
//! (`people::add_person_in`, `people::patch_user_in`), so the rules, the
//! audit log (the token's owner as the actor), the notice of a new manager
//! and the end of a leaver's sessions and tokens are the same. SCIM adds
//! only what HR's API has no field for: the e-mail, the provider's
//! `externalId` and the language of the person's mail.

use chrono::{DateTime, Utc};
use mus_domain::scim::{ScimChange, ScimFilter};
use mus_domain::{
    AuditAction, DepartmentId, Email, ErrorCode, FieldError, Language, Role, User, UserId,
    UserPatch,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::people::{self, ManagerRef, NewPerson};
use crate::auth::has_left;
use crate::error::AppError;
use crate::store::entities::user;
use crate::store::{accounts, begin_write};

/// Most people in one page of a list, whatever `count` asks for.
pub const MAX_RESULTS: u64 = 200;

/// A person as SCIM shows them.
#[derive(Debug, Clone)]
pub struct ScimPerson {
    pub user: User,
    pub external_id: Option<String>,
    pub language: String,
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

/// One page of people, and how many match in all.
#[derive(Debug)]
pub struct ScimPage {
    pub total: u64,
    pub people: Vec<ScimPerson>,
}

/// People still shown through SCIM: not deleted by a provider.
fn shown() -> Condition {
    Condition::all().add(user::Column::DeprovisionedAt.is_null())
}

/// One person, unless a provider deleted them.
pub async fn get(db: &impl ConnectionTrait, id: UserId) -> Result<ScimPerson, AppError> {
    let person = user::Entity::find_by_id(id.0)
        .filter(shown())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(to_scim(db, vec![person]).await?.remove(0))
}

/// The people matching `filter`, oldest first, from the 1-based `start`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: Option<ScimFilter>,
    start: u64,
    count: u64,
) -> Result<ScimPage, AppError> {
    let mut query = user::Entity::find().filter(shown());
    match filter {
        // E-mails are stored trimmed and lower-cased, so the comparison is
        // without case, as the core schema says of userName.
        Some(ScimFilter::UserName(name)) => {
            query = query.filter(user::Column::Email.eq(name.trim().to_lowercase()));
        }
        Some(ScimFilter::ExternalId(id)) => {
            query = query.filter(user::Column::ExternalId.eq(id));
        }
        None => {}
    }
    let total = query.clone().count(db).await?;
    let people = if count == 0 {
        Vec::new()
    } else {
        query
            .order_by_asc(user::Column::CreatedAt)
            .order_by_asc(user::Column::Id)
            .offset(start.saturating_sub(1))
            .limit(count.min(MAX_RESULTS))
            .all(db)
            .await?
    };
    Ok(ScimPage {
        total,
        people: to_scim(db, people).await?,
    })
}

/// Creates a person with the employee role and no password (they sign in
/// through the organisation's sign-in or an invitation), in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: UserId,
    change: ScimChange,
    site: &url::Url,
) -> Result<ScimPerson, AppError> {
    let mut errors = Vec::new();
    let email = change.email().map(str::to_owned);
    if email.is_none() {
        errors.push(FieldError::new("userName", "the person's e-mail address"));
    }
    let name = change.name();
    if name.is_none() {
        errors.push(FieldError::new("displayName", "the person's name"));
    }
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let (_turn, txn) = begin_write(db).await?;
    if let Some(Some(external_id)) = &change.external_id {
        ensure_external_id_free(&txn, external_id, None).await?;
    }
    let manager = match &change.manager {
        Some(Some(raw)) => Some(manager_of(&txn, actor, raw).await?),
        _ => None,
    };
    let department = match &change.department {
        Some(Some(name)) => Some(department_named(&txn, actor, name).await?),
        _ => None,
    };
    let id = people::add_person_in(
        &txn,
        actor,
        NewPerson {
            email,
            name,
            role: Role::Employee,
            manager: manager.map(ManagerRef::Id),
            department,
            password: None,
        },
    )
    .await?;
    let person = find(&txn, id).await?;
    let mut model = person.into_active_model();
    model.external_id = Set(change.external_id.clone().flatten());
    model.language = Set(change.language.unwrap_or(Language::Da).as_str().to_owned());
    model
        .update(&txn)
        .await
        .map_err(|e| AppError::unique_violation(e, ErrorCode::AlreadyExists, EXTERNAL_ID_TAKEN))?;
    if change.active == Some(false) {
        people::patch_user_in(&txn, actor, id, leaving_today(), site).await?;
    }
    let created = to_scim(&txn, vec![find(&txn, id).await?]).await?.remove(0);
    txn.commit().await?;
    Ok(created)
}

/// Changes what `change` names, in one transaction. A `PUT` sends a whole
/// resource (`ScimChange::from_resource`), which clears what it leaves out.
pub async fn update(
    db: &DatabaseConnection,
    actor: UserId,
    id: UserId,
    change: ScimChange,
    site: &url::Url,
) -> Result<ScimPerson, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let person = user::Entity::find_by_id(id.0)
        .filter(shown())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut patch = UserPatch {
        name: change.name().filter(|name| *name != person.name),
        ..UserPatch::default()
    };
    if let Some(manager) = &change.manager {
        let wanted = match manager {
            Some(raw) => Some(manager_of(&txn, actor, raw).await?),
            None => None,
        };
        if wanted.map(|m| m.0) != person.manager_id {
            patch.manager_id = Some(wanted);
        }
    }
    if let Some(department) = &change.department {
        let wanted = match department {
            Some(name) => Some(department_named(&txn, actor, name).await?),
            None => None,
        };
        if wanted.map(|d| d.0) != person.department_id {
            patch.department_id = Some(wanted);
        }
    }
    match change.active {
        Some(false) if !has_left(person.left_on) => patch.left_on = leaving_today().left_on,
        // A leaving day still to come is HR's to keep: only one that has
        // come is cleared when the provider says the person is active.
        Some(true) if has_left(person.left_on) => patch.left_on = Some(None),
        _ => {}
    }
    let mut own = person.clone().into_active_model();
    let mut changed_own = false;
    if let Some(raw) = change.email() {
        let email = Email::parse(raw)
            .map_err(|e| AppError::Validation(vec![FieldError::new("userName", e.to_string())]))?;
        if email.as_str() != person.email {
            if accounts::find_by_email(&txn, email.as_str())
                .await?
                .is_some()
            {
                return Err(AppError::conflict(
                    ErrorCode::AlreadyExists,
                    format!("a person with the e-mail {email} exists already"),
                ));
            }
            own.email = Set(email.as_str().to_owned());
            changed_own = true;
        }
    }
    if let Some(external_id) = &change.external_id
        && *external_id != person.external_id
    {
        if let Some(wanted) = external_id {
            ensure_external_id_free(&txn, wanted, Some(id)).await?;
        }
        own.external_id = Set(external_id.clone());
        changed_own = true;
    }
    if let Some(language) = change.language
        && language.as_str() != person.language
    {
        own.language = Set(language.as_str().to_owned());
        changed_own = true;
    }
    let touches_directory = patch.name.is_some()
        || patch.manager_id.is_some()
        || patch.department_id.is_some()
        || patch.left_on.is_some();
    if changed_own {
        own.updated_at = Set(Utc::now());
        own.update(&txn).await.map_err(|e| {
            AppError::unique_violation(e, ErrorCode::AlreadyExists, EXTERNAL_ID_TAKEN)
        })?;
        if !touches_directory {
            let event = Event::new(actor, AuditAction::PersonUpdated, "user")
                .about(id)
                .on(id);
            audit::record(&txn, event).await?;
        }
    }
    if touches_directory {
        people::patch_user_in(&txn, actor, id, patch, site).await?;
    }
    let updated = to_scim(&txn, vec![find(&txn, id).await?]).await?.remove(0);
    txn.commit().await?;
    Ok(updated)
}

/// A provider's `DELETE`: the person leaves today (their sessions and API
/// tokens end) and is no longer shown through SCIM. Nothing is deleted:
/// when the person's content goes is for retention to say.
pub async fn remove(
    db: &DatabaseConnection,
    actor: UserId,
    id: UserId,
    site: &url::Url,
) -> Result<(), AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let person = user::Entity::find_by_id(id.0)
        .filter(shown())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let left = has_left(person.left_on);
    let mut model = person.into_active_model();
    model.deprovisioned_at = Set(Some(Utc::now()));
    model.update(&txn).await?;
    if left {
        let event = Event::new(actor, AuditAction::PersonUpdated, "user")
            .about(id)
            .on(id);
        audit::record(&txn, event).await?;
    } else {
        people::patch_user_in(&txn, actor, id, leaving_today(), site).await?;
    }
    txn.commit().await?;
    Ok(())
}

const EXTERNAL_ID_TAKEN: &str = "another person has this externalId";

fn leaving_today() -> UserPatch {
    UserPatch {
        left_on: Some(Some(mus_domain::agreements::danish_date(Utc::now()))),
        ..UserPatch::default()
    }
}

async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn ensure_external_id_free(
    db: &impl ConnectionTrait,
    external_id: &str,
    except: Option<UserId>,
) -> Result<(), AppError> {
    let mut query = user::Entity::find().filter(user::Column::ExternalId.eq(external_id));
    if let Some(except) = except {
        query = query.filter(user::Column::Id.ne(except.0));
    }
    if query.one(db).await?.is_some() {
        return Err(AppError::conflict(
            ErrorCode::AlreadyExists,
            EXTERNAL_ID_TAKEN,
        ));
    }
    Ok(())
}

/// The person a provider names as someone's manager (by SCIM id). An
/// identity provider knows who manages whom but not MUS's roles, so an
/// employee named as a manager becomes one (recorded as a change by the
/// token's owner); an HR administrator is refused by the usual rule.
async fn manager_of(
    db: &impl ConnectionTrait,
    actor: UserId,
    raw: &str,
) -> Result<UserId, AppError> {
    let no_such = || AppError::Validation(vec![FieldError::new("manager", "no such person")]);
    let id = Uuid::parse_str(raw.trim()).map_err(|_| no_such())?;
    let manager = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(no_such)?;
    if manager.role == Role::Employee.as_str() && id != actor.0 {
        let mut model = manager.into_active_model();
        model.role = Set(Role::Manager.as_str().to_owned());
        model.updated_at = Set(Utc::now());
        model.update(db).await?;
        let event = Event::new(actor, AuditAction::PersonUpdated, "user")
            .about(id.into())
            .on(id);
        audit::record(db, event).await?;
    }
    Ok(id.into())
}

/// The department of that name, created (and recorded) when missing, as
/// the CSV import does.
async fn department_named(
    db: &impl ConnectionTrait,
    actor: UserId,
    name: &str,
) -> Result<DepartmentId, AppError> {
    let mut errors = Vec::new();
    let Some(name) =
        super::pagination::valid_name("department", name, people::MAX_NAME_CHARS, &mut errors)
    else {
        return Err(AppError::Validation(errors));
    };
    let existed = crate::store::entities::department::Entity::find()
        .filter(crate::store::entities::department::Column::Name.eq(&name))
        .count(db)
        .await?
        > 0;
    let department = people::ensure_department(db, &name).await?;
    if !existed {
        let event =
            Event::new(actor, AuditAction::DepartmentCreated, "department").on(department.id);
        audit::record(db, event).await?;
    }
    Ok(department.id.into())
}

async fn to_scim(
    db: &impl ConnectionTrait,
    people: Vec<user::Model>,
) -> Result<Vec<ScimPerson>, AppError> {
    let extras: Vec<(Option<String>, String, bool, DateTime<Utc>)> = people
        .iter()
        .map(|p| {
            (
                p.external_id.clone(),
                p.language.clone(),
                !has_left(p.left_on),
                p.updated_at,
            )
        })
        .collect();
    let views = people::views(db, people).await?;
    Ok(views
        .into_iter()
        .zip(extras)
        .map(
            |(user, (external_id, language, active, updated_at))| ScimPerson {
                user,
                external_id,
                language,
                active,
                updated_at,
            },
        )
        .collect())
}
