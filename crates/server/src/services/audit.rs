//! Writing and reading the audit log.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use mus_domain::{AuditAction, AuditEntry, Page, PersonRef, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::pagination::{decode_time_cursor, finish_page, page_size, time_cursor};
use crate::error::AppError;
use crate::store::entities::{audit_event, user};

/// One thing that happened, before it is written.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub actor: Option<UserId>,
    pub action: AuditAction,
    pub subject: Option<UserId>,
    pub resource_type: &'static str,
    pub resource_id: Option<Uuid>,
}

impl Event {
    pub fn new(actor: UserId, action: AuditAction, resource_type: &'static str) -> Event {
        Event {
            actor: Some(actor),
            action,
            subject: None,
            resource_type,
            resource_id: None,
        }
    }

    /// Something the system did on its own, such as a retention run.
    pub fn system(action: AuditAction, resource_type: &'static str) -> Event {
        Event {
            actor: None,
            action,
            subject: None,
            resource_type,
            resource_id: None,
        }
    }

    #[must_use]
    pub fn about(mut self, subject: UserId) -> Event {
        self.subject = Some(subject);
        self
    }

    #[must_use]
    pub fn on(mut self, id: impl Into<Uuid>) -> Event {
        self.resource_id = Some(id.into());
        self
    }
}

pub async fn record(db: &impl ConnectionTrait, event: Event) -> Result<(), AppError> {
    // Nothing of the row is needed back: no `RETURNING`.
    audit_event::Entity::insert(row(event))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Records several events with as few statements as the database allows.
pub async fn record_all(db: &impl ConnectionTrait, events: Vec<Event>) -> Result<(), AppError> {
    // Bounded batches: SQLite limits the number of bound parameters.
    for batch in events.chunks(500) {
        audit_event::Entity::insert_many(batch.iter().copied().map(row))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn row(event: Event) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        // Microseconds: what PostgreSQL keeps, and what page cursors carry.
        at: Set(Utc::now().trunc_subsecs(6)),
        actor_id: Set(event.actor.map(|a| a.0)),
        action: Set(event.action.as_str().to_owned()),
        subject_id: Set(event.subject.map(|s| s.0)),
        resource_type: Set(event.resource_type.to_owned()),
        resource_id: Set(event.resource_id),
        is_read: Set(event.action.in_access_log()),
    }
}

/// Filters for `GET /audit`.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub subject: Option<UserId>,
    pub action: Option<AuditAction>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The log, newest first, a page at a time: two statements.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: AuditFilter,
) -> Result<Page<AuditEntry>, AppError> {
    let mut condition = Condition::all();
    if let Some(actor) = filter.actor {
        condition = condition.add(audit_event::Column::ActorId.eq(actor.0));
    }
    if let Some(subject) = filter.subject {
        condition = condition.add(audit_event::Column::SubjectId.eq(subject.0));
    }
    if let Some(action) = filter.action {
        condition = condition.add(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(since) = filter.since {
        condition = condition.add(audit_event::Column::At.gte(since));
    }
    if let Some(until) = filter.until {
        condition = condition.add(audit_event::Column::At.lt(until));
    }
    page(db, condition, filter.limit, filter.cursor.as_deref()).await
}

/// The person's access log, newest first, a page at a time: who else read
/// their data, and who became their manager. Paged rather than cut short,
/// so that no number of harmless reads can push a real one out of view.
pub async fn access_log(
    db: &impl ConnectionTrait,
    person: UserId,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<Page<AuditEntry>, AppError> {
    let condition = by_others_about(person).add(audit_event::Column::IsRead.eq(true));
    page(db, condition, limit, cursor).await
}

async fn page(
    db: &impl ConnectionTrait,
    mut condition: Condition,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<Page<AuditEntry>, AppError> {
    let limit = page_size(limit)?;
    if let Some(cursor) = cursor {
        let (at, id) = decode_time_cursor(cursor)?;
        condition = condition.add(
            Condition::any().add(audit_event::Column::At.lt(at)).add(
                Condition::all()
                    .add(audit_event::Column::At.eq(at))
                    .add(audit_event::Column::Id.lt(id)),
            ),
        );
    }
    let mut events = audit_event::Entity::find()
        .filter(condition)
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(db)
        .await?;
    let next_cursor = finish_page(&mut events, limit, |last| time_cursor(last.at, last.id));
    Ok(Page {
        items: entries(db, events).await?,
        next_cursor,
    })
}

/// Events about `person` that someone else (or the system) caused.
fn by_others_about(person: UserId) -> Condition {
    Condition::all()
        .add(audit_event::Column::SubjectId.eq(person.0))
        .add(
            Condition::any()
                .add(audit_event::Column::ActorId.ne(person.0))
                .add(audit_event::Column::ActorId.is_null()),
        )
}

/// Everything others did with `person`'s data, newest first: all of it,
/// for the person's export.
pub async fn concerning(
    db: &impl ConnectionTrait,
    person: UserId,
) -> Result<Vec<AuditEntry>, AppError> {
    let events = audit_event::Entity::find()
        .filter(by_others_about(person))
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .all(db)
        .await?;
    entries(db, events).await
}

/// What `person` did, newest first.
pub async fn by(db: &impl ConnectionTrait, person: UserId) -> Result<Vec<AuditEntry>, AppError> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::ActorId.eq(person.0))
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .all(db)
        .await?;
    entries(db, events).await
}

/// Names the people in `events` with one statement.
async fn entries(
    db: &impl ConnectionTrait,
    events: Vec<audit_event::Model>,
) -> Result<Vec<AuditEntry>, AppError> {
    let ids: Vec<Uuid> = events
        .iter()
        .flat_map(|e| e.actor_id.into_iter().chain(e.subject_id))
        .collect();
    let names: HashMap<Uuid, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    };
    // A person who has since been removed still appears, without a name.
    let person = |id: Option<Uuid>| {
        id.map(|id| PersonRef {
            id: id.into(),
            name: names.get(&id).cloned().unwrap_or_default(),
        })
    };
    events
        .into_iter()
        .map(|event| {
            let action = AuditAction::parse(&event.action)
                .ok_or_else(|| anyhow::anyhow!("unknown audit action {:?}", event.action))?;
            Ok(AuditEntry {
                id: event.id,
                at: event.at,
                actor: person(event.actor_id),
                action,
                subject: person(event.subject_id),
                resource_type: event.resource_type,
                resource_id: event.resource_id,
            })
        })
        .collect()
}
