//! Follow-up: agreements of signed summaries, the quarterly check-ins, and
//! last year's agreements as this year's conversation reviews them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use mus_domain::agreements::{check_in_schedule, check_note, danish_date};
use mus_domain::{
    Agreement, AgreementCategory, AgreementChanged, AgreementId, AgreementOwner, AgreementPatch,
    AgreementQuery, AgreementStatus, AuditAction, CheckIn, CheckInCompleted, CheckInCompletion,
    CheckInEntry, CheckInId, ConversationId, Page, Party, PersonRef, PreviousAgreement, Problem,
    ReviewDecision, SummaryContent, UserId, WebhookData,
};
use sea_orm::sea_query::{Expr, NullOrdering};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::lifecycle::{self, AsParty, Reach};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{agreement, agreement_review, check_in, conversation, user};
use crate::store::rules;

/// The agreements of the employee's previous signed summary, with each
/// side's review of them in this conversation.
pub async fn previous(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Vec<PreviousAgreement>, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let previous = previous_of(&txn, &party).await?;
    if party.side == Party::Manager && !previous.is_empty() {
        record_read(&txn, actor, party.employee(), id).await?;
    }
    txn.commit().await?;
    Ok(previous)
}

/// Records the actor's side's decision on one of last year's agreements.
/// Possible until this year's summary is signed.
pub async fn review(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    agreement_id: AgreementId,
    decision: ReviewDecision,
) -> Result<PreviousAgreement, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    if !previous_of(&txn, &party)
        .await?
        .iter()
        .any(|p| p.agreement.id == agreement_id)
    {
        return Err(AppError::NotFound);
    }
    let state = lifecycle::state_of(&party.conversation)?;
    if state.has_signed_summary() {
        return Err(AppError::Conflict(
            "this year's summary is signed; last year's agreements were settled by it".into(),
        ));
    }
    if state.status() == mus_domain::ConversationStatus::Cancelled {
        return Err(AppError::Conflict(
            "the conversation has been cancelled".into(),
        ));
    }
    let existing = agreement_review::Entity::find()
        .filter(agreement_review::Column::ConversationId.eq(id.0))
        .filter(agreement_review::Column::AgreementId.eq(agreement_id.0))
        .filter(agreement_review::Column::Side.eq(party.side.as_str()))
        .one(&txn)
        .await?;
    let now = Utc::now();
    match existing {
        Some(row) => {
            agreement_review::Entity::update_many()
                .col_expr(
                    agreement_review::Column::Decision,
                    Expr::value(decision.as_str()),
                )
                .col_expr(agreement_review::Column::UpdatedBy, Expr::value(actor.id.0))
                .col_expr(agreement_review::Column::UpdatedAt, Expr::value(now))
                .filter(agreement_review::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
        }
        None => {
            agreement_review::ActiveModel {
                id: Set(Uuid::new_v4()),
                conversation_id: Set(id.0),
                agreement_id: Set(agreement_id.0),
                side: Set(party.side.as_str().to_owned()),
                decision: Set(decision.as_str().to_owned()),
                updated_by: Set(actor.id.0),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|_| AppError::Conflict("the review was saved meanwhile; reload it".into()))?;
        }
    }
    audit::record(
        &txn,
        Event::new(
            actor.id,
            AuditAction::PreviousAgreementReviewed,
            "agreement",
        )
        .about(party.employee())
        .on(agreement_id),
    )
    .await?;
    let reviewed = previous_of(&txn, &party)
        .await?
        .into_iter()
        .find(|p| p.agreement.id == agreement_id)
        .ok_or_else(|| anyhow::anyhow!("reviewed agreement {agreement_id} vanished"))?;
    txn.commit().await?;
    Ok(reviewed)
}

/// Last year's agreements that this conversation carries over: shown on
/// the agenda and pre-filled in the summary.
pub(crate) async fn carried_over(
    db: &impl ConnectionTrait,
    party: &AsParty,
) -> Result<Vec<Agreement>, AppError> {
    Ok(previous_of(db, party)
        .await?
        .into_iter()
        .filter(|p| p.outcome == Some(ReviewDecision::CarryOver))
        .map(|p| p.agreement)
        .collect())
}

