//! One conversation at a glance: where it stands, between whom, when and
//! where they meet, and what to do next.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_domain::{Conversation, ConversationStatus, Me, Party};

use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::conversation::{MeetingLine, StatusBadge};
use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_document_title, use_lang};
use crate::i18n::{Key, deadline_text, meeting_window, shared_state, t};
use crate::next_step::Step;
use crate::pages::record::follow_up::PreviousAgreementsCard;
use crate::routing;

#[component]
pub fn ConversationPage() -> impl IntoView {
    use_document_title(Key::TitleConversation);
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            side_in(&conversation, &me)?;
            Ok(conversation)
        },
    );
    view! {
        <div class="page">
            {show_loaded(data, |me, conversation| view! { <Overview me conversation /> })}
        </div>
    }
}

#[component]
fn Overview(me: Me, conversation: Conversation) -> impl IntoView {
    let lang = use_lang();
    let side = conversation.side_of(me.id).unwrap_or(Party::Employee);
    let step = Step::of(&conversation, side);
    let step_href = step.href(conversation.id);
    let before_meeting = conversation.status.is_before_meeting();
    let Conversation {
        id,
        round_name,
        employee,
        manager,
        status,
        employee_shared,
        manager_shared,
        meeting,
        preparation_deadline,
        meetings_from,
        meetings_until,
        ..
    } = conversation;
    let (employee_name, manager_name) = (employee.name.clone(), manager.name.clone());

    view! {
        <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
        </nav>
        <header class="page-head">
            <h1>{round_name}</h1>
            <StatusBadge status />
        </header>
        <p class="lead">
            {move || crate::i18n::conversation_between(lang.get(), &employee.name, &manager.name)}
        </p>
        <div class="grid">
            <section class="card" aria-labelledby="facts-heading">
                <h2 id="facts-heading">{move || t(lang.get(), Key::AboutConversation)}</h2>
                <dl class="details">
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldEmployee)}</dt>
                        <dd data-testid="party-employee">{employee_name.clone()}</dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldManager)}</dt>
                        <dd data-testid="party-manager">{manager_name.clone()}</dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldPreparationDeadline)}</dt>
                        <dd>{move || deadline_text(lang.get(), preparation_deadline)}</dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldMeetingWindow)}</dt>
                        <dd>{move || meeting_window(lang.get(), meetings_from, meetings_until)}</dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldMeeting)}</dt>
                        <dd>
                            <MeetingLine meeting />
                        </dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldPreparations)}</dt>
                        <dd>
                            <ul class="plain-list">
                                <li>
                                    {move || shared_state(lang.get(), &employee_name, employee_shared)}
                                </li>
                                <li>
                                    {move || shared_state(lang.get(), &manager_name, manager_shared)}
                                </li>
                            </ul>
                        </dd>
                    </div>
                </dl>
            </section>
            <section class="card" aria-labelledby="next-heading">
                <h2 id="next-heading">{move || t(lang.get(), Key::WhatNow)}</h2>
                {step.step.is_some()
                    .then(|| {
                        view! {
                            <p>
                                <A
                                    href=step_href
                                    attr:class="button button-primary"
                                    attr:data-testid="next-step"
                                >
                                    {move || t(lang.get(), step.label())}
                                </A>
                            </p>
                        }
                    })}
                <ul class="link-list">
                    {before_meeting
                        .then(|| {
                            view! {
                                <li>
                                    <A href=routing::preparation(id)>
                                        {move || t(lang.get(), Key::LinkPreparation)}
                                    </A>
                                </li>
                            }
                        })}
                    <li>
                        <A href=routing::meeting(id)>{move || t(lang.get(), Key::LinkMeeting)}</A>
                    </li>
                    {(!before_meeting && status != ConversationStatus::Cancelled)
                        .then(|| {
                            view! {
                                <li>
                                    <A href=routing::summary(id)>{move || t(lang.get(), Key::LinkSummary)}</A>
                                </li>
                            }
                        })}
                    {(status == ConversationStatus::Signed)
                        .then(|| {
                            view! {
                                <li>
                                    <A href=routing::follow_up(id)>{move || t(lang.get(), Key::LinkFollowUp)}</A>
                                </li>
                            }
                        })}
                </ul>
                {(!before_meeting)
                    .then(|| view! { <p class="muted">{move || t(lang.get(), Key::AfterMeetingNote)}</p> })}
            </section>
        </div>
        {before_meeting.then(|| view! { <PreviousAgreementsCard id side /> })}
    }
}
