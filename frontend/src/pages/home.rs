//! The signed-in person's start page: their own conversation, their
//! reports' conversations for a manager, and the rounds' progress for HR.

use leptos::prelude::*;
use leptos_router::components::A;
use mus_domain::{
    Conversation, Me, MyConversation, MyDashboard, Party, Role, Round, RoundProgress, TeamDashboard,
};

use crate::components::conversation::{MeetingLine, SharedLine, StatusBadge};
use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_document_title, use_lang};
use crate::i18n::{Key, deadline_text, role_key, signed_of, t, welcome_around_name};
use crate::next_step::Step;
use crate::pages::group::texts::{self as group_texts, Text as GroupText};
use crate::pages::group::{GroupItem, TeamGroupsCard};
use crate::pages::plan::texts::{self as plan_texts, Text as PlanText};
use crate::pages::record::follow_up::AgreementSummaryLine;
use crate::pages::record::texts::{self as record_texts, Text, tx};
use crate::{routing, time};

#[derive(Debug, Clone)]
struct HomeData {
    conversations: Vec<Conversation>,
    /// Open agreements and the next check-in of one's own.
    mine: MyDashboard,
    /// For a manager: the team in the current round.
    team: Option<TeamDashboard>,
    /// For HR: every round with its progress.
    rounds: Vec<(Round, RoundProgress)>,
}

#[component]
pub fn HomePage() -> impl IntoView {
    use_document_title(Key::TitleHome);
    let data = use_loader(
        || (),
        |client, me, ()| async move {
            let conversations = client.conversations().await?;
            let mine = client.my_dashboard().await?;
            let team = if me.role == Role::Manager {
                Some(client.team_dashboard(None).await?)
            } else {
                None
            };
            let mut rounds = Vec::new();
            if me.role == Role::HrAdmin {
                for round in client.rounds().await? {
                    let progress = client.round_progress(round.id).await?;
                    rounds.push((round, progress));
                }
            }
            Ok(HomeData {
                conversations,
                mine,
                team,
                rounds,
            })
        },
    );

    view! {
        <div class="page">
            {show_loaded(data, |me, data| view! { <Home me data /> })}
        </div>
    }
}

#[component]
fn Home(me: Me, data: HomeData) -> impl IntoView {
    let lang = use_lang();
    let HomeData {
        conversations,
        mine,
        team,
        rounds,
    } = data;
    let (own, reports): (Vec<_>, Vec<_>) = conversations
        .into_iter()
        .partition(|c| c.side_of(me.id) == Some(Party::Employee));
    let is_manager = me.role == Role::Manager || !reports.is_empty();
    let is_hr = me.role == Role::HrAdmin;
    let name = me.name.clone();

    view! {
        <h1 class="welcome">
            {move || welcome_around_name(lang.get()).0}
            <span data-testid="me-name">{name}</span>
            {move || welcome_around_name(lang.get()).1}
        </h1>
        <div class="grid">
            <div class="stack">
                <OwnConversations conversations=own mine=mine.conversation.clone() />
                {mine.group.clone().map(|row| view! { <OwnGroup row /> })}
                {team.map(|team| {
                    let groups = team.groups.clone();
                    let agreements = team.team_agreements.clone();
                    view! {
                        <TeamCard team />
                        {(!groups.is_empty() || !agreements.is_empty())
                            .then(|| view! { <TeamGroupsCard groups agreements /> })}
                    }
                })}
                {is_manager.then(|| view! { <ReportConversations conversations=reports /> })}
                {is_hr.then(|| view! { <Rounds rounds /> })}
            </div>
            <div class="stack">
                <PlanCard step=mine.plan_next_step.clone() />
                <FollowUpCard mine />
                <Profile me />
            </div>
        </div>
    }
}

