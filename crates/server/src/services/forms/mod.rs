//! Question forms: versioned, frozen once a round uses them, and the two
//! shipped forms present in every database.

pub mod shipped;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use mus_domain::{
    ErrorCode, Language, Page, Template, TemplateContent, TemplateId, TemplateUpdate,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use uuid::Uuid;

use super::people::page_size;
use crate::error::AppError;
use crate::store::entities::template;

/// Whether an edit changed the form in place or made its next version.
#[derive(Debug)]
pub enum Edited {
    InPlace(Template),
    NewVersion(Template),
}

/// Makes sure the shipped forms exist, in both languages. Runs at every
/// start; forms already there (and any edits HR made to them) are kept.
pub async fn ensure_shipped(db: &impl ConnectionTrait) -> Result<(), AppError> {
    for form in shipped::ALL {
        for language in [Language::Da, Language::En] {
            let key = format!("{}-{}", form.key, language_code(language));
            let exists = template::Entity::find()
                .filter(template::Column::Shipped.eq(&key))
                .one(db)
                .await?
                .is_some();
            if !exists {
                insert(db, Uuid::new_v4(), 1, Some(key), &form.content(language)).await?;
            }
        }
    }
    Ok(())
}

/// The newest version of each form, by name, a page at a time.
pub async fn list(
    db: &impl ConnectionTrait,
    language: Option<Language>,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<Page<Template>, AppError> {
    let limit = page_size(limit)?;
    let mut query = template::Entity::find()
        .filter(template::Column::IsLatest.eq(true))
        .order_by_asc(template::Column::Name)
        .order_by_asc(template::Column::Id)
        .limit(u64::from(limit) + 1);
    if let Some(language) = language {
        query = query.filter(template::Column::Language.eq(language_code(language)));
    }
    if let Some(cursor) = cursor {
        let (name, id) = decode_cursor(cursor)?;
        query = query.filter(
            Condition::any()
                .add(template::Column::Name.gt(name.clone()))
                .add(
                    Condition::all()
                        .add(template::Column::Name.eq(name))
                        .add(template::Column::Id.gt(id)),
                ),
        );
    }
    let mut rows = query.all(db).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|t| URL_SAFE_NO_PAD.encode(format!("{}\n{}", t.id, t.name)))
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(to_domain).collect::<Result<_, _>>()?,
        next_cursor,
    })
}

pub async fn get(db: &impl ConnectionTrait, id: TemplateId) -> Result<Template, AppError> {
    to_domain(find(db, id).await?)
}

pub async fn create(
    db: &impl ConnectionTrait,
    content: &TemplateContent,
) -> Result<Template, AppError> {
    content.validate().map_err(AppError::Validation)?;
    insert(db, Uuid::new_v4(), 1, None, content).await
}

/// Replaces the content. A frozen form stays as it is and the edit becomes
/// the family's next version; an edit from a stale version is refused.
pub async fn update(
    db: &DatabaseConnection,
    id: TemplateId,
    update: &TemplateUpdate,
) -> Result<Edited, AppError> {
    update.content.validate().map_err(AppError::Validation)?;
    let txn = db.begin().await?;
    let current = find(&txn, id).await?;
    let version = u32::try_from(current.version).unwrap_or_default();
    if !current.is_latest {
        return Err(AppError::Conflict(
            "this is not the newest version of the form; edit the newest one".into(),
        ));
    }
    if update.version != version {
        return Err(AppError::Conflict(format!(
            "the form was changed meanwhile: it is at version {version}, the edit started from version {}",
            update.version
        )));
    }
    let sections = serde_json::to_string(&update.content.sections).map_err(anyhow::Error::from)?;
    if current.frozen {
        let mut old = current.clone().into_active_model();
        old.is_latest = Set(false);
        old.update(&txn).await?;
        // Two editors racing meet at the unique (family, version) index.
        let next = insert(
            &txn,
            current.family_id,
            current.version + 1,
            None,
            &update.content,
        )
        .await
        .map_err(|e| match e {
            AppError::Internal(_) => AppError::Conflict("the form was changed meanwhile".into()),
            other => other,
        })?;
        txn.commit().await?;
        return Ok(Edited::NewVersion(next));
    }
    let mut model = current.into_active_model();
    model.version = Set(i32::try_from(version + 1).map_err(anyhow::Error::from)?);
    model.name = Set(update.content.name.trim().to_owned());
    model.language = Set(language_code(update.content.language).to_owned());
    model.description = Set(update.content.description.clone());
    model.sections = Set(sections);
    model.updated_at = Set(Utc::now());
    let updated = to_domain(model.update(&txn).await?)?;
    txn.commit().await?;
    Ok(Edited::InPlace(updated))
}

