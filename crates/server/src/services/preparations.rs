//! Preparation: private to its author until shared; autosaved with a
//! version so that no save silently overwrites another.

use std::collections::BTreeMap;

use chrono::Utc;
use mus_domain::preparation::validate_answers;
use mus_domain::{
    Agenda, Answer, AuditAction, ConversationEvent, ConversationId, ErrorCode, Party, Preparation,
    PreparationWrite, Problem, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::forms;
use super::lifecycle::{self, Reach};
pub(crate) use super::lifecycle::{AsParty, apply, as_party, as_party_to_write};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{conversation, preparation};

/// A preparation as the actor may see it: their own always (empty before the
/// first save); the other side's only once shared — and, with simultaneous
/// reveal, only once both have shared. Anything else is "not found".
pub async fn read(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
    side: Party,
) -> Result<Preparation, AppError> {
    let party = as_party(db, actor, id).await?;
    let row = if side == party.side {
        find_own(db, id, side, actor).await?
    } else {
        Some(
            other_side(db, actor, &party)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    };
    to_domain(id, side, row)
}

/// Both preparations laid over the form: the caller's own answers, and the
/// other side's once visible to the caller.
pub async fn agenda(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Agenda, AppError> {
    let party = as_party(db, actor, id).await?;
    let form = forms::get(db, party.round.template_id.into())
        .await?
        .content;
    let own = find_own(db, id, party.side, actor).await?;
    let other = other_side(db, actor, &party).await?;
    let answers =
        |row: &Option<preparation::Model>| -> Result<Option<BTreeMap<String, Answer>>, AppError> {
            row.as_ref()
                .map(|r| serde_json::from_str(&r.answers).map_err(|e| AppError::Internal(e.into())))
                .transpose()
        };
    let (own_answers, other_answers) = (answers(&own)?, answers(&other)?);
    let (employee, manager) = match party.side {
        Party::Employee => (own_answers.as_ref(), other_answers.as_ref()),
        Party::Manager => (other_answers.as_ref(), own_answers.as_ref()),
    };
    let own_shared = own.as_ref().is_some_and(|r| r.shared_at.is_some());
    let other_shared = find(db, id, party.side.other())
        .await?
        .is_some_and(|r| r.shared_at.is_some());
    let shared = match party.side {
        Party::Employee => (own_shared, other_shared),
        Party::Manager => (other_shared, own_shared),
    };
    let mut agenda = Agenda::merge(id, &form, employee, manager, shared);
    agenda.carried = super::follow_up::carried_over(db, &party).await?;
    Ok(agenda)
}

/// The other side's preparation if the caller may see it: shared, and with
/// simultaneous reveal only once the caller has shared too. Each such read
/// goes to the author's access log.
async fn other_side(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    party: &AsParty,
) -> Result<Option<preparation::Model>, AppError> {
    let id: ConversationId = party.conversation.id.into();
    let side = party.side.other();
    let Some(row) = find(db, id, side).await?.filter(|r| r.shared_at.is_some()) else {
        return Ok(None);
    };
    if party.round.simultaneous_reveal
        && find_own(db, id, party.side, actor)
            .await?
            .is_none_or(|r| r.shared_at.is_none())
    {
        return Ok(None);
    }
    let author = author_of(&party.conversation, side);
    let read = Event::new(actor.id, AuditAction::PreparationRead, "preparation")
        .about(author)
        .on(id);
    audit::record(db, read).await?;
    Ok(Some(row))
}

/// Saves the author's answers. `write.version` must be the version the
/// author last read; otherwise nothing is saved and the answer is 409 with
/// the current preparation, so both texts can be shown.
///
/// The autosave is the most frequent write there is, so the write
/// transaction does only what needs the conversation held: whether the
/// actor may still write and the state allows it, the save itself, and its
/// audit entry. The form and the answers are checked before it (a round's
/// form is frozen once the round uses it).
pub async fn write(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    side: Party,
    write: &PreparationWrite,
) -> Result<Preparation, AppError> {
    let party = as_party(db, actor, id).await?;
    if side != party.side {
        return Err(AppError::NotFound);
    }
    let form = forms::get(db, party.round.template_id.into())
        .await?
        .content;
    validate_answers(&form, side, &write.answers).map_err(AppError::Validation)?;
    let answers = serde_json::to_string(&write.answers).map_err(anyhow::Error::from)?;

    let (_turn, txn) = crate::store::begin_write(db).await?;
    let (conversation, side_now) =
        lifecycle::side_to_write(&txn, actor, id, Reach::Preparation).await?;
    if side_now != side {
        return Err(AppError::NotFound);
    }
    apply(
        &txn,
        &conversation,
        &ConversationEvent::PreparationSaved { by: side },
    )
    .await?;
    if side == Party::Manager {
        discard_predecessor(&txn, id, side, actor).await?;
    }
    let now = Utc::now();
    let saved = if write.version == 0 {
        if let Some(current) = find(&txn, id, side).await? {
            return Err(stale(to_domain(id, side, Some(current))?));
        }
        preparation::ActiveModel {
            id: Set(Uuid::new_v4()),
            conversation_id: Set(id.0),
            side: Set(side.as_str().to_owned()),
            answers: Set(answers),
            version: Set(1),
            shared_at: Set(None),
            author_id: Set(Some(actor.id.0)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?
    } else {
        // Only if the version is still the one the author read.
        let saved = preparation::Entity::update_many()
            .col_expr(preparation::Column::Answers, Expr::value(answers))
            .col_expr(
                preparation::Column::Version,
                Expr::value(i64::from(write.version) + 1),
            )
            .col_expr(preparation::Column::UpdatedAt, Expr::value(now))
            .filter(preparation::Column::ConversationId.eq(id.0))
            .filter(preparation::Column::Side.eq(side.as_str()))
            .filter(preparation::Column::Version.eq(i64::from(write.version)))
            .exec_with_returning(&txn)
            .await?
            .pop();
        match saved {
            Some(row) => row,
            None => return Err(stale(to_domain(id, side, find(&txn, id, side).await?)?)),
        }
    };
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::PreparationSaved, "preparation")
            .about(author_of(&conversation, side))
            .on(id),
    )
    .await?;
    txn.commit().await?;
    to_domain(id, side, Some(saved))
}

/// Lets the other side read the author's preparation. Cannot be undone;
/// sharing again changes nothing.
pub async fn share(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    side: Party,
) -> Result<Preparation, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = as_party_to_write(&txn, actor, id).await?;
    if side != party.side {
        return Err(AppError::NotFound);
    }
    apply(
        &txn,
        &party.conversation,
        &ConversationEvent::PreparationShared { by: side },
    )
    .await?;
    discard_predecessor(&txn, id, side, actor).await?;
    let now = Utc::now();
    match find(&txn, id, side).await? {
        None => {
            preparation::ActiveModel {
                id: Set(Uuid::new_v4()),
                conversation_id: Set(id.0),
                side: Set(side.as_str().to_owned()),
                answers: Set("{}".into()),
                version: Set(0),
                shared_at: Set(Some(now)),
                author_id: Set(Some(actor.id.0)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Some(row) if row.shared_at.is_none() => {
            preparation::Entity::update_many()
                .col_expr(preparation::Column::SharedAt, Expr::value(now))
                .filter(preparation::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
        }
        Some(_) => {}
    }
    let author = author_of(&party.conversation, side);
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::PreparationShared, "preparation")
            .about(author)
            .on(id),
    )
    .await?;
    let shared = to_domain(id, side, find(&txn, id, side).await?)?;
    txn.commit().await?;
    Ok(shared)
}

/// Removes the author's own preparation notes for good, once both parties
/// have signed the summary: from then on the summary is the record, and the
/// notes were only ever the author's. Before that, 409 `wrong_state`
/// (`summary_not_signed`); the other side's preparation, 404.
pub async fn delete(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    side: Party,
) -> Result<(), AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = as_party_to_write(&txn, actor, id).await?;
    if side != party.side {
        return Err(AppError::NotFound);
    }
    if party.conversation.signed_at.is_none() {
        let mut problem = Problem::new(ErrorCode::WrongState)
            .with_detail("preparation notes can be deleted once both have signed the summary");
        problem.reason = Some("summary_not_signed".into());
        return Err(AppError::Problem(Box::new(problem)));
    }
    let removed = preparation::Entity::delete_many()
        .filter(preparation::Column::ConversationId.eq(id.0))
        .filter(preparation::Column::Side.eq(side.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if removed > 0 {
        let deleted = Event::new(actor.id, AuditAction::PreparationDeleted, "preparation")
            .about(actor.id)
            .on(id);
        audit::record(&txn, deleted).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn stale(current: Preparation) -> AppError {
    let mut problem = Problem::new(ErrorCode::VersionConflict).with_detail(format!(
        "the preparation is at version {}; your changes were not saved",
        current.version
    ));
    problem.current = serde_json::to_value(&current).ok();
    AppError::Problem(Box::new(problem))
}

fn author_of(conversation: &conversation::Model, side: Party) -> UserId {
    match side {
        Party::Employee => conversation.employee_id.into(),
        Party::Manager => conversation.manager_id.into(),
    }
}

/// The actor's own preparation on `side`: not one a predecessor on the
/// manager's side wrote before the employee got a new manager.
async fn find_own(
    db: &impl ConnectionTrait,
    id: ConversationId,
    side: Party,
    actor: &AuthUser,
) -> Result<Option<preparation::Model>, AppError> {
    Ok(find(db, id, side)
        .await?
        .filter(|row| row.author_id.is_none_or(|author| author == actor.id.0)))
}

/// A new manager starts their own preparation: the notes of the manager
/// before them are theirs, no longer part of this conversation, and go.
async fn discard_predecessor(
    db: &impl ConnectionTrait,
    id: ConversationId,
    side: Party,
    actor: &AuthUser,
) -> Result<(), AppError> {
    preparation::Entity::delete_many()
        .filter(preparation::Column::ConversationId.eq(id.0))
        .filter(preparation::Column::Side.eq(side.as_str()))
        .filter(preparation::Column::AuthorId.is_not_null())
        .filter(preparation::Column::AuthorId.ne(actor.id.0))
        .exec(db)
        .await?;
    Ok(())
}

async fn find(
    db: &impl ConnectionTrait,
    id: ConversationId,
    side: Party,
) -> Result<Option<preparation::Model>, AppError> {
    Ok(preparation::Entity::find()
        .filter(preparation::Column::ConversationId.eq(id.0))
        .filter(preparation::Column::Side.eq(side.as_str()))
        .one(db)
        .await?)
}

pub(crate) fn to_domain(
    id: ConversationId,
    side: Party,
    row: Option<preparation::Model>,
) -> Result<Preparation, AppError> {
    let Some(row) = row else {
        return Ok(Preparation {
            conversation_id: id,
            side,
            answers: BTreeMap::new(),
            version: 0,
            shared_at: None,
            updated_at: None,
        });
    };
    let answers: BTreeMap<String, Answer> =
        serde_json::from_str(&row.answers).map_err(anyhow::Error::from)?;
    Ok(Preparation {
        conversation_id: id,
        side,
        answers,
        version: u32::try_from(row.version).map_err(anyhow::Error::from)?,
        shared_at: row.shared_at,
        updated_at: Some(row.updated_at),
    })
}