/// Each `origin` in the summary must be an agreement of the same employee
/// from an earlier conversation.
pub(crate) async fn check_origins(
    db: &impl ConnectionTrait,
    employee: UserId,
    conversation: &conversation::Model,
    content: &SummaryContent,
) -> Result<(), AppError> {
    let origins: Vec<Uuid> = content
        .agreements
        .iter()
        .filter_map(|a| a.origin.map(|id| id.0))
        .collect();
    if origins.is_empty() {
        return Ok(());
    }
    let known: Vec<Uuid> = agreement::Entity::find()
        .select_only()
        .column(agreement::Column::Id)
        .filter(agreement::Column::Id.is_in(origins))
        .filter(agreement::Column::EmployeeId.eq(employee.0))
        .filter(agreement::Column::ConversationId.ne(conversation.id))
        .into_tuple()
        .all(db)
        .await?;
    let errors: Vec<_> = content
        .agreements
        .iter()
        .enumerate()
        .filter(|(_, a)| a.origin.is_some_and(|origin| !known.contains(&origin.0)))
        .map(|(i, _)| {
            mus_domain::FieldError::new(
                format!("agreements/{i}/origin"),
                "not an earlier agreement of this employee",
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Both parties have signed `content`: its agreements are followed up from
/// now on, last year's are settled as reviewed, and the first signature
/// schedules the quarterly check-ins.
pub(crate) async fn on_signed(
    db: &impl ConnectionTrait,
    party: &AsParty,
    content: &SummaryContent,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let conversation = &party.conversation;
    let existing: HashMap<Uuid, agreement::Model> = agreement::Entity::find()
        .filter(agreement::Column::ConversationId.eq(conversation.id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    for draft in &content.agreements {
        let id = draft
            .id
            .ok_or_else(|| anyhow::anyhow!("a saved agreement without an id"))?;
        let mut row = agreement::ActiveModel {
            id: Set(id.0),
            conversation_id: Set(conversation.id),
            employee_id: Set(conversation.employee_id),
            title: Set(draft.title.trim().to_owned()),
            description: Set(draft.description.clone()),
            owner: Set(draft.owner.as_str().to_owned()),
            category: Set(draft.category.as_str().to_owned()),
            due_on: Set(draft.due_on),
            status: Set(AgreementStatus::Open.as_str().to_owned()),
            note: Set(String::new()),
            origin_id: Set(draft.origin.map(|o| o.0)),
            carried_into: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        };
        if let Some(old) = existing.get(&id.0) {
            // An amendment: the text changes, the progress stays.
            row.status = Set(old.status.clone());
            row.note = Set(old.note.clone());
            row.created_at = Set(old.created_at);
            row.carried_into = Set(old.carried_into);
            row.update(db).await?;
        } else {
            row.insert(db).await?;
        }
    }
    // An amendment that removed an agreement drops it.
    let kept: Vec<Uuid> = content
        .agreements
        .iter()
        .filter_map(|a| a.id.map(|id| id.0))
        .collect();
    let removed: Vec<Uuid> = existing
        .keys()
        .filter(|id| !kept.contains(id))
        .copied()
        .collect();
    if !removed.is_empty() {
        agreement::Entity::update_many()
            .col_expr(
                agreement::Column::Status,
                Expr::value(AgreementStatus::Dropped.as_str()),
            )
            .col_expr(agreement::Column::UpdatedAt, Expr::value(now))
            .filter(agreement::Column::Id.is_in(removed.clone()))
            .exec(db)
            .await?;
    }

    // Last year's agreements, settled as this conversation reviewed them.
    let carried_into: HashMap<Uuid, Uuid> = content
        .agreements
        .iter()
        .filter_map(|a| Some((a.origin?.0, a.id?.0)))
        .collect();
    let mut touched: Vec<Uuid> = kept.iter().chain(&removed).copied().collect();
    for previous in previous_of(db, party).await? {
        let old = previous.agreement.id.0;
        let mut update = agreement::Entity::update_many()
            .col_expr(agreement::Column::UpdatedAt, Expr::value(now))
            .filter(agreement::Column::Id.eq(old));
        if let Some(new) = carried_into.get(&old) {
            update = update.col_expr(agreement::Column::CarriedInto, Expr::value(*new));
        } else {
            let status = match previous.outcome {
                Some(ReviewDecision::Done) => AgreementStatus::Done,
                Some(ReviewDecision::Drop) => AgreementStatus::Dropped,
                Some(ReviewDecision::CarryOver) | None => continue,
            };
            update = update.col_expr(agreement::Column::Status, Expr::value(status.as_str()));
        }
        update.exec(db).await?;
        touched.push(old);
    }

    if conversation.signed_at.is_none() {
        conversation::Entity::update_many()
            .col_expr(conversation::Column::SignedAt, Expr::value(now))
            .filter(conversation::Column::Id.eq(conversation.id))
            .exec(db)
            .await?;
        let check_ins: Vec<check_in::ActiveModel> = check_in_schedule(danish_date(now))
            .into_iter()
            .map(|(months, due_on)| check_in::ActiveModel {
                id: Set(Uuid::new_v4()),
                conversation_id: Set(conversation.id),
                employee_id: Set(conversation.employee_id),
                months_after: Set(i32::try_from(months).unwrap_or(i32::MAX)),
                due_on: Set(due_on),
                completed_at: Set(None),
                completed_by: Set(None),
                entries: Set("[]".into()),
            })
            .collect();
        check_in::Entity::insert_many(check_ins).exec(db).await?;
    }
    // Each agreement made, changed, dropped or settled by this signature.
    if !touched.is_empty() && super::webhooks::anyone_listening(db).await? {
        let changed = agreement::Entity::find()
            .filter(agreement::Column::Id.is_in(touched))
            .all(db)
            .await?
            .iter()
            .map(|row| (WebhookData::Agreement(agreement_changed(row)), false))
            .collect();
        super::webhooks::announce_all(db, changed).await?;
    }
    Ok(())
}

/// The agreements the actor may see: their own, and those of the people
/// who report to them now. HR sees none: agreements are content.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    query: &AgreementQuery,
) -> Result<Page<Agreement>, AppError> {
    let limit = super::pagination::page_size(query.limit)?;
    let offset: u64 = match &query.cursor {
        Some(cursor) => cursor.parse().map_err(|_| AppError::BadRequest {
            code: mus_domain::ErrorCode::InvalidParameter,
            detail: "cursor is not one this list gave out".into(),
        })?,
        None => 0,
    };
    let today = danish_date(Utc::now());
    let mut select = agreement::Entity::find()
        .filter(agreement::Column::CarriedInto.is_null())
        .filter(
            Condition::any()
                .add(agreement::Column::EmployeeId.eq(actor.id.0))
                .add(agreement::Column::EmployeeId.in_subquery(reports_of(actor.id))),
        );
    if let Some(person) = query.person {
        select = select.filter(agreement::Column::EmployeeId.eq(person.0));
    }
    if let Some(manager) = query.team {
        select = select.filter(agreement::Column::EmployeeId.in_subquery(reports_of(manager)));
    }
    if let Some(status) = query.status {
        select = select.filter(agreement::Column::Status.eq(status.as_str()));
    }
    if let Some(category) = query.category {
        select = select.filter(agreement::Column::Category.eq(category.as_str()));
    }
    match query.overdue {
        Some(true) => select = select.filter(rules::agreement_is_overdue(today)),
        Some(false) => select = select.filter(rules::agreement_is_not_overdue(today)),
        None => {}
    }
    let rows = select
        .order_by_with_nulls(agreement::Column::DueOn, Order::Asc, NullOrdering::Last)
        .order_by_asc(agreement::Column::Id)
        .offset(offset)
        .limit(u64::from(limit) + 1)
        .all(db)
        .await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    let items = to_domain(db, rows, today).await?;
    let mut others: Vec<UserId> = items
        .iter()
        .map(|a| a.employee.id)
        .filter(|id| *id != actor.id)
        .collect();
    others.sort();
    others.dedup();
    audit::record_all(
        db,
        others
            .into_iter()
            .map(|employee| {
                Event::new(actor.id, AuditAction::AgreementsRead, "agreement").about(employee)
            })
            .collect(),
    )
    .await?;
    Ok(Page {
        items,
        next_cursor: more.then(|| (offset + u64::from(limit)).to_string()),
    })
}

/// Progress on an agreement between check-ins, by either party.
pub async fn patch(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: AgreementId,
    patch: &AgreementPatch,
) -> Result<Agreement, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let row = agreement::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let party =
        lifecycle::party_to_write(&txn, actor, row.conversation_id.into(), Reach::Record).await?;
    if let Some(note) = &patch.note {
        check_note(note).map_err(|message| AppError::validation("note", message))?;
    }
    if row.carried_into.is_some() {
        return Err(AppError::Conflict(
            "this agreement was carried over; follow up the new one".into(),
        ));
    }
    let now = Utc::now();
    let mut update = agreement::Entity::update_many()
        .col_expr(agreement::Column::UpdatedAt, Expr::value(now))
        .filter(agreement::Column::Id.eq(id.0));
    if let Some(status) = patch.status {
        update = update.col_expr(agreement::Column::Status, Expr::value(status.as_str()));
    }
    if let Some(note) = &patch.note {
        update = update.col_expr(agreement::Column::Note, Expr::value(note.clone()));
    }
    update.exec(&txn).await?;
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::AgreementUpdated, "agreement")
            .about(party.employee())
            .on(id),
    )
    .await?;
    let row = agreement::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("agreement {id} vanished"))?;
    let changed = agreement_changed(&row);
    super::webhooks::announce(&txn, WebhookData::Agreement(changed), false).await?;
    let updated = to_domain(&txn, &[row], danish_date(now))
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("agreement {id} vanished"))?;
    txn.commit().await?;
    Ok(updated)
}

