//! Group conversations (GRUS): a manager and their team prepare, meet and
//! agree together. Each participant's preparation is theirs until they
//! share it with the group; the group summary is the manager's, signed by
//! them and acknowledged by each participant; its team agreements are
//! followed up at quarterly check-ins.
//!
//! Who reads what ([`Seat`]): the manager everything shared with the group;
//! a participant the same from the day they joined; someone who left the
//! summary they acknowledged and nothing new; HR the group's shape and
//! progress, never its content. Anyone else gets 404.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use mus_domain::agreements::{check_in_schedule, check_note, danish_date};
use mus_domain::group::{
    MAX_AGENDA_CHARS, MAX_DISAGREEMENT_CHARS, agenda_fits, check_group, disagreement_fits,
};
use mus_domain::preparation::{keep_earlier_answers, over_long_answers, validate_answers};
use mus_domain::summary::due_window;
use mus_domain::{
    Acknowledgement, AgreementCategory, AgreementOwner, AgreementStatus, Answer, AuditAction,
    CheckInId, DepartmentRef, ErrorCode, FieldError, GroupAgendaWrite, GroupCheckIn,
    GroupCheckInCompletion, GroupConversation, GroupConversationId, GroupConversationRow,
    GroupMember, GroupMembers, GroupPreparation, GroupRole, GroupSignRequest, GroupStatus,
    GroupSummary, GroupSummaryContent, GroupSummaryWrite, Meeting, NewGroupConversation, Party,
    PreparationWrite, Problem, Role, RoundId, SharedPreparation, TeamAgreement, TeamAgreementId,
    TeamCheckInEntry, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::meeting::{Invitation, Method, Revision};
use super::notifications::{self, MeetingChange, Message, Notice, Recipients};
use super::people::{names, person};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::outbox::Invite;
use crate::store::entities::{
    audit_event, department, group_check_in, group_conversation, group_member, round,
    team_agreement, user,
};
use crate::store::{IN_LIST_CHUNK, begin_write};

/// Where the web app shows a group conversation.
pub fn link(id: Uuid) -> String {
    format!("/groups/{id}")
}

/// The caller's seat at a group conversation.
struct Seat {
    group: group_conversation::Model,
    round: round::Model,
    role: GroupRole,
    /// The caller's own membership, present for participants and former ones.
    member: Option<group_member::Model>,
}

impl Seat {
    /// Whether the caller reads the group's content: its agenda, shared
    /// preparations, summary and team agreements.
    fn reads_content(&self) -> bool {
        match self.role {
            GroupRole::Manager | GroupRole::Participant => true,
            // What they acknowledged, and nothing written since they left.
            GroupRole::FormerParticipant => self
                .member
                .as_ref()
                .is_some_and(|m| m.acknowledged_at.is_some()),
            GroupRole::Administrator => false,
        }
    }

    fn must_be_manager(&self) -> Result<(), AppError> {
        if self.role == GroupRole::Manager {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "only the manager who holds the group conversation may do this".into(),
            ))
        }
    }
}

async fn seat(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<Seat, AppError> {
    let group = group_conversation::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group.id))
        .filter(group_member::Column::UserId.eq(actor.id.0))
        .one(db)
        .await?;
    let role = if group.manager_id == actor.id.0 {
        GroupRole::Manager
    } else if let Some(m) = &member {
        if m.left_at.is_none() {
            GroupRole::Participant
        } else {
            GroupRole::FormerParticipant
        }
    } else if actor.role == Role::HrAdmin {
        GroupRole::Administrator
    } else {
        return Err(AppError::NotFound);
    };
    let round = round::Entity::find_by_id(group.round_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("group {} has no round", group.id))?;
    Ok(Seat {
        group,
        round,
        role,
        member,
    })
}

fn meeting_of(group: &group_conversation::Model) -> Option<Meeting> {
    Some(Meeting {
        starts_at: group.meeting_starts_at?,
        minutes: group
            .meeting_minutes
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(60),
        location: group.meeting_location.clone().unwrap_or_default(),
    })
}

fn version(n: i32) -> u32 {
    u32::try_from(n).unwrap_or_default()
}

fn summary_content(group: &group_conversation::Model) -> Result<GroupSummaryContent, AppError> {
    if group.summary.is_empty() {
        return Ok(GroupSummaryContent::default());
    }
    Ok(serde_json::from_str(&group.summary)?)
}

async fn members_of(
    db: &impl ConnectionTrait,
    group: Uuid,
) -> Result<Vec<group_member::Model>, AppError> {
    Ok(group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group))
        .order_by_asc(group_member::Column::JoinedAt)
        .all(db)
        .await?)
}

fn status_of(group: &group_conversation::Model, members: &[group_member::Model]) -> GroupStatus {
    let current: Vec<_> = members.iter().filter(|m| m.left_at.is_none()).collect();
    let all_acknowledged = group.signed_at.is_some()
        && !current.is_empty()
        && current.iter().all(|m| m.acknowledged_at.is_some());
    GroupStatus::of(
        meeting_of(group).as_ref(),
        group.signed_at.is_some(),
        all_acknowledged,
        danish_date(Utc::now()),
    )
}

