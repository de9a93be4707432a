//! People and departments.

use chrono::Utc;
use mus_domain::{DepartmentRef, Email, Me, PersonRef, Role, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::auth::{hash_password, password};
use crate::error::AppError;
use crate::store::entities::{department, user};

pub const MAX_NAME_CHARS: usize = 200;

/// A person to create, before validation.
#[derive(Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub manager_email: Option<String>,
    pub department: Option<Uuid>,
    pub password: String,
}

pub async fn create_user(db: &impl ConnectionTrait, new: NewUser) -> Result<Me, AppError> {
    let mut errors = Vec::new();
    let email = Email::parse(&new.email)
        .map_err(|e| errors.push(field("email", e.to_string())))
        .ok();
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(field(
            "name",
            format!("a name has 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    let password_chars = new.password.chars().count();
    if !(password::MIN_PASSWORD_CHARS..=password::MAX_PASSWORD_CHARS).contains(&password_chars) {
        errors.push(field(
            "password",
            format!(
                "a password has {} to {} characters",
                password::MIN_PASSWORD_CHARS,
                password::MAX_PASSWORD_CHARS
            ),
        ));
    }
    let manager = match new.manager_email.as_deref() {
        None => None,
        Some(raw) => match find_by_email(db, raw).await? {
            Some(manager) if manager.role == Role::Manager.as_str() => Some(manager),
            Some(_) => {
                errors.push(field(
                    "manager",
                    "the nearest manager must have the manager role",
                ));
                None
            }
            None => {
                errors.push(field("manager", format!("no person has the e-mail {raw}")));
                None
            }
        },
    };
    if let Some(email) = &email
        && find_by_email(db, email.as_str()).await?.is_some()
    {
        return Err(AppError::Conflict(format!(
            "a person with the e-mail {email} exists already"
        )));
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now = Utc::now();
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email.as_str().to_owned()),
        name: Set(name),
        role: Set(new.role.as_str().to_owned()),
        manager_id: Set(manager.map(|m| m.id)),
        department_id: Set(new.department),
        password_hash: Set(hash_password(new.password).await?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    me(db, created.id.into()).await
}

/// The signed-in person with their manager and department.
pub async fn me(db: &impl ConnectionTrait, id: UserId) -> Result<Me, AppError> {
    let Some(person) = user::Entity::find_by_id(id.0).one(db).await? else {
        // The token outlived its account.
        return Err(AppError::Unauthorized(mus_domain::ErrorCode::TokenInvalid));
    };
    let manager = match person.manager_id {
        Some(manager_id) => user::Entity::find_by_id(manager_id).one(db).await?,
        None => None,
    };
    let department = match person.department_id {
        Some(department_id) => {
            department::Entity::find_by_id(department_id)
                .one(db)
                .await?
        }
        None => None,
    };
    let role = Role::parse(&person.role)
        .ok_or_else(|| anyhow::anyhow!("user {} has unknown role {:?}", person.id, person.role))?;
    Ok(Me {
        id,
        email: Email::parse(&person.email).map_err(anyhow::Error::from)?,
        name: person.name,
        role,
        manager: manager.map(|m| PersonRef {
            id: m.id.into(),
            name: m.name,
        }),
        department: department.map(|d| DepartmentRef {
            id: d.id.into(),
            name: d.name,
        }),
    })
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    raw: &str,
) -> Result<Option<user::Model>, AppError> {
    let Ok(email) = Email::parse(raw) else {
        return Ok(None);
    };
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
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

fn field(name: &str, message: impl Into<String>) -> mus_domain::FieldError {
    mus_domain::FieldError {
        field: name.to_owned(),
        message: message.into(),
    }
}
