//! Group conversations (GRUS): the list of the groups one holds or is in,
//! and one group's page, from the members and each participant's private
//! preparation through the manager's agenda and the meeting to the group
//! summary, its acknowledgements and the quarterly check-ins on the team's
//! agreements. HR sees who is in a group and how far it has come, never
//! what anyone wrote.

mod agenda;
mod doc;
pub mod follow_up;
mod meeting;
mod members;
mod prepare;
mod summary;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_client::Client;
use mus_domain::{
    GroupConversation, GroupConversationId, GroupConversationRow, GroupPreparation, GroupRole,
    GroupStatus, GroupSummary, Me, Round, Template, UserId,
};

use crate::components::access::not_found;
use crate::components::load::{show_loaded, use_loader};
use crate::context::use_lang;
use crate::i18n::{Key, t};
use crate::{routing, time};
use texts::{Text, tx};

/// The group's status as a labelled badge.
#[component]
pub fn GroupStatusBadge(status: GroupStatus) -> impl IntoView {
    let lang = use_lang();
    let class = match status {
        GroupStatus::Preparing | GroupStatus::Scheduled => "badge badge-preparing",
        GroupStatus::Held => "badge badge-held",
        GroupStatus::Signed | GroupStatus::Acknowledged => "badge badge-signed",
    };
    view! {
        <span class=class data-testid="group-status" data-status=status.as_str()>
            {move || texts::status(lang.get(), status)}
        </span>
    }
}

/// One group in a list: its name, manager, status and meeting, and the way in.
#[component]
pub fn GroupItem(row: GroupConversationRow) -> impl IntoView {
    let lang = use_lang();
    let GroupConversationRow {
        id,
        round_name,
        name,
        manager,
        status,
        meeting_starts_at,
        members,
        acknowledged,
        ..
    } = row;
    view! {
        <li class="report-item" data-testid="group-item">
            <div class="item-head">
                <A href=routing::group(id) attr:class="report-name">{name}</A>
                <GroupStatusBadge status />
            </div>
            <p class="small muted">{round_name} " · " {manager.name}</p>
            <p class="small">
                {move || texts::members_count(lang.get(), members)}
                {matches!(status, GroupStatus::Signed | GroupStatus::Acknowledged)
                    .then(|| view! {
                        " · " {move || tx(lang.get(), Text::ColMembers)} " "
                        {move || texts::acknowledged_of(lang.get(), acknowledged, members)}
                    })}
            </p>
            <p class="small">
                {move || match meeting_starts_at {
                    Some(at) => time::moment(lang.get(), at),
                    None => t(lang.get(), Key::MeetingNotScheduled).to_owned(),
                }}
            </p>
        </li>
    }
}

/// A manager's group conversations and the team agreements still open.
#[component]
pub fn TeamGroupsCard(
    groups: Vec<GroupConversationRow>,
    agreements: Vec<mus_domain::TeamAgreement>,
) -> impl IntoView {
    let lang = use_lang();
    let no_agreements = agreements.is_empty();
    view! {
        <section class="card" aria-labelledby="team-groups-heading" data-testid="team-groups">
            <h2 id="team-groups-heading">{move || tx(lang.get(), Text::TeamGroupsHeading)}</h2>
            {groups.is_empty().then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoGroups)}</p> })}
            <ul class="plain-list report-list">
                {groups.into_iter().map(|row| view! { <GroupItem row /> }).collect_view()}
            </ul>
            <h3 class="subheading">{move || tx(lang.get(), Text::TeamAgreementsHeading)}</h3>
            {no_agreements.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoTeamAgreements)}</p> })}
            <ul class="plain-list" data-testid="team-agreements">
                {agreements
                    .into_iter()
                    .map(|agreement| view! { <li class="agreement-row"><follow_up::TeamAgreementLine agreement /></li> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::ListTitle));
    let data = use_loader(
        || (),
        |client, _me, ()| async move { client.group_conversations(None).await },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            </nav>
            <h1>{move || tx(lang.get(), Text::ListHeading)}</h1>
            <p class="lead">{move || tx(lang.get(), Text::ListIntro)}</p>
            {show_loaded(data, |_me, rows| view! { <GroupList rows /> })}
        </div>
    }
}