/// A new, unfrozen form with the same questions.
pub async fn copy(db: &impl ConnectionTrait, id: TemplateId) -> Result<Template, AppError> {
    let mut content = get(db, id).await?.content;
    let prefix = match content.language {
        Language::Da => "Kopi af",
        Language::En => "Copy of",
    };
    content.name = format!("{prefix} {}", content.name)
        .chars()
        .take(mus_domain::forms::MAX_NAME_CHARS)
        .collect();
    insert(db, Uuid::new_v4(), 1, None, &content).await
}

/// Called when a round starts using the form: from then on it never changes.
pub async fn freeze(db: &impl ConnectionTrait, id: TemplateId) -> Result<(), AppError> {
    let mut model = find(db, id).await?.into_active_model();
    model.frozen = Set(true);
    model.update(db).await?;
    Ok(())
}

async fn find(db: &impl ConnectionTrait, id: TemplateId) -> Result<template::Model, AppError> {
    template::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn insert(
    db: &impl ConnectionTrait,
    family: Uuid,
    version: i32,
    shipped: Option<String>,
    content: &TemplateContent,
) -> Result<Template, AppError> {
    let now = Utc::now();
    let model = template::ActiveModel {
        id: Set(Uuid::new_v4()),
        family_id: Set(family),
        version: Set(version),
        is_latest: Set(true),
        frozen: Set(false),
        shipped: Set(shipped),
        name: Set(content.name.trim().to_owned()),
        language: Set(language_code(content.language).to_owned()),
        description: Set(content.description.clone()),
        sections: Set(serde_json::to_string(&content.sections).map_err(anyhow::Error::from)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    to_domain(model)
}

fn to_domain(model: template::Model) -> Result<Template, AppError> {
    let language = match model.language.as_str() {
        "da" => Language::Da,
        "en" => Language::En,
        other => {
            return Err(
                anyhow::anyhow!("template {} has unknown language {other:?}", model.id).into(),
            );
        }
    };
    Ok(Template {
        id: model.id.into(),
        family_id: model.family_id.into(),
        version: u32::try_from(model.version).map_err(anyhow::Error::from)?,
        frozen: model.frozen,
        shipped: model.shipped.map(|key| {
            key.rsplit_once('-')
                .map_or(key.clone(), |(k, _)| k.to_owned())
        }),
        created_at: model.created_at,
        updated_at: model.updated_at,
        content: TemplateContent {
            name: model.name,
            language,
            description: model.description,
            sections: serde_json::from_str(&model.sections).map_err(anyhow::Error::from)?,
        },
    })
}

fn language_code(language: Language) -> &'static str {
    match language {
        Language::Da => "da",
        Language::En => "en",
    }
}

fn decode_cursor(cursor: &str) -> Result<(String, Uuid), AppError> {
    let invalid = || AppError::BadRequest {
        code: ErrorCode::InvalidParameter,
        detail: "the cursor is not one this server handed out".into(),
    };
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let (id, name) = text.split_once('\n').ok_or_else(invalid)?;
    Ok((name.to_owned(), Uuid::parse_str(id).map_err(|_| invalid())?))
}
