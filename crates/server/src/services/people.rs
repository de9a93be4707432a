//! People and departments: the directory HR maintains.

use std::collections::HashMap;

use chrono::Utc;
use mus_domain::{
    AuditAction, Department, DepartmentId, DepartmentRef, Email, ErrorCode, FieldError, Me, Page,
    PersonChanged, PersonRef, Role, User, UserId, UserPatch, WebhookData,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::pagination::{decode_text_cursor, finish_page, page_size, text_cursor, valid_name};
use super::{rounds, sessions, webhooks};
use crate::access;
use crate::auth::password::{Wait, check_new_password};
use crate::auth::{AuthUser, hash_password};
use crate::error::AppError;
use crate::store::entities::{department, user};
use crate::store::{accounts, begin_write};

pub use mus_domain::people::MAX_NAME_CHARS;
/// Deeper than any real organisation; bounds the walk up a management chain.
pub(crate) const MAX_CHAIN: usize = 100;

/// How a new person's nearest manager is named.
#[derive(Debug, Clone)]
pub enum ManagerRef {
    Id(UserId),
    Email(String),
}

/// A person to create, before validation.
#[derive(Debug)]
pub struct NewPerson {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub manager: Option<ManagerRef>,
    pub department: Option<DepartmentId>,
    /// `None`: the person cannot sign in until a password is set.
    pub password: Option<String>,
}

/// Filters for `GET /users`.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub department: Option<DepartmentId>,
    pub manager: Option<UserId>,
    pub role: Option<Role>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Creates a person outside any audit trail: for the command line, the demo
/// data and tests. Requests go through [`add_person`].
pub async fn create_user(db: &impl ConnectionTrait, new: NewPerson) -> Result<UserId, AppError> {
    let password_hash = hash_if_acceptable(new.password.as_deref()).await?;
    insert_person(db, new, password_hash).await
}

/// Creates a person at someone's request and records who did it, in one
/// transaction. Never with a password: whoever knows it can read the
/// person's preparation, so only the person chooses it. Nor with the actor
/// as the nearest manager.
pub async fn add_person(
    db: &DatabaseConnection,
    actor: UserId,
    new: NewPerson,
) -> Result<UserId, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let id = add_person_in(&txn, actor, new).await?;
    txn.commit().await?;
    Ok(id)
}

/// [`add_person`] within the caller's transaction (SCIM provisioning).
pub(crate) async fn add_person_in(
    db: &impl ConnectionTrait,
    actor: UserId,
    new: NewPerson,
) -> Result<UserId, AppError> {
    let new = NewPerson {
        password: None,
        ..new
    };
    if matches!(new.manager, Some(ManagerRef::Id(manager)) if manager == actor) {
        return Err(AppError::Validation(vec![not_own_manager()]));
    }
    let id = insert_person(db, new, String::new()).await?;
    let created = Event::new(actor, AuditAction::PersonCreated, "user")
        .about(id)
        .on(id);
    audit::record(db, created).await?;
    if let Some(person) = user::Entity::find_by_id(id.0).one(db).await? {
        webhooks::announce(db, WebhookData::Person(person_changed(&person)), true).await?;
    }
    Ok(id)
}

/// The hash of `password` when it passes [`check_new_password`]; otherwise (and
/// with no password) empty, and the check reports the problem. Only the
/// command line, the demo data and tests give one, so it waits its turn.
async fn hash_if_acceptable(password: Option<&str>) -> Result<String, AppError> {
    match password {
        Some(password) if mus_domain::auth::password_fits(password) => {
            hash_password(password.to_owned(), Wait::Unbounded).await
        }
        _ => Ok(String::new()),
    }
}

async fn insert_person(
    db: &impl ConnectionTrait,
    new: NewPerson,
    password_hash: String,
) -> Result<UserId, AppError> {
    let mut errors = Vec::new();
    let email = Email::parse(&new.email)
        .map_err(|e| errors.push(FieldError::new("email", e.to_string())))
        .ok();
    let name = valid_name("name", &new.name, MAX_NAME_CHARS, &mut errors);
    if let Some(password) = &new.password {
        check_new_password("password", password, &mut errors);
    }
    let manager = match &new.manager {
        Some(reference) => resolve_manager(db, reference, None, &mut errors).await?,
        None => None,
    };
    check_department(db, new.department, &mut errors).await?;
    if let Some(email) = &email
        && accounts::find_by_email(db, email.as_str()).await?.is_some()
    {
        return Err(email_taken(email));
    }
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now = Utc::now();
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email.as_str().to_owned()),
        name: Set(name),
        role: Set(new.role.as_str().to_owned()),
        manager_id: Set(manager),
        department_id: Set(new.department.map(|d| d.0)),
        password_hash: Set(password_hash),
        left_on: Set(None),
        language: Set("da".into()),
        oidc_issuer: Set(None),
        oidc_subject: Set(None),
        external_id: Set(None),
        deprovisioned_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    // Two requests for the same e-mail can both pass the check above.
    .map_err(|e| {
        AppError::unique_violation(e, ErrorCode::AlreadyExists, &email_taken_text(&email))
    })?;
    Ok(created.id.into())
}