/// Makes the round's group conversations: one per manager, with their
/// direct reports in scope as participants. Returns (group, manager,
/// participants) for the notices.
pub(crate) async fn create_for_round(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    round: &round::Model,
    people: &[user::Model],
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, Uuid, Vec<Uuid>)>, AppError> {
    let mut teams: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for person in people {
        if let Some(manager) = person.manager_id {
            teams.entry(manager).or_default().push(person.id);
        }
    }
    let managers: Vec<Uuid> = teams.keys().copied().collect();
    let mut manager_rows: HashMap<Uuid, user::Model> = HashMap::new();
    for chunk in managers.chunks(IN_LIST_CHUNK) {
        manager_rows.extend(
            user::Entity::find()
                .filter(user::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u)),
        );
    }
    let mut groups = Vec::with_capacity(teams.len());
    let mut group_rows = Vec::with_capacity(teams.len());
    let mut member_rows = Vec::new();
    for (manager, members) in teams {
        let id = Uuid::new_v4();
        let manager_row = manager_rows.get(&manager);
        let name = format!(
            "Team {}",
            manager_row.map(|m| m.name.as_str()).unwrap_or_default()
        );
        group_rows.push(new_group(
            id,
            round.id,
            manager,
            manager_row.and_then(|m| m.department_id),
            name,
            now,
        ));
        for member in &members {
            member_rows.push(new_member(id, *member, now));
        }
        groups.push((id, manager, members));
    }
    for chunk in group_rows.chunks(IN_LIST_CHUNK) {
        group_conversation::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    for chunk in member_rows.chunks(IN_LIST_CHUNK) {
        group_member::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    if !groups.is_empty() {
        let event = Event::new(actor.id, AuditAction::GroupCreated, "round").on(round.id);
        audit::record(db, event).await?;
    }
    Ok(groups)
}

fn new_group(
    id: Uuid,
    round: Uuid,
    manager: Uuid,
    department: Option<Uuid>,
    name: String,
    now: DateTime<Utc>,
) -> group_conversation::ActiveModel {
    group_conversation::ActiveModel {
        id: Set(id),
        round_id: Set(round),
        manager_id: Set(manager),
        department_id: Set(department),
        name: Set(name),
        agenda: Set(String::new()),
        agenda_version: Set(0),
        meeting_starts_at: Set(None),
        meeting_minutes: Set(None),
        meeting_location: Set(None),
        meeting_sequence: Set(0),
        summary: Set(String::new()),
        summary_version: Set(0),
        summary_updated_at: Set(None),
        signed_at: Set(None),
        signed_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

fn new_member(group: Uuid, user: Uuid, now: DateTime<Utc>) -> group_member::ActiveModel {
    group_member::ActiveModel {
        id: Set(Uuid::new_v4()),
        group_id: Set(group),
        user_id: Set(user),
        joined_at: Set(now),
        left_at: Set(None),
        answers: Set("{}".into()),
        preparation_version: Set(0),
        preparation_updated_at: Set(None),
        shared_at: Set(None),
        acknowledged_at: Set(None),
        disagreement: Set(None),
    }
}

/// The groups the caller holds, is or was in; every group for HR.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    round: Option<RoundId>,
) -> Result<Vec<GroupConversationRow>, AppError> {
    let mine: Vec<Uuid> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(actor.id.0))
        .into_tuple()
        .all(db)
        .await?;
    let mut query = group_conversation::Entity::find();
    if actor.role != Role::HrAdmin {
        query = query.filter(
            sea_orm::Condition::any()
                .add(group_conversation::Column::ManagerId.eq(actor.id.0))
                .add(group_conversation::Column::Id.is_in(mine.clone())),
        );
    }
    if let Some(round) = round {
        query = query.filter(group_conversation::Column::RoundId.eq(round.0));
    }
    let groups = query
        .order_by_desc(group_conversation::Column::CreatedAt)
        .order_by_asc(group_conversation::Column::Name)
        .all(db)
        .await?;
    rows(db, actor, groups).await
}

/// Rows for `groups` as `actor` sees them: three statements whatever the
/// number of groups (members, names, rounds).
pub(crate) async fn rows(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    groups: Vec<group_conversation::Model>,
) -> Result<Vec<GroupConversationRow>, AppError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let mut members: HashMap<Uuid, Vec<group_member::Model>> = HashMap::new();
    for chunk in ids.chunks(IN_LIST_CHUNK) {
        for m in group_member::Entity::find()
            .filter(group_member::Column::GroupId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            members.entry(m.group_id).or_default().push(m);
        }
    }
    let managers: Vec<Uuid> = groups.iter().map(|g| g.manager_id).collect();
    let names = names(db, &managers).await?;
    let mut round_ids: Vec<Uuid> = groups.iter().map(|g| g.round_id).collect();
    round_ids.sort();
    round_ids.dedup();
    let rounds: HashMap<Uuid, String> = round::Entity::find()
        .select_only()
        .column(round::Column::Id)
        .column(round::Column::Name)
        .filter(round::Column::Id.is_in(round_ids))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(groups
        .into_iter()
        .map(|g| {
            let members = members.remove(&g.id).unwrap_or_default();
            let current: Vec<_> = members.iter().filter(|m| m.left_at.is_none()).collect();
            let my_role = if g.manager_id == actor.id.0 {
                GroupRole::Manager
            } else {
                match members.iter().find(|m| m.user_id == actor.id.0) {
                    Some(m) if m.left_at.is_none() => GroupRole::Participant,
                    Some(_) => GroupRole::FormerParticipant,
                    None => GroupRole::Administrator,
                }
            };
            GroupConversationRow {
                id: g.id.into(),
                round_id: g.round_id.into(),
                round_name: rounds.get(&g.round_id).cloned().unwrap_or_default(),
                name: g.name.clone(),
                manager: person(g.manager_id, &names),
                status: status_of(&g, &members),
                meeting_starts_at: g.meeting_starts_at,
                members: u32::try_from(current.len()).unwrap_or(u32::MAX),
                acknowledged: u32::try_from(
                    current
                        .iter()
                        .filter(|m| m.acknowledged_at.is_some())
                        .count(),
                )
                .unwrap_or(u32::MAX),
                my_role,
            }
        })
        .collect())
}

