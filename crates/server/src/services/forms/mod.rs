//! Question forms: versioned, frozen once a round uses them, and the two
//! shipped forms present in every database.

pub mod shipped;

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use mus_domain::{
    AuditAction, FormKind, Language, Page, Template, TemplateContent, TemplateId, TemplateUpdate,
    UserId,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::pagination::{decode_keyed_cursor, finish_page, keyed_cursor, page_size};
use crate::error::AppError;
use crate::store::entities::template;
use crate::store::{IN_LIST_CHUNK, begin_write};

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
            let key = format!("{}-{}", form.key, language.as_str());
            if is_installed(db, &key).await? {
                continue;
            }
            let installed = insert(
                db,
                Uuid::new_v4(),
                1,
                Some(key.clone()),
                form.kind,
                &form.content(language),
            )
            .await;
            // Several instances starting at once meet at the unique index on
            // the key; the one that lost finds the form there.
            if let Err(error) = installed
                && !is_installed(db, &key).await?
            {
                return Err(error);
            }
        }
    }
    Ok(())
}

async fn is_installed(db: &impl ConnectionTrait, key: &str) -> Result<bool, AppError> {
    Ok(template::Entity::find()
        .filter(template::Column::Shipped.eq(key))
        .one(db)
        .await?
        .is_some())
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
        query = query.filter(template::Column::Language.eq(language.as_str()));
    }
    if let Some(cursor) = cursor {
        let (name, id) = decode_keyed_cursor(cursor)?;
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
    let next_cursor = finish_page(&mut rows, limit, |last| keyed_cursor(&last.name, last.id));
    Ok(Page {
        items: rows.into_iter().map(to_domain).collect::<Result<_, _>>()?,
        next_cursor,
    })
}

pub async fn get(db: &impl ConnectionTrait, id: TemplateId) -> Result<Template, AppError> {
    to_domain(find(db, id).await?)
}

/// The forms with these ids, by id; ids without a form are left out.
pub async fn get_many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = TemplateId>,
) -> Result<HashMap<TemplateId, Template>, AppError> {
    let ids: BTreeSet<Uuid> = ids.into_iter().map(|id| id.0).collect();
    let mut forms = HashMap::with_capacity(ids.len());
    for chunk in ids.into_iter().collect::<Vec<_>>().chunks(IN_LIST_CHUNK) {
        let found = template::Entity::find()
            .filter(template::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for model in found {
            let form = to_domain(model)?;
            forms.insert(form.id, form);
        }
    }
    Ok(forms)
}

/// Creates a form and records who did it, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: UserId,
    content: &TemplateContent,
) -> Result<Template, AppError> {
    content.validate().map_err(AppError::Validation)?;
    let (_turn, txn) = begin_write(db).await?;
    let created = insert(&txn, Uuid::new_v4(), 1, None, FormKind::Custom, content).await?;
    record(&txn, actor, AuditAction::TemplateCreated, &created).await?;
    txn.commit().await?;
    Ok(created)
}

async fn record(
    db: &impl ConnectionTrait,
    actor: UserId,
    action: AuditAction,
    form: &Template,
) -> Result<(), AppError> {
    audit::record(db, Event::new(actor, action, "template").on(form.id)).await
}