fn email_taken_text(email: &Email) -> String {
    format!("a person with the e-mail {email} exists already")
}

fn email_taken(email: &Email) -> AppError {
    AppError::conflict(ErrorCode::AlreadyExists, email_taken_text(email))
}

/// Changes what the patch names, and records who did it, in one transaction.
///
/// A person who is someone's manager keeps the manager role: their reports
/// need a new manager first. Nobody changes their own role or makes
/// themselves anyone's manager: HR could otherwise give itself the reading
/// rights of a manager. A new nearest manager takes over the person's
/// conversations that are still open, and the change shows in the person's
/// access log. A leaving day that has come ends the person's sessions and
/// API tokens.
pub async fn patch_user(
    db: &DatabaseConnection,
    actor: UserId,
    id: UserId,
    patch: UserPatch,
    site: &url::Url,
) -> Result<User, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let view = patch_user_in(&txn, actor, id, patch, site).await?;
    txn.commit().await?;
    Ok(view)
}

/// [`patch_user`] within the caller's transaction (SCIM provisioning).
pub(crate) async fn patch_user_in(
    txn: &impl ConnectionTrait,
    actor: UserId,
    id: UserId,
    patch: UserPatch,
    site: &url::Url,
) -> Result<User, AppError> {
    let Some(person) = user::Entity::find_by_id(id.0).one(txn).await? else {
        return Err(AppError::NotFound);
    };
    let mut errors = Vec::new();
    let name = match &patch.name {
        Some(name) => valid_name("name", name, MAX_NAME_CHARS, &mut errors),
        None => None,
    };
    if id == actor
        && patch
            .role
            .is_some_and(|role| role.as_str() != person.role.as_str())
    {
        errors.push(FieldError::new(
            "role",
            "nobody changes their own role; another HR administrator can",
        ));
    }
    // A leaving day ends every way in; set on oneself it would lock out the
    // only HR administrator as easily as anyone.
    if id == actor && patch.left_on.is_some_and(|day| day != person.left_on) {
        errors.push(FieldError::new(
            "left_on",
            "nobody sets their own leaving day; another HR administrator can",
        ));
    }
    if patch.manager_id == Some(Some(actor)) {
        errors.push(not_own_manager());
    }
    let manager = match patch.manager_id {
        Some(Some(_)) if !errors.is_empty() => None,
        Some(Some(manager)) => {
            Some(resolve_manager(txn, &ManagerRef::Id(manager), Some(id), &mut errors).await?)
        }
        Some(None) => Some(None),
        None => None,
    };
    if let Some(department) = patch.department_id {
        check_department(txn, department, &mut errors).await?;
    }
    if let Some(role) = patch.role
        && role != Role::Manager
        && person.role == Role::Manager.as_str()
        && has_reports(txn, id).await?
    {
        errors.push(FieldError::new(
            "role",
            "this person is the nearest manager of others; give them a new manager first",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let new_manager = manager
        .flatten()
        .filter(|manager| person.manager_id != Some(*manager));
    let mut model = person.into_active_model();
    if let Some(name) = name {
        model.name = Set(name);
    }
    if let Some(role) = patch.role {
        model.role = Set(role.as_str().to_owned());
    }
    if let Some(manager) = manager {
        model.manager_id = Set(manager);
    }
    if let Some(department) = patch.department_id {
        model.department_id = Set(department.map(|d| d.0));
    }
    if let Some(left_on) = patch.left_on {
        model.left_on = Set(left_on);
    }
    model.updated_at = Set(Utc::now());
    let updated = model.update(txn).await?;
    let changed = Event::new(actor, AuditAction::PersonUpdated, "user")
        .about(id)
        .on(id);
    audit::record(txn, changed).await?;
    if let Some(manager) = new_manager {
        rounds::reassign_open_conversations(txn, &[(id.0, manager)]).await?;
        managers_changed(txn, actor, &[(id.0, manager)], site).await?;
    }
    if crate::auth::has_left(updated.left_on) {
        end_access(txn, id).await?;
    }
    webhooks::announce(txn, WebhookData::Person(person_changed(&updated)), false).await?;
    let view = views(txn, vec![updated]).await?.remove(0);
    Ok(view)
}

/// What a webhook is told of a person: ids, role and leaving day.
pub(crate) fn person_changed(person: &user::Model) -> PersonChanged {
    PersonChanged {
        user_id: person.id.into(),
        role: person.role.clone(),
        department_id: person.department_id.map(Into::into),
        manager_id: person.manager_id.map(Into::into),
        left_on: person.left_on,
    }
}

fn not_own_manager() -> FieldError {
    FieldError::new(
        "manager",
        "nobody makes themselves anyone's nearest manager",
    )
}

/// Tells each person in `moves` (person, new manager) of their new nearest
/// manager, who reads their record from now on: in their access log and by
/// e-mail, so they can see it and object.
pub(crate) async fn managers_changed(
    db: &impl ConnectionTrait,
    actor: UserId,
    moves: &[(Uuid, Uuid)],
    site: &url::Url,
) -> Result<(), AppError> {
    let events = moves
        .iter()
        .map(|&(person, manager)| {
            Event::new(actor, AuditAction::ManagerChanged, "user")
                .about(person.into())
                .on(manager)
        })
        .collect();
    audit::record_all(db, events).await?;
    // Told as a notice (an e-mail that cannot be turned off, and an entry
    // in the list): who reads one's history has changed.
    let people: Vec<Uuid> = moves
        .iter()
        .flat_map(|&(person, manager)| [person, manager])
        .collect();
    let recipients = super::notifications::Recipients::of(db, &people).await?;
    let at = Utc::now().timestamp_micros();
    let notices = moves
        .iter()
        .map(|&(person, manager)| super::notifications::Notice {
            user: person,
            reason: format!("manager_changed:{person}:{manager}:{at}"),
            message: super::notifications::Message::ManagerChanged {
                manager: recipients.get(manager).map(|m| m.name.clone()),
            },
            link: "/me/data".into(),
        })
        .collect();
    super::notifications::tell(db, site, &recipients, notices).await?;
    Ok(())
}

/// Ends everything a leaver could still sign in with: sessions and personal
/// API tokens. Recorded once, when there was something to end.
pub(crate) async fn end_access(db: &impl ConnectionTrait, person: UserId) -> Result<(), AppError> {
    let ended = sessions::end_all_sessions(db, person).await?
        + super::api_tokens::revoke_all(db, person).await?;
    if ended > 0 {
        let event = Event::system(AuditAction::AccessEnded, "user")
            .about(person)
            .on(person);
        audit::record(db, event).await?;
    }
    Ok(())
}

/// How often `mus serve` ends the access of leavers.
pub const LEAVERS_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// `end_leavers_access` as `mus serve` runs it, at start and then hourly:
/// once an hour whatever the number of instances (`store::leases`); `None`
/// when another instance ran it within the hour or is at it.
pub async fn end_leavers_access_hourly(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> Result<Option<u64>, AppError> {
    crate::store::leases::run_once(
        db,
        "leavers",
        now,
        LEAVERS_EVERY,
        std::time::Duration::from_secs(10 * 60),
        end_leavers_access(db),
    )
    .await
}

/// Ends the access of everyone whose leaving day has come and who still
/// holds a session or an API token: run by `mus serve` at start and every
/// hour. A leaver's credentials are refused on every request anyway; this
/// makes it permanent. Returns how many people it ended access for.
pub async fn end_leavers_access(db: &DatabaseConnection) -> Result<u64, AppError> {
    use sea_orm::sea_query::Query;

    use crate::store::entities::{api_token, refresh_token};

    let today = mus_domain::agreements::danish_date(Utc::now());
    let holding_tokens = Query::select()
        .column(api_token::Column::UserId)
        .from(api_token::Entity)
        .and_where(api_token::Column::RevokedAt.is_null())
        .to_owned();
    let holding_sessions = Query::select()
        .column(refresh_token::Column::UserId)
        .from(refresh_token::Entity)
        .and_where(refresh_token::Column::RevokedAt.is_null())
        .to_owned();
    let leavers: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::LeftOn.lte(today))
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::Id.in_subquery(holding_tokens))
                .add(user::Column::Id.in_subquery(holding_sessions)),
        )
        .into_tuple()
        .all(db)
        .await?;
    if leavers.is_empty() {
        return Ok(0);
    }
    let (_turn, txn) = begin_write(db).await?;
    for leaver in &leavers {
        end_access(&txn, (*leaver).into()).await?;
    }
    txn.commit().await?;
    Ok(leavers.len() as u64)
}

/// One person, if the actor may see them.
pub async fn get_user(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: UserId,
) -> Result<User, AppError> {
    let person = view_of(db, actor, id).await?;
    // Reading someone else's details is in their access log, like every
    // other read of what MUS holds about a person.
    if id != actor.id {
        let read = Event::new(actor.id, AuditAction::PersonRead, "user")
            .about(id)
            .on(id);
        audit::record(db, read).await?;
    }
    Ok(person)
}

/// A person as the actor may see them, without recording a read: for
/// answering a change the actor just made.
pub async fn view_of(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: UserId,
) -> Result<User, AppError> {
    match user::Entity::find_by_id(id.0).one(db).await? {
        Some(person) if access::may_see_person(actor, &person) => {
            Ok(views(db, vec![person]).await?.remove(0))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The people the actor may see, by e-mail, a page at a time. Three
/// statements whatever the page size: the page, its managers, its departments.
pub async fn list_users(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    filter: UserFilter,
) -> Result<Page<User>, AppError> {
    let limit = page_size(filter.limit)?;
    let mut query = user::Entity::find()
        .filter(access::people_visible_to(actor))
        .order_by_asc(user::Column::Email)
        .limit(u64::from(limit) + 1);
    if let Some(department) = filter.department {
        query = query.filter(user::Column::DepartmentId.eq(department.0));
    }
    if let Some(manager) = filter.manager {
        query = query.filter(user::Column::ManagerId.eq(manager.0));
    }
    if let Some(role) = filter.role {
        query = query.filter(user::Column::Role.eq(role.as_str()));
    }
    if let Some(cursor) = &filter.cursor {
        query = query.filter(user::Column::Email.gt(decode_text_cursor(cursor)?));
    }
    let mut people = query.all(db).await?;
    let next_cursor = finish_page(&mut people, limit, |last| text_cursor(&last.email));
    Ok(Page {
        items: views(db, people).await?,
        next_cursor,
    })
}

/// The signed-in person with their manager and department.
pub async fn me(db: &impl ConnectionTrait, id: UserId) -> Result<Me, AppError> {
    let Some(person) = user::Entity::find_by_id(id.0).one(db).await? else {
        // The token outlived its account.
        return Err(AppError::Unauthorized(ErrorCode::TokenInvalid));
    };
    let view = views(db, vec![person]).await?.remove(0);
    Ok(Me {
        id: view.id,
        email: view.email,
        name: view.name,
        role: view.role,
        manager: view.manager,
        department: view.department,
    })
}

/// Directory views of `people`, with their managers' and departments' names
/// fetched in one statement each.
pub async fn views(
    db: &impl ConnectionTrait,
    people: Vec<user::Model>,
) -> Result<Vec<User>, AppError> {
    let manager_ids: Vec<Uuid> = people.iter().filter_map(|p| p.manager_id).collect();
    let department_ids: Vec<Uuid> = people.iter().filter_map(|p| p.department_id).collect();
    let managers: HashMap<Uuid, String> = if manager_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(manager_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.name))
            .collect()
    };
    let departments: HashMap<Uuid, String> = if department_ids.is_empty() {
        HashMap::new()
    } else {
        department::Entity::find()
            .filter(department::Column::Id.is_in(department_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect()
    };
    people
        .into_iter()
        .map(|person| {
            let role = Role::parse(&person.role).ok_or_else(|| {
                anyhow::anyhow!("user {} has unknown role {:?}", person.id, person.role)
            })?;
            Ok(User {
                id: person.id.into(),
                email: Email::parse(&person.email).map_err(anyhow::Error::from)?,
                role,
                manager: person.manager_id.and_then(|id| {
                    managers.get(&id).map(|name| PersonRef {
                        id: id.into(),
                        name: name.clone(),
                    })
                }),
                department: person.department_id.and_then(|id| {
                    departments.get(&id).map(|name| DepartmentRef {
                        id: id.into(),
                        name: name.clone(),
                    })
                }),
                can_sign_in: !person.password_hash.is_empty(),
                created_at: person.created_at,
                left_on: person.left_on,
                name: person.name,
            })
        })
        .collect()
}

/// Every department with its head count: two statements.
pub async fn list_departments(db: &impl ConnectionTrait) -> Result<Vec<Department>, AppError> {
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?;
    let counts: HashMap<Uuid, i64> = user::Entity::find()
        .select_only()
        .column(user::Column::DepartmentId)
        .column_as(crate::store::count_rows(), "people")
        .filter(user::Column::DepartmentId.is_not_null())
        .group_by(user::Column::DepartmentId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(departments
        .into_iter()
        .map(|d| Department {
            id: d.id.into(),
            people: counts
                .get(&d.id)
                .map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX)),
            name: d.name,
        })
        .collect())
}

/// Creates a department and records who did it, in one transaction.
pub async fn create_department(
    db: &DatabaseConnection,
    actor: UserId,
    name: &str,
) -> Result<Department, AppError> {
    let mut errors = Vec::new();
    let Some(name) = valid_name("name", name, MAX_NAME_CHARS, &mut errors) else {
        return Err(AppError::Validation(errors));
    };
    let taken = format!("the department {name} exists already");
    let (_turn, txn) = begin_write(db).await?;
    if department::Entity::find()
        .filter(department::Column::Name.eq(&name))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(ErrorCode::AlreadyExists, taken));
    }
    let created = department::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    // Two requests for the same name can both pass the check above.
    .map_err(|e| AppError::unique_violation(e, ErrorCode::AlreadyExists, &taken))?;
    let event = Event::new(actor, AuditAction::DepartmentCreated, "department").on(created.id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(Department {
        id: created.id.into(),
        name: created.name,
        people: 0,
    })
}

/// Finds a department by name, creating it when missing.
pub async fn ensure_department(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<department::Model, AppError> {
    if let Some(existing) = department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(db)
        .await?
    {
        return Ok(existing);
    }
    Ok(department::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?)
}

/// The manager's id if `reference` names a person with the manager role who
/// is not `subject` and does not report (however indirectly) to `subject`.
pub(crate) async fn resolve_manager(
    db: &impl ConnectionTrait,
    reference: &ManagerRef,
    subject: Option<UserId>,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Uuid>, AppError> {
    let found = match reference {
        ManagerRef::Id(id) => user::Entity::find_by_id(id.0).one(db).await?,
        ManagerRef::Email(email) => accounts::find_by_email(db, email).await?,
    };
    let Some(manager) = found else {
        errors.push(FieldError::new("manager", "no such person"));
        return Ok(None);
    };
    if manager.role != Role::Manager.as_str() {
        errors.push(FieldError::new(
            "manager",
            "the nearest manager must have the manager role",
        ));
        return Ok(None);
    }
    if let Some(subject) = subject
        && reports_to(db, manager.id, subject.0).await?
    {
        errors.push(FieldError::new(
            "manager",
            "a person cannot be managed by themselves or by someone who reports to them",
        ));
        return Ok(None);
    }
    Ok(Some(manager.id))
}

/// True when `person` is `boss` or is below `boss` in the management chain.
pub(crate) async fn reports_to(
    db: &impl ConnectionTrait,
    person: Uuid,
    boss: Uuid,
) -> Result<bool, AppError> {
    let mut current = Some(person);
    for _ in 0..MAX_CHAIN {
        let Some(id) = current else {
            return Ok(false);
        };
        if id == boss {
            return Ok(true);
        }
        current = user::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|p| p.manager_id);
    }
    Ok(true)
}

async fn has_reports(db: &impl ConnectionTrait, id: UserId) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::ManagerId.eq(id.0))
        .one(db)
        .await?
        .is_some())
}

