//! Small pieces shown wherever a conversation appears.

use leptos::prelude::*;
use mus_domain::{Conversation, ConversationStatus, Meeting};

use crate::context::use_lang;
use crate::i18n::{Key, status_key, t};
use crate::time;

/// The conversation's status as a labelled badge.
#[component]
pub fn StatusBadge(status: ConversationStatus) -> impl IntoView {
    let lang = use_lang();
    let class = format!("badge badge-{}", status.as_str().replace('_', "-"));
    view! {
        <span class=class data-testid="status" data-status=status.as_str()>
            {move || t(lang.get(), status_key(status))}
        </span>
    }
}

/// When and where the meeting is, or that it is not planned yet.
#[component]
pub fn MeetingLine(meeting: Option<Meeting>) -> impl IntoView {
    let lang = use_lang();
    match meeting {
        Some(meeting) => {
            let Meeting {
                starts_at,
                minutes,
                location,
            } = meeting;
            view! {
                <span data-testid="meeting-line">
                    {move || time::meeting_span(lang.get(), starts_at, minutes)} ", " {location}
                </span>
            }
            .into_any()
        }
        None => view! {
            <span class="muted" data-testid="meeting-line">
                {move || t(lang.get(), Key::MeetingNotScheduled)}
            </span>
        }
        .into_any(),
    }
}

/// Who has shared their preparation, in words.
#[component]
pub fn SharedLine(conversation: Conversation) -> impl IntoView {
    let lang = use_lang();
    let Conversation {
        employee,
        manager,
        employee_shared,
        manager_shared,
        ..
    } = conversation;
    let (employee, manager) = (employee.name, manager.name);
    view! {
        <span class="shared-line">
            <span class:done=employee_shared>
                {move || crate::i18n::shared_state(lang.get(), &employee, employee_shared)}
            </span>
            " · "
            <span class:done=manager_shared>
                {move || crate::i18n::shared_state(lang.get(), &manager, manager_shared)}
            </span>
        </span>
    }
}