/// Replaces the content. A frozen form stays as it is and the edit becomes
/// the family's next version; an edit from a stale version is refused.
pub async fn update(
    db: &DatabaseConnection,
    actor: UserId,
    id: TemplateId,
    update: &TemplateUpdate,
) -> Result<Edited, AppError> {
    update.content.validate().map_err(AppError::Validation)?;
    let (_turn, txn) = begin_write(db).await?;
    let current = find(&txn, id).await?;
    let version = u32::try_from(current.version)?;
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
    let edited = if current.frozen {
        // The frozen version stops being the newest and hands the shipped
        // marker on; the condition makes the second of two racing editors
        // (or an edit racing a freeze) change nothing.
        let mut retired = current.clone().into_active_model();
        retired.is_latest = Set(false);
        retired.shipped = Set(None);
        template::Entity::update(retired)
            .validate()?
            .filter(template::Column::Version.eq(current.version))
            .filter(template::Column::IsLatest.eq(true))
            .exec(&txn)
            .await
            .map_err(changed_meanwhile)?;
        let kind = parse_kind(&current)?;
        Edited::NewVersion(
            insert(
                &txn,
                current.family_id,
                current.version + 1,
                current.shipped,
                kind,
                &update.content,
            )
            .await?,
        )
    } else {
        let mut model = current.clone().into_active_model();
        model.version = Set(current.version + 1);
        model.name = Set(update.content.name.trim().to_owned());
        model.language = Set(update.content.language.as_str().to_owned());
        model.description = Set(update.content.description.clone());
        model.sections = Set(sections_json(&update.content)?);
        model.updated_at = Set(Utc::now());
        let updated = template::Entity::update(model)
            .validate()?
            .filter(template::Column::Version.eq(current.version))
            .filter(template::Column::Frozen.eq(false))
            .exec(&txn)
            .await
            .map_err(changed_meanwhile)?;
        Edited::InPlace(to_domain(updated)?)
    };
    let (Edited::InPlace(form) | Edited::NewVersion(form)) = &edited;
    record(&txn, actor, AuditAction::TemplateChanged, form).await?;
    txn.commit().await?;
    Ok(edited)
}

fn changed_meanwhile(error: DbErr) -> AppError {
    match error {
        DbErr::RecordNotUpdated => AppError::Conflict(
            "the form was changed or taken into use meanwhile; fetch it and edit again".into(),
        ),
        other => other.into(),
    }
}

/// A new, unfrozen form with the same questions and approach, in a family
/// of its own; recorded as a new form.
pub async fn copy(
    db: &DatabaseConnection,
    actor: UserId,
    id: TemplateId,
) -> Result<Template, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let source = get(&txn, id).await?;
    let mut content = source.content;
    let prefix = match content.language {
        Language::Da => "Kopi af",
        Language::En => "Copy of",
    };
    content.name = format!("{prefix} {}", content.name)
        .chars()
        .take(mus_domain::forms::MAX_NAME_CHARS)
        .collect();
    let copied = insert(&txn, Uuid::new_v4(), 1, None, source.kind, &content).await?;
    record(&txn, actor, AuditAction::TemplateCreated, &copied).await?;
    txn.commit().await?;
    Ok(copied)
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
    kind: FormKind,
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
        kind: Set(kind_code(kind).to_owned()),
        name: Set(content.name.trim().to_owned()),
        language: Set(content.language.as_str().to_owned()),
        description: Set(content.description.clone()),
        sections: Set(sections_json(content)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    to_domain(model)
}

fn to_domain(model: template::Model) -> Result<Template, AppError> {
    let Some(language) = Language::parse(&model.language) else {
        return Err(anyhow::anyhow!(
            "template {} has unknown language {:?}",
            model.id,
            model.language
        )
        .into());
    };
    let kind = parse_kind(&model)?;
    Ok(Template {
        id: model.id.into(),
        family_id: model.family_id.into(),
        version: u32::try_from(model.version)?,
        frozen: model.frozen,
        kind,
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
            sections: serde_json::from_str(&model.sections)?,
        },
    })
}

fn sections_json(content: &TemplateContent) -> Result<String, AppError> {
    Ok(serde_json::to_string(&content.sections)?)
}

fn kind_code(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Classic => "classic",
        FormKind::Appreciative => "appreciative",
        FormKind::Group => "group",
        FormKind::Custom => "custom",
    }
}

fn parse_kind(model: &template::Model) -> Result<FormKind, AppError> {
    match model.kind.as_str() {
        "classic" => Ok(FormKind::Classic),
        "appreciative" => Ok(FormKind::Appreciative),
        "group" => Ok(FormKind::Group),
        "custom" => Ok(FormKind::Custom),
        other => Err(anyhow::anyhow!("template {} has unknown kind {other:?}", model.id).into()),
    }
}