async fn check_department(
    db: &impl ConnectionTrait,
    department: Option<DepartmentId>,
    errors: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    if let Some(id) = department
        && department::Entity::find_by_id(id.0)
            .one(db)
            .await?
            .is_none()
    {
        errors.push(FieldError::new("department_id", "no such department"));
    }
    Ok(())
}

/// What one retention run removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// People whose leaving day is past the retention period.
    pub people: u64,
    pub summary_versions: u64,
    pub preparations: u64,
    pub agreements: u64,
    pub agreement_reviews: u64,
    pub check_ins: u64,
}

impl RetentionReport {
    fn removed_anything(&self) -> bool {
        self.summary_versions
            + self.preparations
            + self.agreements
            + self.agreement_reviews
            + self.check_ins
            > 0
    }
}

/// How often `mus serve` applies retention.
pub const RETENTION_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Retention as `mus serve` applies it, at start and then daily: once a day
/// whatever the number of instances on the database (`store::leases`);
/// `None` when another instance applied it within the day or is at it.
pub async fn apply_retention_daily(
    db: &DatabaseConnection,
    years: u32,
    now: chrono::DateTime<Utc>,
) -> Result<Option<RetentionReport>, AppError> {
    let today = mus_domain::agreements::danish_date(now);
    crate::store::leases::run_once(
        db,
        "retention",
        now,
        RETENTION_EVERY,
        std::time::Duration::from_secs(60 * 60),
        apply_retention(db, years, today),
    )
    .await
}

