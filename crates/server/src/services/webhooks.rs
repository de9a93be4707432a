//! Webhook endpoints HR registers, and the deliveries they are sent.
//!
//! A delivery is announced in the transaction of the change it tells of
//! (`announce`), as a row in the outbox, so the change and its delivery are
//! kept or lost together; the outbox's worker signs and posts it
//! (`outbox::Hooks`). What is announced is ids, states and dates.

use chrono::{DateTime, Utc};
use mus_domain::webhooks::{MAX_WEBHOOKS, PREVIOUS_SECRET_HOURS};
use mus_domain::{
    AuditAction, DeliveryState, FieldError, MessageId, NewWebhook, Page, UserId, Webhook,
    WebhookData, WebhookDelivery, WebhookEvent, WebhookMessage, WebhookRule, WebhookWithSecret,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::pagination::{decode_time_cursor, finish_page, page_size, time_cursor};
use crate::error::AppError;
use crate::outbox::{self, CHANNEL_WEBHOOK, Unreachable};
use crate::store::entities::{outbox as outbox_row, webhook};
use crate::store::{IN_LIST_CHUNK, begin_write};

/// Every registered endpoint, oldest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Webhook>, AppError> {
    Ok(webhook::Entity::find()
        .order_by_asc(webhook::Column::CreatedAt)
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect())
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Webhook, AppError> {
    Ok(to_domain(find(db, id).await?))
}

/// Registers an endpoint and makes its secret, shown this once.
/// `allow_private`: `MUS_WEBHOOKS_ALLOW_PRIVATE`.
pub async fn create(
    db: &DatabaseConnection,
    actor: UserId,
    new: NewWebhook,
    allow_private: bool,
) -> Result<WebhookWithSecret, AppError> {
    let mut errors: Vec<FieldError> = new.check().into_iter().map(field_error).collect();
    if errors.is_empty()
        && let Err(rule) = check_address(new.url.trim(), allow_private).await
    {
        errors.push(field_error(rule));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let secret = outbox::new_secret()?;
    let (_turn, txn) = begin_write(db).await?;
    let registered = webhook::Entity::find().count(&txn).await?;
    if registered >= MAX_WEBHOOKS as u64 {
        return Err(AppError::Conflict(format!(
            "at most {MAX_WEBHOOKS} endpoints may be registered; remove one first"
        )));
    }
    let mut events = new.events;
    events.sort();
    let row = webhook::ActiveModel {
        id: Set(Uuid::new_v4()),
        url: Set(new.url.trim().to_owned()),
        description: Set(new.description.trim().to_owned()),
        events: Set(events
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        secret: Set(secret.clone()),
        previous_secret: Set(None),
        previous_secret_until: Set(None),
        created_by: Set(actor.0),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Event::new(actor, AuditAction::WebhookCreated, "webhook").on(row.id),
    )
    .await?;
    txn.commit().await?;
    Ok(WebhookWithSecret {
        webhook: to_domain(row),
        secret,
    })
}

/// Gives the endpoint a new secret, shown this once. The one it replaces
/// signs beside it for `PREVIOUS_SECRET_HOURS`, so the receiver can be
/// changed over without refusing a delivery.
pub async fn rotate(
    db: &DatabaseConnection,
    actor: UserId,
    id: Uuid,
) -> Result<WebhookWithSecret, AppError> {
    let secret = outbox::new_secret()?;
    let (_turn, txn) = begin_write(db).await?;
    let current = find(&txn, id).await?;
    let until = Utc::now() + chrono::Duration::hours(PREVIOUS_SECRET_HOURS);
    let mut row: webhook::ActiveModel = current.clone().into();
    row.previous_secret = Set(Some(current.secret));
    row.previous_secret_until = Set(Some(until));
    row.secret = Set(secret.clone());
    let row = row.update(&txn).await?;
    audit::record(
        &txn,
        Event::new(actor, AuditAction::WebhookSecretRotated, "webhook").on(id),
    )
    .await?;
    txn.commit().await?;
    Ok(WebhookWithSecret {
        webhook: to_domain(row),
        secret,
    })
}

/// Removes the endpoint, with its deliveries: those waiting are not sent.
pub async fn delete(db: &DatabaseConnection, actor: UserId, id: Uuid) -> Result<(), AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let removed = webhook::Entity::delete_by_id(id)
        .exec(&txn)
        .await?
        .rows_affected;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    outbox_row::Entity::delete_many()
        .filter(outbox_row::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Event::new(actor, AuditAction::WebhookDeleted, "webhook").on(id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The endpoint's deliveries, newest first, a page at a time.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<Page<WebhookDelivery>, AppError> {
    let limit = page_size(limit)?;
    find(db, id).await?;
    let mut query = outbox_row::Entity::find()
        .filter(outbox_row::Column::WebhookId.eq(id))
        .order_by_desc(outbox_row::Column::CreatedAt)
        .order_by_desc(outbox_row::Column::Id)
        .limit(u64::from(limit) + 1);
    if let Some(cursor) = cursor {
        let (at, id) = decode_time_cursor(cursor)?;
        query = query.filter(
            Condition::any()
                .add(outbox_row::Column::CreatedAt.lt(at))
                .add(
                    Condition::all()
                        .add(outbox_row::Column::CreatedAt.eq(at))
                        .add(outbox_row::Column::Id.lt(id)),
                ),
        );
    }
    let mut rows = query.all(db).await?;
    let next_cursor = finish_page(&mut rows, limit, |row| time_cursor(row.created_at, row.id));
    Ok(Page {
        items: rows.into_iter().filter_map(delivery).collect(),
        next_cursor,
    })
}

/// Tells every endpoint that chose the event of `data` (`new_person`: a
/// person was created rather than changed), inside the caller's
/// transaction. Call `Wake::wake` once it is committed.
pub async fn announce(
    db: &impl ConnectionTrait,
    data: WebhookData,
    new_person: bool,
) -> Result<(), AppError> {
    announce_all(db, vec![(data, new_person)]).await
}

/// Whether any endpoint is registered: for a change that would have to
/// read more to announce itself.
pub async fn anyone_listening(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(webhook::Entity::find()
        .select_only()
        .column(webhook::Column::Id)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}

/// `announce` for many at once: the endpoints are read once.
pub async fn announce_all(
    db: &impl ConnectionTrait,
    happenings: Vec<(WebhookData, bool)>,
) -> Result<(), AppError> {
    if happenings.is_empty() {
        return Ok(());
    }
    let hooks: Vec<(Uuid, String)> = webhook::Entity::find()
        .select_only()
        .column(webhook::Column::Id)
        .column(webhook::Column::Events)
        .into_tuple()
        .all(db)
        .await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let mut rows = Vec::new();
    for (data, new_person) in happenings {
        let event = data.event(new_person);
        let listening: Vec<Uuid> = hooks
            .iter()
            .filter(|(_, events)| events.split(',').any(|name| name == event.as_str()))
            .map(|(id, _)| *id)
            .collect();
        if listening.is_empty() {
            continue;
        }
        let body = serde_json::to_string(&WebhookMessage {
            event,
            timestamp: now,
            data,
        })?;
        for hook in listening {
            rows.push(outbox_row::ActiveModel {
                id: Set(Uuid::new_v4()),
                channel: Set(CHANNEL_WEBHOOK.into()),
                topic: Set(event.as_str().into()),
                recipient_id: Set(None),
                address: Set(String::new()),
                payload: Set(body.clone()),
                created_at: Set(now),
                due_at: Set(now),
                attempts: Set(0),
                leased_until: Set(None),
                sent_at: Set(None),
                dead_at: Set(None),
                last_error: Set(None),
                webhook_id: Set(Some(hook)),
            });
        }
    }
    for chunk in rows.chunks(IN_LIST_CHUNK) {
        outbox_row::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Whether deliveries may go to `url`: `https://` (or `http://` where
/// private addresses are allowed), no user or password, and a host that
/// resolves to public addresses only unless private ones are allowed.
async fn check_address(url: &str, allow_private: bool) -> Result<(), WebhookRule> {
    let parsed = url::Url::parse(url).map_err(|_| WebhookRule::Url)?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err(WebhookRule::Url),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(WebhookRule::Credentials);
    }
    let port = parsed.port_or_known_default().unwrap_or(443);
    match parsed.host() {
        None => Err(WebhookRule::Url),
        Some(_) if allow_private => Ok(()),
        Some(url::Host::Ipv4(ip)) if outbox::is_public(ip.into()) => Ok(()),
        Some(url::Host::Ipv6(ip)) if outbox::is_public(ip.into()) => Ok(()),
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => Err(WebhookRule::Private),
        Some(url::Host::Domain(host)) => match outbox::public_addresses(host, port).await {
            Ok(_) => Ok(()),
            Err(Unreachable::Private) => Err(WebhookRule::Private),
            Err(Unreachable::NotFound(_)) => Err(WebhookRule::UnknownHost),
        },
    }
}

fn field_error(rule: WebhookRule) -> FieldError {
    FieldError::new(rule.field(), rule.message())
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<webhook::Model, AppError> {
    webhook::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn to_domain(row: webhook::Model) -> Webhook {
    let now = Utc::now();
    Webhook {
        id: mus_domain::WebhookId(row.id),
        url: row.url,
        description: row.description,
        events: row
            .events
            .split(',')
            .filter_map(WebhookEvent::parse)
            .collect(),
        created_at: row.created_at,
        previous_secret_until: row.previous_secret_until.filter(|until| *until > now),
    }
}

fn delivery(row: outbox_row::Model) -> Option<WebhookDelivery> {
    let state = if row.sent_at.is_some() {
        DeliveryState::Sent
    } else if row.dead_at.is_some() {
        DeliveryState::Dead
    } else if row.last_error.is_some() {
        DeliveryState::Retrying
    } else {
        DeliveryState::Waiting
    };
    let next_attempt_at: Option<DateTime<Utc>> =
        matches!(state, DeliveryState::Waiting | DeliveryState::Retrying).then_some(row.due_at);
    Some(WebhookDelivery {
        id: MessageId(row.id),
        event: WebhookEvent::parse(&row.topic)?,
        state,
        created_at: row.created_at,
        attempts: u32::try_from(row.attempts).unwrap_or_default(),
        sent_at: row.sent_at,
        next_attempt_at,
        last_error: row.last_error,
    })
}