/// The check-ins of a conversation, soonest first.
pub async fn check_ins(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Vec<CheckIn>, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let party = lifecycle::party_to_write(&txn, actor, id, Reach::Record).await?;
    let rows = check_in::Entity::find()
        .filter(check_in::Column::ConversationId.eq(id.0))
        .order_by_asc(check_in::Column::DueOn)
        .all(&txn)
        .await?;
    if party.side == Party::Manager && rows.iter().any(|r| r.completed_at.is_some()) {
        record_read(&txn, actor, party.employee(), id).await?;
    }
    txn.commit().await?;
    rows.iter().map(check_in_to_domain).collect()
}

/// Records progress on every agreement named, and closes the check-in.
pub async fn complete(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: CheckInId,
    completion: &CheckInCompletion,
) -> Result<CheckIn, AppError> {
    let (_turn, txn) = crate::store::begin_write(db).await?;
    let row = check_in::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let party =
        lifecycle::party_to_write(&txn, actor, row.conversation_id.into(), Reach::Record).await?;
    if !CheckIn::is_open_on(row.due_on, danish_date(Utc::now())) {
        let from = CheckIn::opens_on(row.due_on);
        return Err(AppError::Problem(Box::new(Problem::too_early(
            "check_in_not_open",
            from,
            format!("the check-in is due on {}; it opens on {from}", row.due_on),
        ))));
    }
    let agreements: Vec<AgreementId> = agreement::Entity::find()
        .select_only()
        .column(agreement::Column::Id)
        .filter(agreement::Column::ConversationId.eq(row.conversation_id))
        .filter(agreement::Column::CarriedInto.is_null())
        .into_tuple::<Uuid>()
        .all(&txn)
        .await?
        .into_iter()
        .map(AgreementId::from)
        .collect();
    completion
        .validate(&agreements)
        .map_err(AppError::Validation)?;
    let now = Utc::now();
    let entries = serde_json::to_string(&completion.entries)?;
    let closed = check_in::Entity::update_many()
        .col_expr(check_in::Column::CompletedAt, Expr::value(now))
        .col_expr(check_in::Column::CompletedBy, Expr::value(actor.id.0))
        .col_expr(check_in::Column::Entries, Expr::value(entries))
        .filter(check_in::Column::Id.eq(id.0))
        .filter(check_in::Column::CompletedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if closed != 1 {
        return Err(AppError::Conflict(
            "this check-in has already been completed".into(),
        ));
    }
    for entry in &completion.entries {
        let mut update = agreement::Entity::update_many()
            .col_expr(
                agreement::Column::Status,
                Expr::value(entry.status.as_str()),
            )
            .col_expr(agreement::Column::UpdatedAt, Expr::value(now))
            .filter(agreement::Column::Id.eq(entry.agreement_id.0));
        // An empty note says nothing new: the agreement keeps the note it
        // has, so a check-in completed untouched erases no one's words.
        if !entry.note.trim().is_empty() {
            update = update.col_expr(agreement::Column::Note, Expr::value(entry.note.clone()));
        }
        update.exec(&txn).await?;
    }
    audit::record(
        &txn,
        Event::new(actor.id, AuditAction::CheckInCompleted, "check_in")
            .about(party.employee())
            .on(id),
    )
    .await?;
    let row = check_in::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("check-in {id} vanished"))?;
    let mut announced = vec![(
        WebhookData::CheckIn(CheckInCompleted {
            check_in_id: id,
            conversation_id: row.conversation_id.into(),
            employee_id: party.employee(),
            completed_at: now,
        }),
        false,
    )];
    let touched: Vec<Uuid> = completion
        .entries
        .iter()
        .map(|e| e.agreement_id.0)
        .collect();
    for changed in agreement::Entity::find()
        .filter(agreement::Column::Id.is_in(touched))
        .all(&txn)
        .await?
    {
        announced.push((WebhookData::Agreement(agreement_changed(&changed)), false));
    }
    super::webhooks::announce_all(&txn, announced).await?;
    txn.commit().await?;
    check_in_to_domain(&row)
}

