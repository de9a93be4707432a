//! Preparation: private to its author until shared; autosaved with a
//! version so that no save silently overwrites another.

use std::collections::BTreeMap;

use chrono::Utc;
use mus_domain::{
    Agenda, Answer, AuditAction, ConversationEvent, ConversationId, Party, Preparation, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, Statement,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::forms;
pub(crate) use super::lifecycle::{AsParty, apply, as_party, as_party_to_write};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::preparation;

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
        find_own(db, id, side, actor.id).await?
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
    let own = find_own(db, id, party.side, actor.id).await?;
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
    if party.side == Party::Manager && !agenda.carried.is_empty() {
        // Last year's agreements are the employee's record.
        let read = Event::new(actor.id, AuditAction::AgreementsRead, "agreement")
            .about(party.employee())
            .on(id);
        audit::record(db, read).await?;
    }
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
        && find_own(db, id, party.side, actor.id)
            .await?
            .is_none_or(|r| r.shared_at.is_none())
    {
        return Ok(None);
    }
    // A row nobody is recorded as writing belongs to nobody: not shown.
    let Some(author) = row.author_id else {
        return Ok(None);
    };
    let read = Event::new(actor.id, AuditAction::PreparationRead, "preparation")
        .about(author.into())
        .on(id);
    audit::record(db, read).await?;
    Ok(Some(row))
}

/// What storing one autosave came to.
pub(super) enum Stored {
    /// The row as saved.
    Saved(preparation::Model),
    /// The 409 to answer: `version` was not the version the author last
    /// read. Nothing was written.
    Stale(AppError),
}

