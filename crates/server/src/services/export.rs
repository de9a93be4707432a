//! `GET /me/export`: everything MUS holds about the caller, as one document.

use chrono::Utc;
use mus_domain::agreements::danish_date;
use mus_domain::{AuditAction, GroupRole, MyData, Party};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::audit::{self, Event};
use super::{api_tokens, follow_up, lifecycle, people, rounds};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{agreement, check_in, conversation, preparation, summary_version};

/// The caller's own data: who they are, what they did and what was done
/// with their data, their conversations, the preparations they wrote, the
/// summaries of their conversations in every version, their agreements and
/// check-ins, what they were told and chose to be told by mail. The
/// export itself is recorded.
pub async fn my_data(db: &DatabaseConnection, actor: &AuthUser) -> Result<MyData, AppError> {
    audit::record(
        db,
        Event::new(actor.id, AuditAction::DataExported, "user")
            .about(actor.id)
            .on(actor.id),
    )
    .await?;
    let me = actor.id.0;
    let conversations = conversation::Entity::find()
        .filter(
            Condition::any()
                .add(conversation::Column::EmployeeId.eq(me))
                .add(conversation::Column::ManagerId.eq(me)),
        )
        .all(db)
        .await?;
    let mut preparations = Vec::new();
    for row in preparation::Entity::find()
        .filter(
            preparation::Column::ConversationId
                .is_in(conversations.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(preparation::Column::CreatedAt)
        .all(db)
        .await?
    {
        let Some(conversation) = conversations.iter().find(|c| c.id == row.conversation_id) else {
            continue;
        };
        let side = Party::parse(&row.side)
            .ok_or_else(|| anyhow::anyhow!("preparation {}: side {}", row.id, row.side))?;
        let author = row.author_id.unwrap_or(match side {
            Party::Employee => conversation.employee_id,
            Party::Manager => conversation.manager_id,
        });
        if author == me {
            let id = row.conversation_id.into();
            preparations.push(super::preparations::to_domain(id, side, Some(row))?);
        }
    }
    let own: Vec<&conversation::Model> = conversations
        .iter()
        .filter(|c| c.employee_id == me)
        .collect();
    let mut summaries = Vec::new();
    for row in summary_version::Entity::find()
        .filter(
            summary_version::Column::ConversationId
                .is_in(own.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(summary_version::Column::CreatedAt)
        .all(db)
        .await?
    {
        let Some(conversation) = own.iter().find(|c| c.id == row.conversation_id) else {
            continue;
        };
        let state = lifecycle::state_of(conversation)?;
        summaries.push(super::summary::to_domain(&row, &state)?);
    }
    let agreements = agreement::Entity::find()
        .filter(agreement::Column::EmployeeId.eq(me))
        .order_by_asc(agreement::Column::CreatedAt)
        .all(db)
        .await?;
    let check_ins = check_in::Entity::find()
        .filter(check_in::Column::EmployeeId.eq(me))
        .order_by_asc(check_in::Column::DueOn)
        .all(db)
        .await?;
    let mut group_conversations = Vec::new();
    let mut group_preparations = Vec::new();
    for row in super::groups::list(db, actor, None).await? {
        // HR lists every group; only those the person holds or is in are theirs.
        if row.my_role == GroupRole::Administrator {
            continue;
        }
        group_conversations.push(super::groups::get(db, actor, row.id).await?);
        if matches!(
            row.my_role,
            GroupRole::Participant | GroupRole::FormerParticipant
        ) {
            group_preparations.push(super::groups::preparation(db, actor, row.id).await?);
        }
    }
    Ok(MyData {
        exported_at: Utc::now(),
        me: people::me(db, actor.id).await?,
        api_tokens: api_tokens::list(db, actor.id).await?,
        activity: audit::by(db, actor.id).await?,
        concerning_me: audit::concerning(db, actor.id).await?,
        conversations: rounds::conversations_of(db, actor).await?,
        preparations,
        summaries,
        agreements: follow_up::to_domain(db, &agreements, danish_date(Utc::now())).await?,
        check_ins: check_ins
            .iter()
            .map(follow_up::check_in_to_domain)
            .collect::<Result<_, _>>()?,
        group_conversations,
        group_preparations,
        development_plan: super::plans::mine(db, actor).await?,
        notifications: super::notifications::all_of(db, me).await?,
        notification_settings: super::notifications::settings(db, me).await?,
    })
}