#[component]
fn GroupList(rows: Vec<GroupConversationRow>) -> impl IntoView {
    let lang = use_lang();
    let empty = rows.is_empty();
    view! {
        <section class="card" aria-label=move || tx(lang.get(), Text::ListHeading) data-testid="groups">
            {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoGroups)}</p> })}
            <ul class="plain-list report-list">
                {rows.into_iter().map(|row| view! { <GroupItem row /> }).collect_view()}
            </ul>
        </section>
    }
}

/// What the group's page loads: the group, its round (the meeting window),
/// and, for those who may read content, the form, one's own preparation
/// and the summary.
#[derive(Debug, Clone)]
struct GroupData {
    group: GroupConversation,
    round: Round,
    template: Option<Template>,
    preparation: Option<GroupPreparation>,
    summary: Option<GroupSummary>,
}

/// Whether `role` reads the summary at `status`: the manager from the
/// meeting's day, the members once the manager has signed.
fn reads_summary(role: GroupRole, status: GroupStatus) -> bool {
    match role {
        GroupRole::Manager => matches!(
            status,
            GroupStatus::Held | GroupStatus::Signed | GroupStatus::Acknowledged
        ),
        GroupRole::Participant | GroupRole::FormerParticipant => {
            matches!(status, GroupStatus::Signed | GroupStatus::Acknowledged)
        }
        GroupRole::Administrator => false,
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let params = use_params_map();
    let data = use_loader(
        move || {
            params.with(|p| {
                p.get("id")
                    .and_then(|id| id.parse::<GroupConversationId>().ok())
            })
        },
        |client, _me, id| async move {
            let group = client.group_conversation(id.ok_or_else(not_found)?).await?;
            let round = client.round(group.round_id).await?;
            let role = group.my_role;
            let template = if role == GroupRole::Administrator {
                None
            } else {
                Some(client.template(group.template_id).await?)
            };
            let preparation = if role == GroupRole::Participant {
                Some(client.group_preparation(group.id).await?)
            } else {
                None
            };
            let summary = if reads_summary(role, group.status) {
                Some(client.group_summary(group.id).await?)
            } else {
                None
            };
            Ok(GroupData {
                group,
                round,
                template,
                preparation,
                summary,
            })
        },
    );
    view! {
        <div class="page page-group stack">
            {show_loaded(data, |me, data| view! { <GroupView me data /> })}
        </div>
    }
}

/// What the parts of the group's page share. Every field is a handle, so it
/// is `Copy`.
#[derive(Clone, Copy)]
pub struct Ctx {
    id: GroupConversationId,
    me: UserId,
    role: GroupRole,
    group: RwSignal<GroupConversation>,
    summary: RwSignal<Option<GroupSummary>>,
    round: StoredValue<Round>,
    client: StoredValue<Client, LocalStorage>,
}

impl Ctx {
    fn is_manager(&self) -> bool {
        self.role == GroupRole::Manager
    }

    fn status(&self) -> GroupStatus {
        self.group.with(|g| g.status)
    }

    /// Reads the group (and the summary, where the caller reads it) again
    /// after something that moves it on.
    fn reload(&self) {
        let Ctx {
            id,
            role,
            group,
            summary,
            client,
            ..
        } = *self;
        let Some(client) = client.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = client.group_conversation(id).await {
                let status = fresh.status;
                let _ = group.try_set(fresh);
                if reads_summary(role, status)
                    && let Ok(read) = client.group_summary(id).await
                {
                    let _ = summary.try_set(Some(read));
                }
            }
        });
    }
}