#[component]
fn OwnConversations(
    conversations: Vec<Conversation>,
    /// The current conversation as the server sees it, with its step.
    mine: Option<MyConversation>,
) -> impl IntoView {
    let lang = use_lang();
    let empty = conversations.is_empty();
    view! {
        <section class="card" aria-labelledby="own-heading" data-testid="own-conversations">
            <h2 id="own-heading">{move || t(lang.get(), Key::YourConversation)}</h2>
            {empty
                .then(|| {
                    view! { <p class="muted">{move || t(lang.get(), Key::NoOwnConversation)}</p> }
                })}
            <ul class="plain-list">
                {conversations
                    .into_iter()
                    .map(|conversation| {
                        // The server's word on the current one: it knows the
                        // preparation's progress and the signatures.
                        let step = match &mine {
                            Some(mine) if mine.id == conversation.id => Step::mine(mine),
                            _ => Step::of(&conversation, Party::Employee),
                        };
                        view! { <OwnConversation conversation step /> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn OwnConversation(conversation: Conversation, step: Step) -> impl IntoView {
    let lang = use_lang();
    let href = step.href(conversation.id);
    let overview = routing::conversation(conversation.id);
    let deadline = conversation.preparation_deadline;
    let manager = conversation.manager.name.clone();
    view! {
        <li class="conversation-item" data-testid="conversation">
            <div class="item-head">
                <h3>{conversation.round_name.clone()}</h3>
                <StatusBadge status=conversation.status />
            </div>
            <dl class="facts">
                <div>
                    <dt>{move || t(lang.get(), Key::FieldManager)}</dt>
                    <dd>{manager}</dd>
                </div>
                <div>
                    <dt>{move || t(lang.get(), Key::FieldPreparationDeadline)}</dt>
                    <dd>{move || deadline_text(lang.get(), deadline)}</dd>
                </div>
                <div>
                    <dt>{move || t(lang.get(), Key::FieldMeeting)}</dt>
                    <dd>
                        <MeetingLine meeting=conversation.meeting.clone() />
                    </dd>
                </div>
            </dl>
            <div class="actions">
                <A href=href attr:class="button button-primary" attr:data-testid="next-step">
                    {move || t(lang.get(), step.label())}
                </A>
                <A href=overview>{move || t(lang.get(), Key::OpenConversation)}</A>
            </div>
        </li>
    }
}

/// A manager's reports, those waiting for the manager first; then the
/// newest round, then by name in Danish order.
#[component]
fn ReportConversations(mut conversations: Vec<Conversation>) -> impl IntoView {
    let lang = use_lang();
    let empty = conversations.is_empty();
    conversations.sort_by(|a, b| {
        // Among meetings to wait for, those without a time first.
        let urgency =
            |c: &Conversation| (Step::of(c, Party::Manager).urgency(), c.meeting.is_some());
        urgency(a)
            .cmp(&urgency(b))
            .then_with(|| b.meetings_from.cmp(&a.meetings_from))
            .then_with(|| mus_domain::danish_order(&a.employee.name, &b.employee.name))
    });
    view! {
        <section class="card" aria-labelledby="reports-heading" data-testid="report-conversations">
            <h2 id="reports-heading">{move || t(lang.get(), Key::ReportConversations)}</h2>
            {empty
                .then(|| {
                    view! { <p class="muted">{move || t(lang.get(), Key::NoReportConversations)}</p> }
                })}
            <ul class="plain-list report-list">
                {conversations
                    .into_iter()
                    .map(|conversation| view! { <ReportConversation conversation /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ReportConversation(conversation: Conversation) -> impl IntoView {
    let lang = use_lang();
    let step = Step::of(&conversation, Party::Manager);
    let href = step.href(conversation.id);
    let overview = routing::conversation(conversation.id);
    let name = conversation.employee.name.clone();
    view! {
        <li class="report-item" data-testid="report-conversation">
            <div class="item-head">
                <A href=overview attr:class="report-name">
                    {name}
                </A>
                <StatusBadge status=conversation.status />
            </div>
            <p class="small muted">{conversation.round_name.clone()}</p>
            <p class="small">
                <SharedLine conversation=conversation.clone() />
            </p>
            <p class="small">
                <MeetingLine meeting=conversation.meeting.clone() />
            </p>
            <A href=href attr:class="button button-quiet" attr:data-testid="next-step">
                {move || t(lang.get(), step.label())}
            </A>
        </li>
    }
}

#[component]
fn Rounds(rounds: Vec<(Round, RoundProgress)>) -> impl IntoView {
    let lang = use_lang();
    let empty = rounds.is_empty();
    view! {
        <section class="card" aria-labelledby="rounds-heading" data-testid="rounds">
            <h2 id="rounds-heading">{move || t(lang.get(), Key::RoundsHeading)}</h2>
            {empty.then(|| view! { <p class="muted">{move || t(lang.get(), Key::NoRounds)}</p> })}
            <ul class="plain-list">
                {rounds
                    .into_iter()
                    .map(|(round, progress)| view! { <RoundItem round progress /> })
                    .collect_view()}
            </ul>
            <p>
                <A
                    href=format!("{}#open-round", routing::ORGANISATION)
                    attr:class=if empty { "button button-primary" } else { "button button-quiet" }
                    attr:data-testid="open-round-link"
                >
                    {move || t(lang.get(), Key::OpenNewRound)}
                </A>
            </p>
        </section>
    }
}

#[component]
fn RoundItem(round: Round, progress: RoundProgress) -> impl IntoView {
    let lang = use_lang();
    let Round {
        name,
        preparation_deadline,
        meetings_from,
        meetings_until,
        ..
    } = round;
    let RoundProgress {
        total,
        signed,
        by_status,
        ..
    } = progress;
    let bar_id = format!("round-progress-{}", progress.round_id);
    let bar_label = bar_id.clone();
    let statuses = by_status
        .into_iter()
        .filter(|count| count.count > 0)
        .map(|count| {
            view! {
                <li>
                    <StatusBadge status=count.status />
                    " "
                    <span class="count">{count.count}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="round-item" data-testid="round">
            <h3>{name}</h3>
            <p class="small muted">
                {move || {
                    crate::i18n::round_dates(
                        lang.get(),
                        preparation_deadline,
                        meetings_from,
                        meetings_until,
                    )
                }}
            </p>
            <label class="small" for=bar_label data-testid="round-signed">
                {move || signed_of(lang.get(), signed, total)}
            </label>
            <progress id=bar_id max=total.max(1).to_string() value=signed.to_string()></progress>
            <ul class="status-counts" aria-label=move || t(lang.get(), Key::ByStatus)>
                {statuses}
            </ul>
        </li>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let lang = use_lang();
    let Me {
        email,
        role,
        manager,
        department,
        ..
    } = me;
    let manager = manager.map(|manager| {
        view! {
            <div class="detail">
                <dt>{move || t(lang.get(), Key::FieldManager)}</dt>
                <dd data-testid="me-manager">{manager.name}</dd>
            </div>
        }
    });
    let department = department.map(|department| {
        view! {
            <div class="detail">
                <dt>{move || t(lang.get(), Key::FieldDepartment)}</dt>
                <dd data-testid="me-department">{department.name}</dd>
            </div>
        }
    });

    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{move || t(lang.get(), Key::YourDetails)}</h2>
            <dl class="details">
                <div class="detail">
                    <dt>{move || t(lang.get(), Key::FieldEmail)}</dt>
                    <dd data-testid="me-email">{email.to_string()}</dd>
                </div>
                <div class="detail">
                    <dt>{move || t(lang.get(), Key::FieldRole)}</dt>
                    <dd data-testid="me-role">{move || t(lang.get(), role_key(role))}</dd>
                </div>
                {manager}
                {department}
            </dl>
        </section>
    }
}

/// One's open agreements (the first few) and the next quarterly check-in.
#[component]
fn FollowUpCard(mine: MyDashboard) -> impl IntoView {
    let lang = use_lang();
    let MyDashboard {
        open_agreements,
        next_check_in,
        ..
    } = mine;
    let none = open_agreements.is_empty();
    let more = open_agreements.len() > 5;
    let check_in = match next_check_in {
        Some(due) => {
            let href = routing::follow_up(due.conversation_id);
            view! {
                <p data-testid="next-check-in">
                    {move || time::date(lang.get(), due.due_on)}
                    {due
                        .overdue
                        .then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::CheckInOverdue)}</span> })}
                </p>
                <A href=href attr:class="button button-quiet">{move || tx(lang.get(), Text::OpenFollowUp)}</A>
            }
            .into_any()
        }
        None => view! { <p class="muted">{move || tx(lang.get(), Text::NoCheckInPlanned)}</p> }
            .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="open-agreements-heading" data-testid="my-agreements">
            <h2 id="open-agreements-heading">{move || tx(lang.get(), Text::OpenAgreementsHeading)}</h2>
            {none.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoOpenAgreements)}</p> })}
            <ul class="plain-list">
                {open_agreements
                    .into_iter()
                    .take(5)
                    .map(|agreement| view! { <li class="agreement-row"><AgreementSummaryLine agreement /></li> })
                    .collect_view()}
            </ul>
            {(!none || more)
                .then(|| view! { <A href=routing::AGREEMENTS>{move || tx(lang.get(), Text::SeeAllAgreements)}</A> })}
            <h2 class="subheading">{move || tx(lang.get(), Text::NextCheckInHeading)}</h2>
            {check_in}
        </section>
    }
}

/// The manager's team at a glance: completion, what is overdue, and the way
/// to the whole table.
#[component]
fn TeamCard(team: TeamDashboard) -> impl IntoView {
    let lang = use_lang();
    let completion = team.completion;
    let overdue: u32 = team.rows.iter().map(|r| r.overdue_agreements).sum();
    let wishes = team.course_wishes.len();
    let round = team.round.map(|r| r.name);
    view! {
        <section class="card" aria-labelledby="team-card-heading" data-testid="team-card">
            <h2 id="team-card-heading">{move || tx(lang.get(), Text::TeamHeading)}</h2>
            {round.map(|name| view! { <p class="small muted">{name}</p> })}
            // A round of group conversations only has no individual ones to
            // count: its progress is on the group's card.
            {(completion.conversations > 0 || team.groups.is_empty()).then(|| view! {
                <label for="team-card-progress" data-testid="team-card-completion">
                    {move || {
                        record_texts::completion_line(lang.get(), completion.signed, completion.held, completion.conversations)
                    }}
                </label>
                <progress
                    id="team-card-progress"
                    max=completion.conversations.max(1).to_string()
                    value=completion.signed.to_string()
                ></progress>
            })}
            <ul class="plain-list small">
                <li>{move || tx(lang.get(), Text::Overdue)} ": " <span data-testid="team-card-overdue">{overdue}</span></li>
                <li>{move || tx(lang.get(), Text::CourseWishes)} ": " {wishes}</li>
            </ul>
            <A href=routing::TEAM attr:class="button button-quiet" attr:data-testid="open-team">
                {move || tx(lang.get(), Text::TeamDashboardLink)}
            </A>
        </section>
    }
}

/// The group conversation (GRUS) one is in, and the way to it.
#[component]
fn OwnGroup(row: mus_domain::GroupConversationRow) -> impl IntoView {
    let lang = use_lang();
    let href = routing::group(row.id);
    view! {
        <section class="card" aria-labelledby="own-group-heading" data-testid="own-group">
            <h2 id="own-group-heading">{move || group_texts::tx(lang.get(), GroupText::HomeHeading)}</h2>
            <ul class="plain-list">
                <GroupItem row />
            </ul>
            <A href=href attr:class="button button-primary" attr:data-testid="open-group">
                {move || group_texts::tx(lang.get(), GroupText::OpenGroup)}
            </A>
        </section>
    }
}

/// What one's development plan asks next, and the way to the plan.
#[component]
fn PlanCard(step: Option<mus_domain::PlanStep>) -> impl IntoView {
    let lang = use_lang();
    let line = match step {
        Some(step) => {
            let overdue = step.overdue;
            view! {
                <p data-testid="plan-next-step">
                    {move || plan_texts::next_step_line(lang.get(), &step.title, step.due_on)}
                    {overdue.then(|| view! { " " <span class="badge badge-overdue">{move || plan_texts::tx(lang.get(), PlanText::Overdue)}</span> })}
                </p>
            }
            .into_any()
        }
        None => view! { <p class="muted" data-testid="plan-next-step">{move || plan_texts::tx(lang.get(), PlanText::HomeNothing)}</p> }
            .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="plan-card-heading" data-testid="plan-card">
            <h2 id="plan-card-heading">{move || plan_texts::tx(lang.get(), PlanText::HomeHeading)}</h2>
            <h3 class="subheading">{move || plan_texts::tx(lang.get(), PlanText::NextStepHeading)}</h3>
            {line}
            <A href=routing::PLAN attr:class="button button-quiet" attr:data-testid="open-plan">
                {move || plan_texts::tx(lang.get(), PlanText::HomeLink)}
            </A>
        </section>
    }
}