/// A group beside those the round made. A manager creates their own, with
/// their direct reports; HR names the manager and anyone active.
pub async fn create(
    db: &DatabaseConnection,
    actor: &AuthUser,
    new: &NewGroupConversation,
) -> Result<GroupConversation, AppError> {
    if actor.role == Role::Employee {
        return Err(AppError::Forbidden(
            "managers and HR create group conversations".into(),
        ));
    }
    let manager = match (actor.role, new.manager_id) {
        (Role::HrAdmin, Some(manager)) => manager,
        (Role::HrAdmin, None) => {
            return Err(AppError::validation(
                "manager_id",
                "name the manager who holds the conversation",
            ));
        }
        (_, Some(manager)) if manager != actor.id => {
            return Err(AppError::Forbidden(
                "a manager creates group conversations they hold themselves".into(),
            ));
        }
        _ => actor.id,
    };
    let mut errors = check_group(Some(&new.name), &new.members, manager);
    let (_turn, txn) = begin_write(db).await?;
    let round = round::Entity::find_by_id(new.round_id.0).one(&txn).await?;
    match &round {
        None => errors.push(FieldError::new("round_id", "no such round")),
        Some(r) if !round_format(r)?.has_groups() => errors.push(FieldError::new(
            "round_id",
            "the round holds individual conversations only",
        )),
        Some(_) => {}
    }
    let manager_row = user::Entity::find_by_id(manager.0).one(&txn).await?;
    if manager_row
        .as_ref()
        .is_none_or(|m| crate::auth::has_left(m.left_on))
    {
        errors.push(FieldError::new("manager_id", "no such person"));
    }
    errors.extend(check_people(&txn, actor, manager, &new.members).await?);
    let (Some(round), Some(manager_row), true) = (round, manager_row, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now = Utc::now();
    let id = Uuid::new_v4();
    new_group(
        id,
        round.id,
        manager.0,
        manager_row.department_id,
        new.name.trim().to_owned(),
        now,
    )
    .insert(&txn)
    .await?;
    let rows: Vec<_> = new
        .members
        .iter()
        .map(|m| new_member(id, m.0, now))
        .collect();
    if !rows.is_empty() {
        group_member::Entity::insert_many(rows).exec(&txn).await?;
    }
    let event = Event::new(actor.id, AuditAction::GroupCreated, "group_conversation").on(id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    get(db, actor, id.into()).await
}

fn round_format(round: &round::Model) -> Result<mus_domain::RoundFormat, AppError> {
    mus_domain::RoundFormat::parse(&round.format)
        .ok_or_else(|| anyhow::anyhow!("round {}: format {}", round.id, round.format).into())
}

/// Field errors for participants who cannot be in the group: unknown,
/// gone, HR administrators, or (for a manager adding them) not a direct
/// report.
async fn check_people(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    manager: UserId,
    members: &[UserId],
) -> Result<Vec<FieldError>, AppError> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = members.iter().map(|m| m.0).collect();
    let found: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut errors = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let field = format!("members/{i}");
        match found.get(&member.0) {
            None => errors.push(FieldError::new(field, "no such person")),
            Some(u) if crate::auth::has_left(u.left_on) => {
                errors.push(FieldError::new(field, "this person has left"));
            }
            Some(u) if u.role == Role::HrAdmin.as_str() => {
                errors.push(FieldError::new(
                    field,
                    "HR administrators take no part in conversations",
                ));
            }
            Some(u) if actor.role != Role::HrAdmin && u.manager_id != Some(manager.0) => {
                errors.push(FieldError::new(field, "not one of your direct reports"));
            }
            Some(_) => {}
        }
    }
    Ok(errors)
}

/// The group as the caller may see it.
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<GroupConversation, AppError> {
    let seat = seat(db, actor, id).await?;
    view(db, &seat).await
}