#[component]
fn GroupView(me: Me, data: GroupData) -> impl IntoView {
    let lang = use_lang();
    let GroupData {
        group,
        round,
        template,
        preparation,
        summary,
    } = data;
    let role = group.my_role;
    let ctx = Ctx {
        id: group.id,
        me: me.id,
        role,
        group: RwSignal::new(group.clone()),
        summary: RwSignal::new(summary),
        round: StoredValue::new(round),
        client: StoredValue::new_local(crate::context::use_client()),
    };
    let GroupConversation {
        name,
        manager,
        round_name,
        ..
    } = group;
    let reads_content = role != GroupRole::Administrator;
    let before_meeting = matches!(
        group.status,
        GroupStatus::Preparing | GroupStatus::Scheduled
    );
    let back = if role == GroupRole::Administrator {
        (routing::ORGANISATION, Key::NavOrganisation)
    } else {
        (routing::HOME, Key::NavHome)
    };

    view! {
        <nav class="breadcrumbs no-print" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=back.0>{move || t(lang.get(), back.1)}</A>
            " › "
            <A href=routing::GROUPS>{move || tx(lang.get(), Text::ListHeading)}</A>
        </nav>
        <header class="page-head">
            <h1>{name}</h1>
            {move || view! { <GroupStatusBadge status=ctx.status() /> }}
        </header>
        <p class="lead">
            {move || texts::lead(lang.get(), &manager.name, &round_name)}
            {reads_content
                .then(|| {
                    view! {
                        <br />
                        <span class="small" data-testid="group-role">{move || texts::role(lang.get(), role)}</span>
                    }
                })}
        </p>
        {(!reads_content).then(|| view! { <p class="notice notice-info">{move || tx(lang.get(), Text::HrNoContent)}</p> })}
        <NextStep ctx />
        <div class="grid grid-even">
            <meeting::MeetingCard ctx />
            <members::MembersCard ctx />
        </div>
        // Once the meeting's day has come, the summary is what matters most;
        // the agenda and the preparations stay below as what was said.
        {(reads_content && !before_meeting).then(|| view! { <summary::SummaryCard ctx /> <follow_up::FollowUpCard ctx /> })}
        {reads_content.then(|| view! { <agenda::AgendaCard ctx /> })}
        {match (template, preparation) {
            (Some(template), Some(preparation)) => {
                view! { <prepare::PreparationCard ctx template=template.clone() preparation /> <prepare::SharedCard ctx template /> }
                    .into_any()
            }
            (Some(template), None) => view! { <prepare::SharedCard ctx template /> }.into_any(),
            _ => ().into_any(),
        }}
        {(reads_content && before_meeting).then(|| view! { <summary::SummaryCard ctx /> <follow_up::FollowUpCard ctx /> })}
    }
}

/// One line on what to do here now, for the caller's place in the group.
#[component]
fn NextStep(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let step = move || {
        let (status, shared, acknowledged) = ctx.group.with(|g| {
            let mine = g.members.iter().find(|m| m.person.id == ctx.me);
            (
                g.status,
                mine.is_some_and(|m| m.shared_at.is_some()),
                mine.is_some_and(|m| m.acknowledged_at.is_some()),
            )
        });
        let before = matches!(status, GroupStatus::Preparing | GroupStatus::Scheduled);
        match ctx.role {
            GroupRole::Administrator => Text::StepHr,
            GroupRole::FormerParticipant => Text::StepFormer,
            GroupRole::Manager if before => Text::StepManagerPrepare,
            GroupRole::Manager if status == GroupStatus::Held => Text::StepManagerSummary,
            GroupRole::Manager => Text::StepFollowUp,
            GroupRole::Participant if before && !shared => Text::StepPrepare,
            GroupRole::Participant if before => Text::StepShared,
            GroupRole::Participant if status == GroupStatus::Held => Text::StepWaitSummary,
            GroupRole::Participant if !acknowledged => Text::StepAcknowledge,
            GroupRole::Participant => Text::StepFollowUp,
        }
    };
    view! {
        <p class="notice notice-info next-step-line" data-testid="group-next-step">
            <strong>{move || tx(lang.get(), Text::WhatNow)} ": "</strong>
            {move || tx(lang.get(), step())}
        </p>
    }
}