/// What a webhook is told of an agreement: ids, status and date.
fn agreement_changed(row: &agreement::Model) -> AgreementChanged {
    AgreementChanged {
        agreement_id: row.id.into(),
        conversation_id: row.conversation_id.into(),
        employee_id: row.employee_id.into(),
        status: row.status.clone(),
        due_on: row.due_on,
    }
}

/// Agreements as the API shows them, with their employee's name.
pub(crate) async fn to_domain(
    db: &impl ConnectionTrait,
    rows: &[agreement::Model],
    today: chrono::NaiveDate,
) -> Result<Vec<Agreement>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.employee_id).collect();
    let names = super::people::names(db, &ids).await?;
    rows.iter()
        .map(|row| agreement_to_domain(row, &names, today))
        .collect()
}

pub(crate) fn agreement_to_domain(
    row: &agreement::Model,
    names: &HashMap<Uuid, String>,
    today: chrono::NaiveDate,
) -> Result<Agreement, AppError> {
    let bad = |what: &str, value: &str| anyhow::anyhow!("agreement {}: {what} {value}", row.id);
    let status = AgreementStatus::parse(&row.status).ok_or_else(|| bad("status", &row.status))?;
    Ok(Agreement {
        id: row.id.into(),
        conversation_id: row.conversation_id.into(),
        employee: PersonRef {
            id: row.employee_id.into(),
            name: names.get(&row.employee_id).cloned().unwrap_or_default(),
        },
        title: row.title.clone(),
        description: row.description.clone(),
        owner: AgreementOwner::parse(&row.owner).ok_or_else(|| bad("owner", &row.owner))?,
        category: AgreementCategory::parse(&row.category)
            .ok_or_else(|| bad("category", &row.category))?,
        due_on: row.due_on,
        status,
        note: row.note.clone(),
        overdue: Agreement::is_overdue(status, row.due_on, today),
        origin: row.origin_id.map(AgreementId::from),
        carried_into: row.carried_into.map(AgreementId::from),
        updated_at: row.updated_at,
    })
}

