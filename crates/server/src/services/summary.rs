//! The summary: drafted after the meeting, signed by both on an exact text,
//! locked once signed, amended only as a new version.

use chrono::Utc;
use mus_domain::{
    AgreementDraft, AgreementId, AuditAction, ContentHash, ConversationEvent, ConversationId,
    ConversationState, ErrorCode, Party, Problem, SignRequest, Signature, SignatureRecord, Summary,
    SummaryContent, SummaryVersion, SummaryVersionInfo, SummaryWrite,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::audit::{self, Event};
use super::follow_up;
use super::lifecycle::{self, AsParty, Reach};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::summary_version;

/// The current version as the actor may read it. Before anyone has written
/// one, a proposal: version 1, revision 0, with the agreements carried over
/// from last year already in it.
pub async fn read(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Summary, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let state = lifecycle::state_of(&party.conversation)?;
    let summary = current(&txn, &party, &state).await?;
    record_read(&txn, actor, &party).await?;
    txn.commit().await?;
    Ok(summary)
}

/// Every version, oldest first, without their text.
pub async fn versions(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Vec<SummaryVersionInfo>, AppError> {
    let party = lifecycle::party(db, actor, id, Reach::Record).await?;
    let state = lifecycle::state_of(&party.conversation)?;
    let rows = summary_version::Entity::find()
        .filter(summary_version::Column::ConversationId.eq(id.0))
        .order_by_asc(summary_version::Column::Version)
        .all(db)
        .await?;
    rows.iter()
        .map(|row| {
            let summary = to_domain(row, &state)?;
            Ok(SummaryVersionInfo {
                version: summary.version,
                revision: summary.revision,
                content_hash: summary.content_hash,
                signatures: summary.signatures,
                locked: summary.locked,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// One version, whole.
pub async fn version(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    version: u32,
) -> Result<Summary, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let state = lifecycle::state_of(&party.conversation)?;
    let row = find(&txn, id, version).await?.ok_or(AppError::NotFound)?;
    let summary = to_domain(&row, &state)?;
    record_read(&txn, actor, &party).await?;
    txn.commit().await?;
    Ok(summary)
}

/// Saves the current version's content. The manager writes the summary; the
/// employee writes only their feedback to the manager. The write names the
/// version and revision it was made from; a stale one saves nothing and
/// answers 409 with the summary as it is now.
pub async fn write(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    write: &SummaryWrite,
) -> Result<Summary, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let state = lifecycle::state_of(&party.conversation)?;
    let current = current(&txn, &party, &state).await?;
    if write.version != current.version || write.revision != current.revision {
        // The 409 carries the summary as it is now: a read like any other.
        record_read(&txn, actor, &party).await?;
        txn.commit().await?;
        return Err(stale(current));
    }

    // The write replaces the whole content. Whether the summary may be
    // written at all (held, not signed and locked) is answered first, so a
    // locked summary is 409 `summary_locked` whoever writes and whatever
    // the body holds; only then whether the body changes the other
    // party's part.
    state
        .apply(&ConversationEvent::SummaryEdited {
            content_hash: hashed(&write.content)?.1,
        })
        .map_err(lifecycle::transition_refused)?;
    let own_part_only = match party.side {
        Party::Manager => current.content.employee_feedback == write.content.employee_feedback,
        Party::Employee => current.content.differs_only_in_feedback(&write.content),
    };
    if !own_part_only {
        return Err(AppError::Forbidden(
            match party.side {
                Party::Manager => {
                    "the employee's feedback to the manager is the employee's to write"
                }
                Party::Employee => {
                    "the manager writes the summary; you write your feedback to them"
                }
            }
            .into(),
        ));
    }

    let mut content = write.content.clone();
    for agreement in &mut content.agreements {
        agreement.id.get_or_insert_with(AgreementId::new);
    }
    content
        .validate(mus_domain::summary::due_window(
            party.round.meetings_from,
            party.round.meetings_until,
        ))
        .map_err(AppError::Validation)?;
    follow_up::check_origins(&txn, party.employee(), &party.conversation, &content).await?;

    let (stored, hash) = hashed(&content)?;
    let next = lifecycle::apply(
        &txn,
        &party.conversation,
        &ConversationEvent::SummaryEdited {
            content_hash: hash.clone(),
        },
    )
    .await?;
    if next == state && current.revision > 0 {
        // Nothing new (an autosave of the same text): nothing to store.
        txn.commit().await?;
        return Ok(current);
    }
    let now = Utc::now();
    let version = i32::try_from(current.version.get())?;
    // The text changed, so every signature on it is void.
    let signatures = "[]".to_owned();
    if current.revision == 0 {
        summary_version::ActiveModel {
            id: Set(Uuid::new_v4()),
            conversation_id: Set(id.0),
            version: Set(version),
            revision: Set(1),
            content: Set(stored),
            content_hash: Set(hash.to_string()),
            signatures: Set(signatures),
            updated_by: Set(Some(actor.id.0)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
    } else {
        let revision = i32::try_from(current.revision)?;
        let saved = summary_version::Entity::update_many()
            .col_expr(summary_version::Column::Content, Expr::value(stored))
            .col_expr(
                summary_version::Column::ContentHash,
                Expr::value(hash.to_string()),
            )
            .col_expr(summary_version::Column::Signatures, Expr::value(signatures))
            .col_expr(summary_version::Column::Revision, Expr::value(revision + 1))
            .col_expr(summary_version::Column::UpdatedBy, Expr::value(actor.id.0))
            .col_expr(summary_version::Column::UpdatedAt, Expr::value(now))
            .filter(summary_version::Column::ConversationId.eq(id.0))
            .filter(summary_version::Column::Version.eq(version))
            .filter(summary_version::Column::Revision.eq(revision))
            .exec(&txn)
            .await?
            .rows_affected;
        if saved != 1 {
            return Err(AppError::Conflict(
                "the summary was saved meanwhile; reload it".into(),
            ));
        }
    }
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::SummaryEdited, "summary")
            .about(party.employee())
            .on(id),
    )
    .await?;
    let row = find(&txn, id, current.version.get())
        .await?
        .ok_or_else(|| anyhow::anyhow!("summary {id} vanished"))?;
    let saved = to_domain(&row, &next)?;
    txn.commit().await?;
    Ok(saved)
}

/// Signs exactly the version and text named in `request`. The second
/// signature on a version locks it, turns its agreements into follow-up
/// and, the first time, schedules the quarterly check-ins.
pub async fn sign(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    request: &SignRequest,
) -> Result<Summary, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let signature = Signature {
        by: party.side,
        version: request.version,
        content_hash: request.content_hash.clone(),
        seen_not_agreed: request.seen_not_agreed.clone(),
    };
    let next = lifecycle::apply(
        &txn,
        &party.conversation,
        &ConversationEvent::Signed(signature),
    )
    .await?;
    let row = find(&txn, id, request.version.get())
        .await?
        .ok_or_else(|| anyhow::anyhow!("signed summary {id} has no row"))?;
    let now = Utc::now();
    let mut records: Vec<SignatureRecord> = serde_json::from_str(&row.signatures)?;
    records.push(SignatureRecord {
        by: party.side,
        signer: actor.id,
        signed_at: now,
        seen_not_agreed: request.seen_not_agreed.clone(),
    });
    summary_version::Entity::update_many()
        .col_expr(
            summary_version::Column::Signatures,
            Expr::value(serde_json::to_string(&records)?),
        )
        .filter(summary_version::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;

    if next.status() == mus_domain::ConversationStatus::Signed {
        let content: SummaryContent = serde_json::from_str(&row.content)?;
        follow_up::on_signed(&txn, &party, &content, now).await?;
    }
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::SummarySigned, "summary")
            .about(party.employee())
            .on(id),
    )
    .await?;
    let signed = mus_domain::SummarySigned {
        conversation_id: id,
        signed_by: actor.id,
        version: request.version.get(),
        fully_signed: next.status() == mus_domain::ConversationStatus::Signed,
    };
    super::webhooks::announce(&txn, mus_domain::WebhookData::Summary(signed), false).await?;
    let row = find(&txn, id, request.version.get())
        .await?
        .ok_or_else(|| anyhow::anyhow!("summary {id} vanished"))?;
    let signed = to_domain(&row, &next)?;
    txn.commit().await?;
    Ok(signed)
}

/// Reopens a signed summary as the next version, starting from the signed
/// text, with no signatures. The signed version stays as it was.
pub async fn amend(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Summary, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let state = lifecycle::state_of(&party.conversation)?;
    let signed = match state.summary_version() {
        Some(version) => find(&txn, id, version.get()).await?,
        None => None,
    };
    let hash = match &signed {
        Some(row) => ContentHash::parse(&row.content_hash).map_err(anyhow::Error::from)?,
        // Nothing signed: let the state machine say so.
        None => ContentHash::parse(&"0".repeat(64)).map_err(anyhow::Error::from)?,
    };
    let next = lifecycle::apply(
        &txn,
        &party.conversation,
        &ConversationEvent::Amended {
            content_hash: hash.clone(),
        },
    )
    .await?;
    let signed = signed.ok_or_else(|| anyhow::anyhow!("signed summary {id} has no row"))?;
    let version = next
        .summary_version()
        .ok_or_else(|| anyhow::anyhow!("an amendment without a version"))?;
    let now = Utc::now();
    summary_version::ActiveModel {
        id: Set(Uuid::new_v4()),
        conversation_id: Set(id.0),
        version: Set(i32::try_from(version.get())?),
        revision: Set(1),
        content: Set(signed.content.clone()),
        content_hash: Set(hash.to_string()),
        signatures: Set("[]".into()),
        updated_by: Set(Some(actor.id.0)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::SummaryAmended, "summary")
            .about(party.employee())
            .on(id),
    )
    .await?;
    let row = find(&txn, id, version.get())
        .await?
        .ok_or_else(|| anyhow::anyhow!("summary {id} vanished"))?;
    let amended = to_domain(&row, &next)?;
    txn.commit().await?;
    Ok(amended)
}

/// The current version, or the proposal before anyone wrote one.
async fn current(
    db: &impl ConnectionTrait,
    party: &AsParty,
    state: &ConversationState,
) -> Result<Summary, AppError> {
    let id: ConversationId = party.conversation.id.into();
    if let Some(version) = state.summary_version()
        && let Some(row) = find(db, id, version.get()).await?
    {
        return to_domain(&row, state);
    }
    let carried = follow_up::carried_over(db, party).await?;
    let content = SummaryContent {
        agreements: carried
            .into_iter()
            .map(|agreement| AgreementDraft {
                id: None,
                title: agreement.title,
                description: agreement.description,
                owner: agreement.owner,
                category: agreement.category,
                due_on: None,
                origin: Some(agreement.id),
            })
            .collect(),
        ..SummaryContent::default()
    };
    let (_, content_hash) = hashed(&content)?;
    Ok(Summary {
        conversation_id: id,
        version: SummaryVersion::FIRST,
        revision: 0,
        content,
        content_hash,
        signatures: Vec::new(),
        locked: false,
        updated_at: None,
    })
}

async fn find(
    db: &impl ConnectionTrait,
    id: ConversationId,
    version: u32,
) -> Result<Option<summary_version::Model>, AppError> {
    let version = i32::try_from(version).map_err(|_| AppError::NotFound)?;
    Ok(summary_version::Entity::find()
        .filter(summary_version::Column::ConversationId.eq(id.0))
        .filter(summary_version::Column::Version.eq(version))
        .one(db)
        .await?)
}

/// The content as stored, and the hash of exactly that text.
fn hashed(content: &SummaryContent) -> Result<(String, ContentHash), AppError> {
    let stored = serde_json::to_string(content)?;
    let hash = hash_stored(&stored)?;
    Ok((stored, hash))
}

/// The SHA-256 of a summary's content exactly as stored: what a signature
/// names. The seed hashes its summaries with this too.
pub fn hash_stored(stored: &str) -> Result<ContentHash, AppError> {
    let digest = Sha256::digest(stored.as_bytes());
    Ok(ContentHash::parse(&crate::auth::hex(&digest)).map_err(anyhow::Error::from)?)
}

pub(crate) fn to_domain(
    row: &summary_version::Model,
    state: &ConversationState,
) -> Result<Summary, AppError> {
    let version = SummaryVersion::new(u32::try_from(row.version)?).map_err(anyhow::Error::from)?;
    let signatures: Vec<SignatureRecord> = serde_json::from_str(&row.signatures)?;
    // A version is locked once both signed it: the current one when the
    // conversation is signed, every earlier one always.
    let locked = state
        .last_signed_version()
        .is_some_and(|signed| version <= signed);
    Ok(Summary {
        conversation_id: row.conversation_id.into(),
        version,
        revision: u32::try_from(row.revision)?,
        content: serde_json::from_str(&row.content)?,
        content_hash: ContentHash::parse(&row.content_hash).map_err(anyhow::Error::from)?,
        signatures,
        locked,
        updated_at: Some(row.updated_at),
    })
}

fn stale(current: Summary) -> AppError {
    let mut problem = Problem::new(ErrorCode::VersionConflict).with_detail(format!(
        "the summary is at version {} revision {}; your changes were not saved",
        current.version, current.revision
    ));
    problem.current = serde_json::to_value(&current).ok();
    AppError::Problem(Box::new(problem))
}

/// The manager read the summary of a conversation about the employee: it
/// goes to the employee's access log. The employee reading their own
/// summary is not someone else reading their content.
async fn record_read(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    party: &AsParty,
) -> Result<(), AppError> {
    let about = match party.side {
        Party::Manager => party.employee(),
        Party::Employee => return Ok(()),
    };
    audit::record(
        db,
        Event::new(actor.id, AuditAction::SummaryRead, "summary")
            .about(about)
            .on(ConversationId::from(party.conversation.id)),
    )
    .await?;
    Ok(())
}
