//! Who is a party to a conversation, and the one way its state changes:
//! through the domain's state machine, stored only if nobody changed it
//! meanwhile.

use chrono::Utc;
use mus_domain::{
    ConversationEvent, ConversationId, ConversationSnapshot, ConversationState, ErrorCode, Party,
    Problem, TransitionError, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{conversation, round, user};

/// A conversation the actor is a party to, and their side of it.
pub(crate) struct AsParty {
    pub conversation: conversation::Model,
    pub round: round::Model,
    pub side: Party,
}

impl AsParty {
    pub fn employee(&self) -> UserId {
        self.conversation.employee_id.into()
    }
}

/// What the actor wants to reach: the preparations belong to the people who
/// wrote them; the record (summary, agreements, check-ins) belongs to the
/// employee and whoever is their nearest manager now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The manager's side is the manager the conversation was opened with,
    /// and only while they still are the employee's nearest manager: a former
    /// manager loses access, and a new one does not read the notes their
    /// predecessor prepared.
    Preparation,
    /// The manager's side is the employee's nearest manager now, so the
    /// employee's history travels with them to a new manager.
    Record,
}

/// The conversation and the actor's side of it, or 404 for anyone else.
pub(crate) async fn as_party(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<AsParty, AppError> {
    find_party(db, actor, id, Reach::Preparation, Lock::None).await
}

/// `as_party` inside a write transaction: the conversation row stays locked
/// until the transaction ends (see `party_to_write`).
pub(crate) async fn as_party_to_write(
    txn: &DatabaseTransaction,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<AsParty, AppError> {
    find_party(txn, actor, id, Reach::Preparation, Lock::ForUpdate).await
}

/// `party` inside a write transaction. The conversation row is locked until
/// the transaction ends, so two writes to one conversation queue instead of
/// the second failing its optimistic check: on PostgreSQL both parties
/// signing at the same moment would otherwise see one of them refused with
/// 409. SQLite's write transactions hold the database's write lock from
/// their start, so there the lock clause is left out.
pub(crate) async fn party_to_write(
    txn: &DatabaseTransaction,
    actor: &AuthUser,
    id: ConversationId,
    reach: Reach,
) -> Result<AsParty, AppError> {
    find_party(txn, actor, id, reach, Lock::ForUpdate).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    None,
    ForUpdate,
}

pub(crate) async fn party(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
    reach: Reach,
) -> Result<AsParty, AppError> {
    find_party(db, actor, id, reach, Lock::None).await
}

async fn find_party(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
    reach: Reach,
    lock: Lock,
) -> Result<AsParty, AppError> {
    let (conversation, side) = find_side(db, actor, id, reach, lock).await?;
    let round = round::Entity::find_by_id(conversation.round_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("conversation {} has no round", conversation.id))?;
    Ok(AsParty {
        conversation,
        round,
        side,
    })
}

async fn find_side(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
    reach: Reach,
    lock: Lock,
) -> Result<(conversation::Model, Party), AppError> {
    let mut find = conversation::Entity::find_by_id(id.0);
    if lock == Lock::ForUpdate && db.get_database_backend() == DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let Some(conversation) = find.one(db).await? else {
        return Err(AppError::NotFound);
    };
    let current_manager = if conversation.employee_id == actor.id.0 {
        None
    } else {
        current_manager(db, conversation.employee_id.into()).await?
    };
    match side_of(&conversation, actor.id, current_manager, reach) {
        Some(side) => Ok((conversation, side)),
        None => Err(AppError::NotFound),
    }
}

/// The actor's side of the conversation, if they are a party to it for
/// `reach`; `current_manager` is the employee's nearest manager now (only
/// looked at when the actor is not the employee).
pub(crate) fn side_of(
    conversation: &conversation::Model,
    actor: UserId,
    current_manager: Option<UserId>,
    reach: Reach,
) -> Option<Party> {
    if conversation.employee_id == actor.0 {
        return Some(Party::Employee);
    }
    let opened_with = conversation.manager_id == actor.0;
    match (reach, current_manager == Some(actor)) {
        (Reach::Preparation, true) if opened_with => Some(Party::Manager),
        (Reach::Record, true) => Some(Party::Manager),
        _ => None,
    }
}

/// The employee's nearest manager now.
pub(crate) async fn current_manager(
    db: &impl ConnectionTrait,
    employee: UserId,
) -> Result<Option<UserId>, AppError> {
    Ok(user::Entity::find_by_id(employee.0)
        .one(db)
        .await?
        .and_then(|employee| employee.manager_id)
        .map(UserId::from))
}

/// The stored state, checked by the domain.
pub(crate) fn state_of(conversation: &conversation::Model) -> Result<ConversationState, AppError> {
    let snapshot: ConversationSnapshot = serde_json::from_str(&conversation.state)?;
    ConversationState::restore(snapshot).map_err(|e| {
        AppError::Internal(anyhow::anyhow!(
            "conversation {}: {}",
            conversation.id,
            e.reason()
        ))
    })
}

/// Applies `event` to the conversation and stores the new state.
///
/// `conversation` must have been read in the write transaction this runs in
/// (`party_to_write`, `side_to_write`), which holds it until it ends: nobody
/// can change it meanwhile, so the state it was read in is the state the
/// event applies to, and an event that changes nothing writes nothing. The
/// update still names the state it replaces, so a caller that broke that
/// rule would get 409 rather than overwrite a change.
pub(crate) async fn apply(
    db: &impl ConnectionTrait,
    conversation: &conversation::Model,
    event: &ConversationEvent,
) -> Result<ConversationState, AppError> {
    apply_and_keep(db, &mut conversation.clone(), event).await
}

/// `apply`, and `conversation` left as stored: for a transaction that
/// applies several events to one conversation (`services::autosave`).
pub(crate) async fn apply_and_keep(
    db: &impl ConnectionTrait,
    conversation: &mut conversation::Model,
    event: &ConversationEvent,
) -> Result<ConversationState, AppError> {
    let state = state_of(conversation)?;
    let next = state.apply(event).map_err(transition_refused)?;
    if next == state {
        return Ok(next);
    }
    let stored = serde_json::to_string(&next.snapshot())?;
    let now = Utc::now();
    let updated = conversation::Entity::update_many()
        .col_expr(conversation::Column::State, Expr::value(stored.clone()))
        .col_expr(
            conversation::Column::Status,
            Expr::value(next.status().as_str()),
        )
        .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
        .filter(conversation::Column::Id.eq(conversation.id))
        .filter(conversation::Column::State.eq(conversation.state.clone()))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(
            "the conversation changed meanwhile; reload it and try again".into(),
        ));
    }
    if next.status() != state.status() {
        let changed = mus_domain::ConversationStateChanged {
            conversation_id: conversation.id.into(),
            round_id: conversation.round_id.into(),
            employee_id: conversation.employee_id.into(),
            manager_id: conversation.manager_id.into(),
            from: state.status().as_str().to_owned(),
            to: next.status().as_str().to_owned(),
        };
        super::webhooks::announce(db, mus_domain::WebhookData::Conversation(changed), false)
            .await?;
    }
    conversation.state = stored;
    next.status().as_str().clone_into(&mut conversation.status);
    conversation.updated_at = now;
    Ok(next)
}

/// A refused transition as problem+json: `wrong_state` (409) with the rule
/// in `reason`, or `invalid_body` (422) for a request that could never work.
pub(crate) fn transition_refused(error: TransitionError) -> AppError {
    let code = if error.status() == 422 {
        ErrorCode::InvalidBody
    } else {
        ErrorCode::WrongState
    };
    let mut problem = Problem::new(code).with_detail(error.to_string());
    problem.status = error.status();
    problem.reason = Some(error.code().to_owned());
    AppError::Problem(Box::new(problem))
}