pub(crate) fn check_in_to_domain(row: &check_in::Model) -> Result<CheckIn, AppError> {
    let entries: Vec<CheckInEntry> = serde_json::from_str(&row.entries)?;
    Ok(CheckIn {
        id: row.id.into(),
        conversation_id: row.conversation_id.into(),
        months_after: u32::try_from(row.months_after)?,
        due_on: row.due_on,
        completed_at: row.completed_at,
        completed_by: row.completed_by.map(UserId::from),
        entries,
    })
}

/// The employee's most recent conversation signed before this one, and its
/// agreements with this conversation's reviews.
async fn previous_of(
    db: &impl ConnectionTrait,
    party: &AsParty,
) -> Result<Vec<PreviousAgreement>, AppError> {
    let this = &party.conversation;
    let Some(previous) = conversation::Entity::find()
        .filter(conversation::Column::EmployeeId.eq(this.employee_id))
        .filter(conversation::Column::Id.ne(this.id))
        .filter(conversation::Column::SignedAt.is_not_null())
        .filter(conversation::Column::CreatedAt.lt(this.created_at))
        .order_by_desc(conversation::Column::SignedAt)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let rows = agreement::Entity::find()
        .filter(agreement::Column::ConversationId.eq(previous.id))
        .order_by_asc(agreement::Column::CreatedAt)
        .order_by_asc(agreement::Column::Id)
        .all(db)
        .await?;
    let reviews: Vec<agreement_review::Model> = agreement_review::Entity::find()
        .filter(agreement_review::Column::ConversationId.eq(this.id))
        .all(db)
        .await?;
    let decision = |agreement: Uuid, side: Party| {
        reviews
            .iter()
            .find(|r| r.agreement_id == agreement && r.side == side.as_str())
            .and_then(|r| ReviewDecision::parse(&r.decision))
    };
    let agreements = to_domain(db, &rows, danish_date(Utc::now())).await?;
    Ok(agreements
        .into_iter()
        .map(|agreement| {
            let employee_decision = decision(agreement.id.0, Party::Employee);
            let manager_decision = decision(agreement.id.0, Party::Manager);
            PreviousAgreement {
                agreement,
                employee_decision,
                manager_decision,
                outcome: ReviewDecision::outcome(employee_decision, manager_decision),
            }
        })
        .collect())
}

/// The ids of the people who report to `manager` now.
pub(crate) fn reports_of(manager: UserId) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::ManagerId.eq(manager.0))
        .to_owned()
}

async fn record_read(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    employee: UserId,
    id: ConversationId,
) -> Result<(), AppError> {
    audit::record(
        db,
        Event::new(actor.id, AuditAction::AgreementsRead, "agreement")
            .about(employee)
            .on(id),
    )
    .await
}