/// Removes the conversation content of everyone who left more than `years`
/// years before `today`: every summary version, both preparations, the
/// agreements, their reviews and the check-ins. The conversations stay, as
/// bare facts (round, status, dates), so round figures keep adding up; so do
/// the person and the audit log. One transaction: all or nothing.
pub async fn apply_retention(
    db: &DatabaseConnection,
    years: u32,
    today: chrono::NaiveDate,
) -> Result<RetentionReport, AppError> {
    use sea_orm::sea_query::Query;

    use crate::store::entities::{
        agreement, agreement_review, check_in, conversation, preparation, summary_version,
    };

    let cutoff = today
        .checked_sub_months(chrono::Months::new(years.saturating_mul(12)))
        .ok_or_else(|| anyhow::anyhow!("a retention of {years} years reaches before year 1"))?;
    let (_turn, txn) = begin_write(db).await?;
    let leavers = || {
        Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::LeftOn.lt(cutoff))
            .to_owned()
    };
    let their_conversations = || {
        Query::select()
            .column(conversation::Column::Id)
            .from(conversation::Entity)
            .and_where(conversation::Column::EmployeeId.in_subquery(leavers()))
            .to_owned()
    };
    let people = user::Entity::find()
        .filter(user::Column::LeftOn.lt(cutoff))
        .count(&txn)
        .await?;
    if people == 0 {
        return Ok(RetentionReport::default());
    }
    let agreement_reviews = agreement_review::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(agreement_review::Column::ConversationId.in_subquery(their_conversations()))
                .add(
                    agreement_review::Column::AgreementId.in_subquery(
                        Query::select()
                            .column(agreement::Column::Id)
                            .from(agreement::Entity)
                            .and_where(agreement::Column::EmployeeId.in_subquery(leavers()))
                            .to_owned(),
                    ),
                ),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let agreements = agreement::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(agreement::Column::EmployeeId.in_subquery(leavers()))
                .add(agreement::Column::ConversationId.in_subquery(their_conversations())),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let check_ins = check_in::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(check_in::Column::EmployeeId.in_subquery(leavers()))
                .add(check_in::Column::ConversationId.in_subquery(their_conversations())),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let summary_versions = summary_version::Entity::delete_many()
        .filter(summary_version::Column::ConversationId.in_subquery(their_conversations()))
        .exec(&txn)
        .await?
        .rows_affected;
    let preparations = preparation::Entity::delete_many()
        .filter(preparation::Column::ConversationId.in_subquery(their_conversations()))
        .exec(&txn)
        .await?
        .rows_affected;
    let report = RetentionReport {
        people,
        summary_versions,
        preparations,
        agreements,
        agreement_reviews,
        check_ins,
    };
    if report.removed_anything() {
        let run = Event::system(AuditAction::RetentionApplied, "retention");
        audit::record(&txn, run).await?;
    }
    txn.commit().await?;
    tracing::info!(?report, years, %cutoff, "retention applied");
    Ok(report)
}

/// The names of `ids`, by id: one statement per 500 people.
pub(crate) async fn names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, AppError> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(crate::store::IN_LIST_CHUNK) {
        let found: Vec<(Uuid, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        names.extend(found);
    }
    Ok(names)
}

/// `id` as others see them, named from [`names`].
pub(crate) fn person(id: Uuid, names: &HashMap<Uuid, String>) -> PersonRef {
    PersonRef {
        id: id.into(),
        name: names.get(&id).cloned().unwrap_or_default(),
    }
}