async fn view(db: &impl ConnectionTrait, seat: &Seat) -> Result<GroupConversation, AppError> {
    let group = &seat.group;
    let members = members_of(db, group.id).await?;
    let mut people: Vec<Uuid> = members.iter().map(|m| m.user_id).collect();
    people.push(group.manager_id);
    let names = names(db, &people).await?;
    let department = match group.department_id {
        Some(d) => department::Entity::find_by_id(d)
            .one(db)
            .await?
            .map(|d| DepartmentRef {
                id: d.id.into(),
                name: d.name,
            }),
        None => None,
    };
    let content = seat.reads_content();
    let joined = seat.member.as_ref().map(|m| m.joined_at);
    let shared_preparations = if content && seat.role != GroupRole::FormerParticipant {
        members
            .iter()
            .filter_map(|m| {
                let shared_at = m.shared_at?;
                // A participant reads what was shared while they were in
                // the group; the manager reads all of it.
                let visible = m.user_id == seat.group.manager_id
                    || seat.role == GroupRole::Manager
                    || joined.is_some_and(|joined| joined <= shared_at)
                    || seat.member.as_ref().is_some_and(|me| me.id == m.id);
                visible.then(|| -> Result<SharedPreparation, AppError> {
                    Ok(SharedPreparation {
                        person: person(m.user_id, &names),
                        answers: serde_json::from_str(&m.answers)?,
                        shared_at,
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        Vec::new()
    };
    let mut shared_preparations = shared_preparations;
    shared_preparations.sort_by_key(|p| p.shared_at);
    let (team_agreements, check_ins) = if content && group.signed_at.is_some() {
        (
            team_agreements_of(db, &[group.id]).await?,
            check_ins_of(db, group.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut listed: Vec<&group_member::Model> = members.iter().collect();
    listed.sort_by_key(|m| (m.left_at.is_some(), m.joined_at));
    Ok(GroupConversation {
        id: group.id.into(),
        round_id: group.round_id.into(),
        round_name: seat.round.name.clone(),
        name: group.name.clone(),
        manager: person(group.manager_id, &names),
        department,
        template_id: seat
            .round
            .group_template_id
            .unwrap_or(seat.round.template_id)
            .into(),
        status: status_of(group, &members),
        meeting: meeting_of(group),
        members: listed
            .into_iter()
            .map(|m| GroupMember {
                person: person(m.user_id, &names),
                joined_at: m.joined_at,
                left_at: m.left_at,
                shared_at: m.shared_at,
                acknowledged_at: m.acknowledged_at,
                disagrees: m.disagreement.is_some(),
            })
            .collect(),
        agenda: if content && seat.role != GroupRole::FormerParticipant {
            group.agenda.clone()
        } else {
            String::new()
        },
        agenda_version: version(group.agenda_version),
        shared_preparations,
        team_agreements,
        check_ins,
        my_role: seat.role,
        signed_at: group.signed_at,
        created_at: group.created_at,
    })
}

pub(crate) async fn team_agreements_of(
    db: &impl ConnectionTrait,
    groups: &[Uuid],
) -> Result<Vec<TeamAgreement>, AppError> {
    let today = danish_date(Utc::now());
    let mut out = Vec::new();
    for chunk in groups.chunks(IN_LIST_CHUNK) {
        for row in team_agreement::Entity::find()
            .filter(team_agreement::Column::GroupId.is_in(chunk.to_vec()))
            .order_by_asc(team_agreement::Column::CreatedAt)
            .all(db)
            .await?
        {
            out.push(team_agreement_to_domain(&row, today)?);
        }
    }
    Ok(out)
}

fn team_agreement_to_domain(
    row: &team_agreement::Model,
    today: chrono::NaiveDate,
) -> Result<TeamAgreement, AppError> {
    let bad =
        |what: &str, value: &str| anyhow::anyhow!("team agreement {}: {what} {value}", row.id);
    let status = AgreementStatus::parse(&row.status).ok_or_else(|| bad("status", &row.status))?;
    Ok(TeamAgreement {
        id: row.id.into(),
        group_conversation_id: row.group_id.into(),
        title: row.title.clone(),
        description: row.description.clone(),
        owner: AgreementOwner::parse(&row.owner).ok_or_else(|| bad("owner", &row.owner))?,
        category: AgreementCategory::parse(&row.category)
            .ok_or_else(|| bad("category", &row.category))?,
        due_on: row.due_on,
        status,
        note: row.note.clone(),
        overdue: mus_domain::Agreement::is_overdue(status, row.due_on, today),
        updated_at: row.updated_at,
    })
}

async fn check_ins_of(
    db: &impl ConnectionTrait,
    group: Uuid,
) -> Result<Vec<GroupCheckIn>, AppError> {
    group_check_in::Entity::find()
        .filter(group_check_in::Column::GroupId.eq(group))
        .order_by_asc(group_check_in::Column::MonthsAfter)
        .all(db)
        .await?
        .iter()
        .map(check_in_to_domain)
        .collect()
}

fn check_in_to_domain(row: &group_check_in::Model) -> Result<GroupCheckIn, AppError> {
    Ok(GroupCheckIn {
        id: row.id.into(),
        months_after: u32::try_from(row.months_after).unwrap_or_default(),
        due_on: row.due_on,
        completed_at: row.completed_at,
        completed_by: row.completed_by.map(UserId::from),
        entries: serde_json::from_str(&row.entries)?,
    })
}

/// How long one recorded read of a participant's shared preparation covers
/// the same reader's later reads of the group: a page reloaded through the
/// meeting is one entry in the author's access log per hour.
const READ_COVERS: chrono::Duration = chrono::Duration::hours(1);

/// The preparations of others that `group` shows `actor` are reads of
/// their content: each goes to its author's access log, once an hour per
/// reader. Two statements, and a write only when one is due.
pub async fn record_reads(
    db: &DatabaseConnection,
    actor: &AuthUser,
    group: &GroupConversation,
) -> Result<(), AppError> {
    let authors: std::collections::BTreeSet<Uuid> = group
        .shared_preparations
        .iter()
        .map(|p| p.person.id.0)
        .filter(|author| *author != actor.id.0)
        .collect();
    if authors.is_empty() {
        return Ok(());
    }
    let recently: std::collections::BTreeSet<Uuid> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::SubjectId)
        .filter(audit_event::Column::ActorId.eq(actor.id.0))
        .filter(audit_event::Column::Action.eq(AuditAction::PreparationRead.as_str()))
        .filter(audit_event::Column::ResourceId.eq(group.id.0))
        .filter(audit_event::Column::At.gt(Utc::now() - READ_COVERS))
        .filter(audit_event::Column::SubjectId.is_in(authors.iter().copied()))
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let due: Vec<Event> = authors
        .difference(&recently)
        .map(|&author| {
            Event::new(actor.id, AuditAction::PreparationRead, "group_conversation")
                .about(author.into())
                .on(group.id)
        })
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    let (_turn, txn) = begin_write(db).await?;
    audit::record_all(&txn, due).await?;
    txn.commit().await?;
    Ok(())
}

/// Who is in the group from now on; HR or the manager.
pub async fn set_members(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    wanted: &GroupMembers,
) -> Result<GroupConversation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    if !matches!(seat.role, GroupRole::Manager | GroupRole::Administrator) {
        return Err(AppError::Forbidden(
            "HR or the manager decide who is in the group".into(),
        ));
    }
    let manager: UserId = seat.group.manager_id.into();
    let mut errors = check_group(None, &wanted.members, manager);
    let members = members_of(&txn, seat.group.id).await?;
    // People already in the group may stay even if they have a new manager.
    let newcomers: Vec<UserId> = wanted
        .members
        .iter()
        .copied()
        .filter(|w| {
            !members
                .iter()
                .any(|m| m.user_id == w.0 && m.left_at.is_none())
        })
        .collect();
    for mut error in check_people(&txn, actor, manager, &newcomers).await? {
        let i: usize = error
            .field
            .trim_start_matches("members/")
            .parse()
            .unwrap_or_default();
        if let Some(position) = wanted.members.iter().position(|w| *w == newcomers[i]) {
            error.field = format!("members/{position}");
        }
        errors.push(error);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = Utc::now();
    let mut changed = false;
    for m in &members {
        let stays = wanted.members.iter().any(|w| w.0 == m.user_id);
        if m.left_at.is_none() && !stays {
            let mut row = m.clone().into_active_model();
            row.left_at = Set(Some(now));
            row.update(&txn).await?;
            changed = true;
        } else if m.left_at.is_some() && stays {
            // Back again: a new start, as a newcomer.
            let mut row = m.clone().into_active_model();
            row.left_at = Set(None);
            row.joined_at = Set(now);
            row.acknowledged_at = Set(None);
            row.disagreement = Set(None);
            row.update(&txn).await?;
            changed = true;
        }
    }
    let fresh: Vec<_> = wanted
        .members
        .iter()
        .filter(|w| !members.iter().any(|m| m.user_id == w.0))
        .map(|w| new_member(seat.group.id, w.0, now))
        .collect();
    if !fresh.is_empty() {
        group_member::Entity::insert_many(fresh).exec(&txn).await?;
        changed = true;
    }
    if changed {
        let event = Event::new(
            actor.id,
            AuditAction::GroupMembersChanged,
            "group_conversation",
        )
        .on(seat.group.id);
        audit::record(&txn, event).await?;
    }
    txn.commit().await?;
    get(db, actor, id).await
}

/// The manager's shared agenda, replaced whole from the version read.
pub async fn save_agenda(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    write: &GroupAgendaWrite,
) -> Result<GroupConversation, AppError> {
    if !agenda_fits(&write.text) {
        return Err(AppError::validation(
            "text",
            format!("at most {MAX_AGENDA_CHARS} characters"),
        ));
    }
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    seat.must_be_manager()?;
    if seat.group.signed_at.is_some() {
        return Err(locked());
    }
    if write.version != version(seat.group.agenda_version) {
        let current = view(&txn, &seat).await?;
        return Err(AppError::stale(
            format!(
                "the agenda is at version {}; your changes were not saved",
                current.agenda_version
            ),
            &current,
        ));
    }
    let updated = group_conversation::Entity::update_many()
        .col_expr(group_conversation::Column::Agenda, Expr::value(&write.text))
        .col_expr(
            group_conversation::Column::AgendaVersion,
            Expr::value(seat.group.agenda_version + 1),
        )
        .col_expr(
            group_conversation::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(group_conversation::Column::Id.eq(seat.group.id))
        .filter(group_conversation::Column::AgendaVersion.eq(seat.group.agenda_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::conflict(
            ErrorCode::VersionConflict,
            "the agenda changed meanwhile; reload it",
        ));
    }
    txn.commit().await?;
    get(db, actor, id).await
}

fn locked() -> AppError {
    AppError::wrong_state(
        "summary_locked",
        "the group summary is signed; the conversation is closed",
    )
}

/// Sets or moves the meeting; the manager does. Every participant and the
/// manager get the calendar invitation; a move raises its `SEQUENCE`.
pub async fn schedule(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    meeting: &Meeting,
    site: &url::Url,
) -> Result<GroupConversation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    seat.must_be_manager()?;
    if seat.group.signed_at.is_some() {
        return Err(locked());
    }
    meeting
        .validate(seat.round.meetings_from, seat.round.meetings_until)
        .map_err(AppError::Validation)?;
    let meeting = Meeting {
        location: meeting.location.trim().to_owned(),
        ..meeting.clone()
    };
    let moved = seat.group.meeting_starts_at.is_some();
    let sequence = if moved {
        seat.group.meeting_sequence + 1
    } else {
        seat.group.meeting_sequence
    };
    let now = Utc::now();
    group_conversation::Entity::update_many()
        .col_expr(
            group_conversation::Column::MeetingStartsAt,
            Expr::value(meeting.starts_at),
        )
        .col_expr(
            group_conversation::Column::MeetingMinutes,
            Expr::value(i32::try_from(meeting.minutes).unwrap_or(480)),
        )
        .col_expr(
            group_conversation::Column::MeetingLocation,
            Expr::value(&meeting.location),
        )
        .col_expr(
            group_conversation::Column::MeetingSequence,
            Expr::value(sequence),
        )
        .col_expr(group_conversation::Column::UpdatedAt, Expr::value(now))
        .filter(group_conversation::Column::Id.eq(seat.group.id))
        .exec(&txn)
        .await?;
    let event = Event::new(
        actor.id,
        AuditAction::MeetingScheduled,
        "group_conversation",
    )
    .on(seat.group.id);
    audit::record(&txn, event).await?;
    let members = members_of(&txn, seat.group.id).await?;
    let current: Vec<Uuid> = members
        .iter()
        .filter(|m| m.left_at.is_none())
        .map(|m| m.user_id)
        .collect();
    let mut people = current.clone();
    people.push(seat.group.manager_id);
    let recipients = Recipients::of(&txn, &people).await?;
    if let Some(manager) = recipients.get(seat.group.manager_id) {
        let attendees: Vec<(&str, Option<&str>)> = current
            .iter()
            .filter_map(|p| recipients.get(*p))
            .map(|r| (r.name.as_str(), Some(r.email.as_str())))
            .collect();
        let title = format!("GRUS: {}", seat.group.name);
        let description = format!("{} – gruppeudviklingssamtale", seat.round.name);
        let revision = Revision {
            sequence: u32::try_from(sequence).unwrap_or_default(),
            last_modified: now,
        };
        let invitation = Invitation {
            uid: seat.group.id,
            title: &title,
            organiser: (&manager.name, Some(&manager.email)),
            attendees: &attendees,
            description: &description,
            meeting: &meeting,
            revision,
            method: Method::Request,
        };
        let invite = Invite {
            method: invitation.method.as_str().to_owned(),
            ics: invitation.ics(now),
        };
        let notices = people
            .iter()
            .map(|person| Notice {
                user: *person,
                reason: format!("group_meeting:{}:{sequence}:{person}", seat.group.id),
                message: Message::Meeting {
                    change: if moved {
                        MeetingChange::Moved
                    } else {
                        MeetingChange::Set
                    },
                    with: seat.group.name.clone(),
                    starts_at: meeting.starts_at,
                    invite: invite.clone(),
                },
                link: link(seat.group.id),
            })
            .collect();
        notifications::tell(&txn, site, &recipients, notices).await?;
    }
    txn.commit().await?;
    get(db, actor, id).await
}

/// The meeting as a calendar file to import; 404 until one is set.
pub async fn calendar(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<String, AppError> {
    let seat = seat(db, actor, id).await?;
    let meeting = meeting_of(&seat.group).ok_or(AppError::NotFound)?;
    let names = names(db, &[seat.group.manager_id]).await?;
    let manager = person(seat.group.manager_id, &names);
    let title = format!("GRUS: {}", seat.group.name);
    let description = format!("{} – gruppeudviklingssamtale", seat.round.name);
    let revision = Revision {
        sequence: u32::try_from(seat.group.meeting_sequence).unwrap_or_default(),
        last_modified: seat.group.updated_at,
    };
    Ok(Invitation {
        uid: seat.group.id,
        title: &title,
        organiser: (&manager.name, None),
        attendees: &[],
        description: &description,
        meeting: &meeting,
        revision,
        method: Method::Publish,
    }
    .ics(seat.group.updated_at))
}

fn own_preparation(
    group: Uuid,
    member: &group_member::Model,
) -> Result<GroupPreparation, AppError> {
    Ok(GroupPreparation {
        group_conversation_id: group.into(),
        answers: serde_json::from_str(&member.answers)?,
        version: version(member.preparation_version),
        shared_at: member.shared_at,
        updated_at: member.preparation_updated_at,
        not_saved: Vec::new(),
    })
}

/// The caller's own preparation: participants only.
pub async fn preparation(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<GroupPreparation, AppError> {
    let seat = seat(db, actor, id).await?;
    match (&seat.member, seat.role) {
        (Some(member), GroupRole::Participant | GroupRole::FormerParticipant) => {
            own_preparation(seat.group.id, member)
        }
        _ => Err(AppError::NotFound),
    }
}

/// Saves the caller's own answers from the version read. Private until
/// shared; closed once the summary is signed.
pub async fn save_preparation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    write: &PreparationWrite,
) -> Result<GroupPreparation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    let member = participant(&seat)?;
    if seat.group.signed_at.is_some() {
        return Err(locked());
    }
    let form_id = seat
        .round
        .group_template_id
        .unwrap_or(seat.round.template_id);
    let content = super::forms::get(&txn, form_id.into()).await?.content;
    // An answer too long to save keeps the text saved before; the rest is
    // saved, as with an individual preparation.
    let not_saved = over_long_answers(&write.answers);
    let mut answers: BTreeMap<String, Answer> = write.answers.clone();
    if !not_saved.is_empty() {
        let before: BTreeMap<String, Answer> = serde_json::from_str(&member.answers)?;
        keep_earlier_answers(&mut answers, &before, &not_saved);
    }
    validate_answers(&content, Party::Employee, &answers).map_err(AppError::Validation)?;
    if write.version != version(member.preparation_version) {
        let current = own_preparation(seat.group.id, member)?;
        return Err(AppError::stale(
            format!(
                "the preparation is at version {}; your changes were not saved",
                current.version
            ),
            &current,
        ));
    }
    let now = Utc::now();
    let updated = group_member::Entity::update_many()
        .col_expr(
            group_member::Column::Answers,
            Expr::value(serde_json::to_string(&answers)?),
        )
        .col_expr(
            group_member::Column::PreparationVersion,
            Expr::value(member.preparation_version + 1),
        )
        .col_expr(group_member::Column::PreparationUpdatedAt, Expr::value(now))
        .filter(group_member::Column::Id.eq(member.id))
        .filter(group_member::Column::PreparationVersion.eq(member.preparation_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::conflict(
            ErrorCode::VersionConflict,
            "the preparation changed meanwhile; reload it",
        ));
    }
    let event = Event::new(
        actor.id,
        AuditAction::PreparationSaved,
        "group_conversation",
    )
    .about(actor.id)
    .on(seat.group.id);
    audit::record(&txn, event).await?;
    let saved = group_member::Entity::find_by_id(member.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(GroupPreparation {
        not_saved,
        ..own_preparation(seat.group.id, &saved)?
    })
}

fn participant(seat: &Seat) -> Result<&group_member::Model, AppError> {
    match (&seat.member, seat.role) {
        (Some(member), GroupRole::Participant) => Ok(member),
        (_, GroupRole::FormerParticipant) => {
            Err(AppError::Forbidden("you have left the group".into()))
        }
        _ => Err(AppError::NotFound),
    }
}

/// Shares the caller's preparation with the group; it cannot be unshared.
pub async fn share_preparation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<GroupPreparation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    let member = participant(&seat)?;
    if member.shared_at.is_none() {
        group_member::Entity::update_many()
            .col_expr(group_member::Column::SharedAt, Expr::value(Utc::now()))
            .filter(group_member::Column::Id.eq(member.id))
            .filter(group_member::Column::SharedAt.is_null())
            .exec(&txn)
            .await?;
        let event = Event::new(
            actor.id,
            AuditAction::PreparationShared,
            "group_conversation",
        )
        .about(actor.id)
        .on(seat.group.id);
        audit::record(&txn, event).await?;
    }
    let saved = group_member::Entity::find_by_id(member.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    own_preparation(seat.group.id, &saved)
}

async fn summary_view(db: &impl ConnectionTrait, seat: &Seat) -> Result<GroupSummary, AppError> {
    if !seat.reads_content() {
        return Err(AppError::NotFound);
    }
    let group = &seat.group;
    let members = members_of(db, group.id).await?;
    let mut people: Vec<Uuid> = members.iter().map(|m| m.user_id).collect();
    people.extend(group.signed_by);
    let names = names(db, &people).await?;
    let me = seat.member.as_ref().map(|m| m.user_id);
    Ok(GroupSummary {
        group_conversation_id: group.id.into(),
        version: version(group.summary_version),
        content: summary_content(group)?,
        signed_at: group.signed_at,
        signed_by: group.signed_by.map(|id| person(id, &names)),
        acknowledgements: members
            .iter()
            .filter_map(|m| {
                let at = m.acknowledged_at?;
                let sees_note = seat.role == GroupRole::Manager || me == Some(m.user_id);
                Some(Acknowledgement {
                    person: person(m.user_id, &names),
                    at,
                    disagreement: m.disagreement.clone().filter(|_| sees_note),
                    disagrees: m.disagreement.is_some(),
                })
            })
            .collect(),
        updated_at: group.summary_updated_at,
    })
}

/// The group summary: the group and the manager read it; a former
/// participant the one they acknowledged.
pub async fn summary(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: GroupConversationId,
) -> Result<GroupSummary, AppError> {
    let seat = seat(db, actor, id).await?;
    summary_view(db, &seat).await
}

/// The manager writes the summary once the meeting's day has come.
pub async fn save_summary(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    write: &GroupSummaryWrite,
) -> Result<GroupSummary, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    if !seat.reads_content() {
        return Err(AppError::NotFound);
    }
    seat.must_be_manager()?;
    if seat.group.signed_at.is_some() {
        return Err(locked());
    }
    not_before_meeting(&seat.group)?;
    write
        .content
        .validate(due_window(
            seat.round.meetings_from,
            seat.round.meetings_until,
        ))
        .map_err(AppError::Validation)?;
    if write.version != version(seat.group.summary_version) {
        let current = summary_view(&txn, &seat).await?;
        return Err(AppError::stale(
            format!(
                "the summary is at version {}; your changes were not saved",
                current.version
            ),
            &current,
        ));
    }
    let mut content = write.content.clone();
    for agreement in &mut content.agreements {
        agreement.id.get_or_insert_with(TeamAgreementId::new);
        agreement.title = agreement.title.trim().to_owned();
    }
    let now = Utc::now();
    let updated = group_conversation::Entity::update_many()
        .col_expr(
            group_conversation::Column::Summary,
            Expr::value(serde_json::to_string(&content)?),
        )
        .col_expr(
            group_conversation::Column::SummaryVersion,
            Expr::value(seat.group.summary_version + 1),
        )
        .col_expr(
            group_conversation::Column::SummaryUpdatedAt,
            Expr::value(now),
        )
        .col_expr(group_conversation::Column::UpdatedAt, Expr::value(now))
        .filter(group_conversation::Column::Id.eq(seat.group.id))
        .filter(group_conversation::Column::SummaryVersion.eq(seat.group.summary_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::conflict(
            ErrorCode::VersionConflict,
            "the summary changed meanwhile; reload it",
        ));
    }
    let event =
        Event::new(actor.id, AuditAction::SummaryEdited, "group_conversation").on(seat.group.id);
    audit::record(&txn, event).await?;
    let seat = Seat {
        group: group_conversation::Entity::find_by_id(seat.group.id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?,
        ..seat
    };
    let answer = summary_view(&txn, &seat).await?;
    txn.commit().await?;
    Ok(answer)
}

fn not_before_meeting(group: &group_conversation::Model) -> Result<(), AppError> {
    match meeting_of(group) {
        Some(meeting) if meeting.may_be_held_on(danish_date(Utc::now())) => Ok(()),
        Some(meeting) => {
            let from = meeting.held_from();
            Err(AppError::Problem(Box::new(Problem::too_early(
                "meeting_not_yet",
                from,
                format!("the meeting is on {from}; the summary is written from that day"),
            ))))
        }
        None => Err(AppError::wrong_state(
            "meeting_not_scheduled",
            "set the meeting first; the summary records it",
        )),
    }
}

/// The manager signs the version read: the summary locks, its team
/// agreements are followed up and check-ins are scheduled. A participant
/// acknowledges the signed summary, with a note if they disagree.
pub async fn sign(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    request: &GroupSignRequest,
) -> Result<GroupSummary, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    if !seat.reads_content() && seat.role != GroupRole::FormerParticipant {
        return Err(AppError::NotFound);
    }
    let stale = request.version != version(seat.group.summary_version);
    let wrong_state = AppError::wrong_state;
    let now = Utc::now();
    match seat.role {
        GroupRole::Manager => {
            if request.disagreement.is_some() {
                return Err(AppError::validation(
                    "disagreement",
                    "the manager signs what they wrote; only participants note disagreement",
                ));
            }
            if seat.group.signed_at.is_some() {
                return Err(wrong_state("already_signed", "the summary is signed"));
            }
            if seat.group.summary_version == 0 {
                return Err(wrong_state("nothing_to_sign", "write the summary first"));
            }
            if stale {
                return Err(wrong_state(
                    "stale_summary_version",
                    "the summary changed since you read it; read it again",
                ));
            }
            not_before_meeting(&seat.group)?;
            let content = summary_content(&seat.group)?;
            let signed = group_conversation::Entity::update_many()
                .col_expr(group_conversation::Column::SignedAt, Expr::value(now))
                .col_expr(
                    group_conversation::Column::SignedBy,
                    Expr::value(actor.id.0),
                )
                .col_expr(group_conversation::Column::UpdatedAt, Expr::value(now))
                .filter(group_conversation::Column::Id.eq(seat.group.id))
                .filter(group_conversation::Column::SignedAt.is_null())
                .filter(group_conversation::Column::SummaryVersion.eq(seat.group.summary_version))
                .exec(&txn)
                .await?;
            if signed.rows_affected == 0 {
                return Err(wrong_state(
                    "stale_summary_version",
                    "the summary changed since you read it; read it again",
                ));
            }
            let agreements: Vec<_> = content
                .agreements
                .iter()
                .map(|a| team_agreement::ActiveModel {
                    id: Set(a.id.unwrap_or_default().0),
                    group_id: Set(seat.group.id),
                    title: Set(a.title.clone()),
                    description: Set(a.description.clone()),
                    owner: Set(a.owner.as_str().to_owned()),
                    category: Set(a.category.as_str().to_owned()),
                    due_on: Set(a.due_on),
                    status: Set(AgreementStatus::Open.as_str().to_owned()),
                    note: Set(String::new()),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .collect();
            if !agreements.is_empty() {
                team_agreement::Entity::insert_many(agreements)
                    .exec(&txn)
                    .await?;
            }
            let check_ins: Vec<_> = check_in_schedule(danish_date(now))
                .into_iter()
                .map(|(months, due_on)| group_check_in::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    group_id: Set(seat.group.id),
                    months_after: Set(i32::try_from(months).unwrap_or(12)),
                    due_on: Set(due_on),
                    completed_at: Set(None),
                    completed_by: Set(None),
                    entries: Set("[]".into()),
                })
                .collect();
            group_check_in::Entity::insert_many(check_ins)
                .exec(&txn)
                .await?;
            let event = Event::new(actor.id, AuditAction::SummarySigned, "group_conversation")
                .on(seat.group.id);
            audit::record(&txn, event).await?;
        }
        GroupRole::Participant => {
            let member = participant(&seat)?;
            if seat.group.signed_at.is_none() {
                return Err(wrong_state(
                    "not_signed",
                    "the manager has not signed the summary yet",
                ));
            }
            if member.acknowledged_at.is_some() {
                return Err(wrong_state(
                    "already_signed",
                    "you have acknowledged the summary",
                ));
            }
            if stale {
                return Err(wrong_state(
                    "stale_summary_version",
                    "the summary changed since you read it; read it again",
                ));
            }
            let disagreement = match &request.disagreement {
                Some(note) => {
                    if !disagreement_fits(note) {
                        return Err(AppError::validation(
                            "disagreement",
                            format!("1 to {MAX_DISAGREEMENT_CHARS} characters"),
                        ));
                    }
                    Some(note.trim().to_owned())
                }
                None => None,
            };
            group_member::Entity::update_many()
                .col_expr(group_member::Column::AcknowledgedAt, Expr::value(now))
                .col_expr(
                    group_member::Column::Disagreement,
                    Expr::value(disagreement),
                )
                .filter(group_member::Column::Id.eq(member.id))
                .filter(group_member::Column::AcknowledgedAt.is_null())
                .exec(&txn)
                .await?;
            let event = Event::new(
                actor.id,
                AuditAction::SummaryAcknowledged,
                "group_conversation",
            )
            .about(actor.id)
            .on(seat.group.id);
            audit::record(&txn, event).await?;
        }
        GroupRole::FormerParticipant => {
            return Err(AppError::Forbidden("you have left the group".into()));
        }
        GroupRole::Administrator => return Err(AppError::NotFound),
    }
    let seat = Seat {
        group: group_conversation::Entity::find_by_id(seat.group.id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?,
        member: match &seat.member {
            Some(m) => group_member::Entity::find_by_id(m.id).one(&txn).await?,
            None => None,
        },
        ..seat
    };
    let answer = summary_view(&txn, &seat).await?;
    txn.commit().await?;
    Ok(answer)
}

/// The manager records a quarterly check-in on the team agreements.
pub async fn complete_check_in(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: GroupConversationId,
    check_in: CheckInId,
    completion: &GroupCheckInCompletion,
) -> Result<GroupCheckIn, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let seat = seat(&txn, actor, id).await?;
    if !seat.reads_content() {
        return Err(AppError::NotFound);
    }
    let row = group_check_in::Entity::find_by_id(check_in.0)
        .filter(group_check_in::Column::GroupId.eq(seat.group.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    seat.must_be_manager()?;
    if row.completed_at.is_some() {
        return Err(AppError::wrong_state(
            "check_in_completed",
            "this check-in is completed",
        ));
    }
    let today = danish_date(Utc::now());
    let opens = row
        .due_on
        .checked_sub_days(chrono::Days::new(
            mus_domain::agreements::CHECK_IN_OPENS_DAYS_BEFORE,
        ))
        .unwrap_or(row.due_on);
    if today < opens {
        return Err(AppError::Problem(Box::new(Problem::too_early(
            "check_in_not_open",
            opens,
            format!("the check-in opens on {opens}"),
        ))));
    }
    let agreements: HashMap<Uuid, team_agreement::Model> = team_agreement::Entity::find()
        .filter(team_agreement::Column::GroupId.eq(seat.group.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut errors = Vec::new();
    for (i, entry) in completion.entries.iter().enumerate() {
        if !agreements.contains_key(&entry.agreement_id.0) {
            errors.push(FieldError::new(
                format!("entries/{i}/agreement_id"),
                "not a team agreement of this group",
            ));
        }
        if let Err(message) = check_note(&entry.note) {
            errors.push(FieldError::new(format!("entries/{i}/note"), message));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = Utc::now();
    for entry in &completion.entries {
        let mut update = team_agreement::Entity::update_many()
            .col_expr(
                team_agreement::Column::Status,
                Expr::value(entry.status.as_str()),
            )
            .col_expr(team_agreement::Column::UpdatedAt, Expr::value(now));
        if !entry.note.trim().is_empty() {
            update = update.col_expr(team_agreement::Column::Note, Expr::value(entry.note.trim()));
        }
        update
            .filter(team_agreement::Column::Id.eq(entry.agreement_id.0))
            .exec(&txn)
            .await?;
    }
    let entries: Vec<TeamCheckInEntry> = completion.entries.clone();
    let mut model = row.into_active_model();
    model.completed_at = Set(Some(now));
    model.completed_by = Set(Some(actor.id.0));
    model.entries = Set(serde_json::to_string(&entries)?);
    let saved = model.update(&txn).await?;
    let event = Event::new(
        actor.id,
        AuditAction::CheckInCompleted,
        "group_conversation",
    )
    .on(seat.group.id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    check_in_to_domain(&saved)
}