/// Stores an autosave in `txn`, which holds the conversation
/// (`services::autosave`).
///
/// Version 0 is a first save: refused if the author has saved before. A
/// manager's first save discards the notes of the manager before them
/// (`discard_predecessor`); later saves only ever match the author's own row.
pub(super) async fn store(
    txn: &DatabaseTransaction,
    actor: UserId,
    id: ConversationId,
    side: Party,
    version: u32,
    answers: &str,
) -> Result<Stored, AppError> {
    let now = Utc::now();
    if version == 0 {
        match find(txn, id, side).await? {
            Some(current) if written_by(&current, actor) => {
                return Ok(Stored::Stale(stale_problem(to_domain(
                    id,
                    side,
                    Some(current),
                )?)));
            }
            Some(_) => discard_predecessor(txn, id, side, actor).await?,
            None => {}
        }
        let row = preparation::ActiveModel {
            id: Set(Uuid::new_v4()),
            conversation_id: Set(id.0),
            side: Set(side.as_str().to_owned()),
            answers: Set(answers.to_owned()),
            version: Set(1),
            shared_at: Set(None),
            author_id: Set(Some(actor.0)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        return Ok(Stored::Saved(row));
    }
    // Only if the version is still the one the author read.
    let saved = preparation::Entity::update_many()
        .col_expr(preparation::Column::Answers, Expr::value(answers))
        .col_expr(
            preparation::Column::Version,
            Expr::value(i64::from(version) + 1),
        )
        .col_expr(preparation::Column::UpdatedAt, Expr::value(now))
        .filter(preparation::Column::ConversationId.eq(id.0))
        .filter(preparation::Column::Side.eq(side.as_str()))
        .filter(preparation::Column::Version.eq(i64::from(version)))
        .filter(preparation::Column::AuthorId.eq(actor.0))
        .exec_with_returning(txn)
        .await?
        .pop();
    Ok(match saved {
        Some(row) => Stored::Saved(row),
        None => Stored::Stale(self::stale(txn, actor, id, side).await?),
    })
}

/// A later version of a preparation its author has saved before
/// (`store_together`).
pub(super) struct LaterVersion<'a> {
    pub actor: UserId,
    pub id: ConversationId,
    pub side: Party,
    /// The version the author last read.
    pub version: u32,
    /// The answers as stored.
    pub answers: &'a str,
}

/// Stores several later versions in one statement, in `txn`, which holds
/// their conversations; at most one per preparation. Returns the rows saved:
/// a save missing from them found its version stale (or the preparation
/// not the author's), and nothing of it was written.
///
/// Statements carry at most [`STATEMENT_ANSWERS`] bytes of answers each
/// (or one save): on PostgreSQL, a statement of ~18 KiB or more took 44–51
/// ms where a smaller one took under 4, though the database ran it in under
/// a millisecond; most likely a message sent in pieces waiting for a
/// delayed acknowledgement (sqlx does not set `TCP_NODELAY`).
pub(super) async fn store_together(
    txn: &DatabaseTransaction,
    saves: &[LaterVersion<'_>],
) -> Result<Vec<preparation::Model>, AppError> {
    let mut stored = Vec::with_capacity(saves.len());
    let mut rest = saves;
    while !rest.is_empty() {
        let mut bytes = 0;
        let take = rest
            .iter()
            .take_while(|save| {
                bytes += save.answers.len();
                bytes <= STATEMENT_ANSWERS
            })
            .count()
            .max(1);
        let (chunk, after) = rest.split_at(take);
        stored.extend(store_chunk(txn, chunk).await?);
        rest = after;
    }
    Ok(stored)
}

/// How many bytes of answers one statement of `store_together` carries.
const STATEMENT_ANSWERS: usize = 8 * 1024;

async fn store_chunk(
    txn: &DatabaseTransaction,
    saves: &[LaterVersion<'_>],
) -> Result<Vec<preparation::Model>, AppError> {
    let backend = txn.get_database_backend();
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(5 * saves.len() + 1);
    let mut parameter = |value: sea_orm::Value, cast: &str| {
        values.push(value);
        match backend {
            DbBackend::Postgres => format!("${}{cast}", values.len()),
            _ => "?".to_owned(),
        }
    };
    let mut rows = Vec::with_capacity(saves.len());
    for save in saves {
        // A version beyond any that can be stored matches none: stale.
        let Ok(version) = i32::try_from(save.version) else {
            continue;
        };
        rows.push(format!(
            "({}, {}, {}, {}, {})",
            parameter(save.id.0.into(), "::uuid"),
            parameter(save.side.as_str().into(), ""),
            parameter(version.into(), "::integer"),
            parameter(save.actor.0.into(), "::uuid"),
            parameter(save.answers.into(), ""),
        ));
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let now = parameter(Utc::now().into(), "");
    // SQLite returns the updated table's columns for `*`, and refuses
    // `preparations.*`; PostgreSQL would return those of `saves` too.
    let returning = match backend {
        DbBackend::Postgres => "preparations.*",
        _ => "*",
    };
    let sql = format!(
        "WITH saves (conversation_id, side, version, author_id, answers) AS (VALUES {rows}) \
         UPDATE preparations \
         SET answers = saves.answers, version = saves.version + 1, updated_at = {now} \
         FROM saves \
         WHERE preparations.conversation_id = saves.conversation_id \
           AND preparations.side = saves.side \
           AND preparations.version = saves.version \
           AND preparations.author_id = saves.author_id \
         RETURNING {returning}",
        rows = rows.join(", "),
    );
    Ok(preparation::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(txn)
        .await?)
}

/// The 409 for a save whose version is not the author's current one,
/// carrying the current preparation.
pub(super) async fn stale(
    txn: &DatabaseTransaction,
    actor: UserId,
    id: ConversationId,
    side: Party,
) -> Result<AppError, AppError> {
    let current = find_own(txn, id, side, actor).await?;
    Ok(stale_problem(to_domain(id, side, current)?))
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
    discard_predecessor(&txn, id, side, actor.id).await?;
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
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::PreparationShared, "preparation")
            .about(actor.id)
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
        return Err(AppError::wrong_state(
            "summary_not_signed",
            "preparation notes can be deleted once both have signed the summary",
        ));
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

fn stale_problem(current: Preparation) -> AppError {
    AppError::stale(
        format!(
            "the preparation is at version {}; your changes were not saved",
            current.version
        ),
        &current,
    )
}

/// The actor's own preparation on `side`: not one a predecessor on the
/// manager's side wrote before the employee got a new manager.
async fn find_own(
    db: &impl ConnectionTrait,
    id: ConversationId,
    side: Party,
    actor: UserId,
) -> Result<Option<preparation::Model>, AppError> {
    Ok(find(db, id, side)
        .await?
        .filter(|row| written_by(row, actor)))
}

/// Whether `actor` wrote the row. A row without a recorded author belongs
/// to nobody (older rows were given theirs by a migration).
fn written_by(row: &preparation::Model, actor: UserId) -> bool {
    row.author_id == Some(actor.0)
}

/// A new manager starts their own preparation: the notes of the manager
/// before them are theirs, no longer part of this conversation, and go.
async fn discard_predecessor(
    db: &impl ConnectionTrait,
    id: ConversationId,
    side: Party,
    actor: UserId,
) -> Result<(), AppError> {
    preparation::Entity::delete_many()
        .filter(preparation::Column::ConversationId.eq(id.0))
        .filter(preparation::Column::Side.eq(side.as_str()))
        .filter(preparation::Column::AuthorId.is_not_null())
        .filter(preparation::Column::AuthorId.ne(actor.0))
        .exec(db)
        .await?;
    Ok(())
}

pub(super) async fn find(
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
            not_saved: Vec::new(),
        });
    };
    let answers: BTreeMap<String, Answer> = serde_json::from_str(&row.answers)?;
    Ok(Preparation {
        conversation_id: id,
        side,
        answers,
        version: u32::try_from(row.version)?,
        shared_at: row.shared_at,
        updated_at: Some(row.updated_at),
        not_saved: Vec::new(),
    })
}
