//! The meeting: when and where, the calendar invitation, the agenda that
//! lays both shared preparations side by side, and marking it held.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_client::ClientError;
use mus_domain::{
    Agenda, AgendaItem, Answer, Answerer, Conversation, ConversationId, Me, Meeting, Party,
    QuestionKind, Template,
};

use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::confirm::{Confirm, ask};
use crate::components::conversation::{MeetingLine, StatusBadge};
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_document_title, use_lang};
use crate::focus;
use crate::i18n::{self, Failure, Key, t};
use crate::routing;
use crate::time;

#[derive(Debug, Clone)]
struct MeetingData {
    conversation: Conversation,
    agenda: Agenda,
    template: Template,
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    use_document_title(Key::TitleMeeting);
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            side_in(&conversation, &me)?;
            let agenda = client.agenda(conversation.id).await?;
            let template = client.template(conversation.template_id).await?;
            Ok(MeetingData {
                conversation,
                agenda,
                template,
            })
        },
    );
    view! {
        <div class="page">{show_loaded(data, |me, data| view! { <MeetingView me data /> })}</div>
    }
}

#[component]
fn MeetingView(me: Me, data: MeetingData) -> impl IntoView {
    let lang = use_lang();
    let MeetingData {
        conversation,
        agenda,
        template,
    } = data;
    let side = conversation.side_of(me.id).unwrap_or(Party::Employee);
    let id = conversation.id;
    let round_name = conversation.round_name.clone();
    let between = (
        conversation.employee.name.clone(),
        conversation.manager.name.clone(),
    );
    let conversation = RwSignal::new(conversation);

    view! {
        <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::conversation(id)>{round_name}</A>
        </nav>
        <header class="page-head">
            <h1>{move || t(lang.get(), Key::MeetingHeading)}</h1>
            {move || view! { <StatusBadge status=conversation.with(|c| c.status) /> }}
        </header>
        <p class="lead">{move || i18n::conversation_between(lang.get(), &between.0, &between.1)}</p>
        <div class="grid grid-even">
            <MeetingCard conversation />
            <HeldCard conversation side />
        </div>
        <AgendaView agenda template side conversation />
        {move || {
            conversation
                .with(|c| c.status.is_before_meeting())
                .then(|| {
                    view! {
                        <p>
                            <A href=routing::preparation(id)>
                                {move || t(lang.get(), Key::LinkPreparation)}
                            </A>
                        </p>
                    }
                })
        }}
    }
}

const LENGTHS: [u32; 6] = [30, 45, 60, 90, 120, 180];

#[component]
fn MeetingCard(conversation: RwSignal<Conversation>) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let id = conversation.with_untracked(|c| c.id);
    let (from, until) = conversation.with_untracked(|c| (c.meetings_from, c.meetings_until));
    let editing = RwSignal::new(conversation.with_untracked(|c| c.meeting.is_none()));

    let (date0, time0, minutes0, place0) = conversation.with_untracked(|c| match &c.meeting {
        Some(m) => {
            let (d, t) = time::input_values(m.starts_at);
            (d, t, m.minutes, m.location.clone())
        }
        None => (from.to_string(), "10:00".to_owned(), 60, String::new()),
    });
    let date = RwSignal::new(date0);
    let clock = RwSignal::new(time0);
    let minutes = RwSignal::new(minutes0.to_string());
    let place = RwSignal::new(place0);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let schedule_client = client.clone();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let Some(starts_at) =
            time::from_danish_input(&date.get_untracked(), &clock.get_untracked())
        else {
            error.set(Some(t(lang_now, Key::MeetingBadTime).to_owned()));
            focus::focus_id("meeting-date");
            return;
        };
        let location = place.get_untracked().trim().to_owned();
        if location.is_empty() {
            error.set(Some(t(lang_now, Key::MeetingNeedsPlace).to_owned()));
            focus::focus_id("meeting-place");
            return;
        }
        let meeting = Meeting {
            starts_at,
            minutes: minutes.get_untracked().parse().unwrap_or(60),
            location,
        };
        error.set(None);
        saving.set(true);
        let client = schedule_client.clone();
        spawn_local(async move {
            match client.schedule_meeting(id, &meeting).await {
                Ok(updated) => {
                    let _ = conversation.try_set(updated);
                    let _ = editing.try_set(false);
                    // The form is gone: say so, and go on to moving it again
                    // or, with nothing else to do here, the invitation.
                    focus::announce(t(lang.get_untracked(), Key::MeetingSaved));
                    focus::focus_id("move-meeting");
                }
                Err(failure) => {
                    let message = schedule_error(lang.get_untracked(), &failure, from, until);
                    let _ = error.try_set(Some(message));
                }
            }
            let _ = saving.try_set(false);
        });
    };

    let can_change = move || conversation.with(|c| c.status.is_before_meeting());
    let has_meeting = move || conversation.with(|c| c.meeting.is_some());

    // Cancelling: both get the calendar's cancellation; a new time may be
    // set afterwards.
    let cancelling = RwSignal::new(false);
    let cancel_busy = RwSignal::new(false);
    let cancel_client = client.clone();
    let cancel = Callback::new(move |()| {
        if cancel_busy.get_untracked() {
            return;
        }
        cancel_busy.set(true);
        let client = cancel_client.clone();
        spawn_local(async move {
            match client.cancel_meeting(id).await {
                Ok(updated) => {
                    let _ = conversation.try_set(updated);
                    let _ = cancelling.try_set(false);
                    let _ = editing.try_set(true);
                    focus::announce(t(lang.get_untracked(), Key::MeetingCancelled));
                    focus::focus_id("meeting-date");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(
                        t(lang.get_untracked(), Failure::from(failure).message_key()).to_owned(),
                    ));
                    focus::focus_id("cancel-meeting");
                }
            }
            let _ = cancel_busy.try_set(false);
        });
    });

    view! {
        <section class="card" aria-labelledby="when-heading" data-testid="meeting-card">
            <h2 id="when-heading">{move || t(lang.get(), Key::WhenAndWhere)}</h2>
            <p data-testid="meeting-summary">
                {move || view! { <MeetingLine meeting=conversation.with(|c| c.meeting.clone()) /> }}
            </p>
            <Show when=has_meeting>
                <Invitation id />
            </Show>
            <Show when=move || can_change() && !editing.get()>
                <button
                    type="button"
                    class="button button-quiet"
                    id="move-meeting"
                    data-testid="move-meeting"
                    on:click=move |_| {
                        editing.set(true);
                        focus::focus_id("meeting-date");
                    }
                >
                    {move || t(lang.get(), Key::MoveMeeting)}
                </button>
                <Show
                    when=move || cancelling.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="button button-quiet"
                            id="cancel-meeting"
                            data-testid="cancel-meeting"
                            on:click=move |_| ask(cancelling, "cancel-meeting-confirm")
                        >
                            {move || t(lang.get(), Key::CancelMeeting)}
                        </button>
                    }
                >
                    <Confirm
                        open=cancelling
                        question_id="cancel-meeting-question"
                        return_to="cancel-meeting"
                        confirm_id="cancel-meeting-confirm"
                        confirm_testid="cancel-meeting-confirm"
                        confirm_label=Signal::derive(move || t(lang.get(), Key::CancelMeetingConfirm).to_owned())
                        busy=cancel_busy
                        on_confirm=cancel
                    >
                        <p id="cancel-meeting-question">{move || t(lang.get(), Key::CancelMeetingQuestion)}</p>
                    </Confirm>
                </Show>
            </Show>
            <Show when=move || !editing.get()>
                {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            </Show>
            <Show when=move || can_change() && editing.get()>
                <form class="form" on:submit=submit.clone() novalidate data-testid="meeting-form">
                    <p class="small muted">
                        {move || i18n::meeting_window_hint(lang.get(), from, until)}
                    </p>
                    <div class="field-row">
                        <div class="field">
                            <label for="meeting-date">{move || t(lang.get(), Key::MeetingDate)}</label>
                            <input
                                id="meeting-date"
                                type="date"
                                required
                                min={from.to_string()}
                                max={until.to_string()}
                                prop:value=date.get_untracked()
                                on:input=move |e| date.set(event_target_value(&e))
                            />
                        </div>
                        <div class="field">
                            <label for="meeting-time">{move || t(lang.get(), Key::MeetingTime)}</label>
                            // Date and time fields are only read, never written back
                            // while someone types: writing a part-typed value
                            // resets the segment being typed.
                            <input
                                id="meeting-time"
                                type="time"
                                required
                                step="300"
                                prop:value=clock.get_untracked()
                                on:input=move |e| clock.set(event_target_value(&e))
                            />
                        </div>
                        <div class="field">
                            <label for="meeting-length">{move || t(lang.get(), Key::MeetingLength)}</label>
                            <select
                                id="meeting-length"
                                prop:value=move || minutes.get()
                                on:change=move |e| minutes.set(event_target_value(&e))
                            >
                                {LENGTHS
                                    .into_iter()
                                    .map(|m| {
                                        view! {
                                            <option
                                                value=m.to_string()
                                                selected={m.to_string() == minutes.get_untracked()}
                                            >
                                                {move || i18n::minutes(lang.get(), m)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="field">
                        <label for="meeting-place">{move || t(lang.get(), Key::MeetingPlace)}</label>
                        <input
                            id="meeting-place"
                            type="text"
                            required
                            maxlength="300"
                            autocomplete="off"
                            placeholder=move || t(lang.get(), Key::MeetingPlaceExample)
                            bind:value=place
                        />
                    </div>
                    {move || {
                        error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="notice notice-error" role="alert">
                                        {message}
                                    </p>
                                }
                            })
                    }}
                    <div class="actions">
                        <button
                            type="submit"
                            class="button button-primary"
                            data-testid="save-meeting"
                            disabled=move || saving.get()
                        >
                            {move || t(lang.get(), Key::SaveMeeting)}
                        </button>
                        <Show when=has_meeting>
                            <button
                                type="button"
                                class="button button-quiet"
                                on:click=move |_| {
                                    editing.set(false);
                                    focus::focus_id("move-meeting");
                                }
                            >
                                {move || t(lang.get(), Key::Cancel)}
                            </button>
                        </Show>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The message for a refused meeting: the fields the server named, or the
/// general message for the failure.
fn schedule_error(
    lang: i18n::Lang,
    error: &ClientError,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> String {
    if let ClientError::Api(problem) = error
        && !problem.errors.is_empty()
    {
        return problem
            .errors
            .iter()
            .map(|field| match field.field.as_str() {
                "starts_at" => i18n::meeting_window_hint(lang, from, until),
                "minutes" => t(lang, Key::MeetingBadLength).to_owned(),
                "location" => t(lang, Key::MeetingNeedsPlace).to_owned(),
                _ => t(lang, Key::ErrorInvalidInput).to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    t(lang, Failure::from(error).message_key()).to_owned()
}

/// Fetches the invitation with the session's token and hands it to the
/// browser as a file.
#[component]
fn Invitation(id: ConversationId) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.clone();
        spawn_local(async move {
            match client.meeting_invitation(id).await {
                Ok(ics) => {
                    if crate::download::save_file(
                        &ics,
                        "text/calendar;charset=utf-8",
                        "mus-samtale.ics",
                    )
                    .is_err()
                    {
                        let _ = error.try_set(Some(Failure::UnexpectedResponse));
                    }
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <p>
            <button
                type="button"
                class="button button-quiet"
                data-testid="download-ics"
                disabled=move || busy.get()
                on:click=download
            >
                {move || t(lang.get(), Key::DownloadInvitation)}
            </button>
        </p>
        {move || {
            error
                .get()
                .map(|failure| {
                    view! { <FailureNotice failure=failure /> }
                })
        }}
    }
}

/// Marking the meeting held (the manager), which closes preparation.
#[component]
fn HeldCard(conversation: RwSignal<Conversation>, side: Party) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let id = conversation.with_untracked(|c| c.id);

    let mark = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.clone();
        spawn_local(async move {
            match client.mark_held(id).await {
                Ok(updated) => {
                    let _ = conversation.try_set(updated);
                    let _ = confirming.try_set(false);
                    // The buttons are gone: the notice is read, and the
                    // focus is on the way on, the summary.
                    focus::announce(t(lang.get_untracked(), Key::HeldDone));
                    focus::focus_id("go-to-summary");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                    focus::focus_id("mark-held-confirm");
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let before = move || conversation.with(|c| c.status.is_before_meeting());
    let scheduled = move || conversation.with(|c| c.meeting.is_some());
    // The meeting's day, while it has not come: the rule is the server's
    // (`Meeting::may_be_held_on`), asked here so the button never offers
    // what the server would refuse.
    let not_before = move || {
        conversation.with(|c| {
            c.meeting
                .as_ref()
                .filter(|m| !m.may_be_held_on(crate::time::today()))
                .map(mus_domain::Meeting::held_from)
        })
    };

    view! {
        <section class="card" aria-labelledby="held-heading" data-testid="held-card">
            <h2 id="held-heading">{move || t(lang.get(), Key::HeldHeading)}</h2>
            {move || {
                if !before() {
                    // Where the conversation goes from here: the summary,
                    // as the notice says, or whatever step it has reached.
                    let step = conversation.with(|c| {
                        let step = crate::next_step::Step::of(c, side);
                        (step.label(), step.href(c.id))
                    });
                    let (label, href) = step;
                    view! {
                        <p class="notice notice-success" data-testid="held-notice">
                            {move || t(lang.get(), Key::HeldDone)}
                        </p>
                        <p>
                            <A href=href attr:id="go-to-summary" attr:class="button button-primary" attr:data-testid="go-to-summary">
                                {move || t(lang.get(), label)}
                            </A>
                        </p>
                    }
                        .into_any()
                } else if side == Party::Employee {
                    view! { <p class="muted">{move || t(lang.get(), Key::HeldByManager)}</p> }.into_any()
                } else if !scheduled() {
                    view! { <p class="muted">{move || t(lang.get(), Key::HeldNeedsMeeting)}</p> }
                        .into_any()
                } else if let Some(day) = not_before() {
                    view! {
                        <p class="muted" data-testid="held-not-yet">
                            {move || crate::i18n::held_from(lang.get(), day)}
                        </p>
                    }
                        .into_any()
                } else {
                    let mark = mark.clone();
                    view! {
                        <p>{move || t(lang.get(), Key::HeldExplain)}</p>
                        <Show
                            when=move || confirming.get()
                            fallback=move || {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-primary"
                                        id="mark-held"
                                        data-testid="mark-held"
                                        on:click=move |_| ask(confirming, "mark-held-confirm")
                                    >
                                        {move || t(lang.get(), Key::MarkHeld)}
                                    </button>
                                }
                            }
                        >
                            <Confirm
                                open=confirming
                                question_id="held-confirm"
                                return_to="mark-held"
                                confirm_id="mark-held-confirm"
                                confirm_testid="mark-held-confirm"
                                confirm_label=Signal::derive(move || t(lang.get(), Key::HeldConfirm).to_owned())
                                busy=busy
                                on_confirm=Callback::new({
                                    let mark = mark.clone();
                                    move |()| mark()
                                })
                            >
                                <p id="held-confirm">{move || t(lang.get(), Key::HeldConfirmQuestion)}</p>
                            </Confirm>
                        </Show>
                    }
                        .into_any()
                }
            }}
            {move || {
                error
                    .get()
                    .map(|failure| {
                        view! { <FailureNotice failure=failure /> }
                    })
            }}
        </section>
    }
}

/// Both preparations side by side, question by question, as far as each
/// was shared with the caller.
#[component]
fn AgendaView(
    agenda: Agenda,
    template: Template,
    side: Party,
    conversation: RwSignal<Conversation>,
) -> impl IntoView {
    let lang = use_lang();
    let (employee, manager) =
        conversation.with_untracked(|c| (c.employee.name.clone(), c.manager.name.clone()));
    let Agenda {
        employee_shared,
        manager_shared,
        sections,
        ..
    } = agenda;
    let kinds: std::collections::HashMap<String, QuestionKind> = template
        .content
        .sections
        .into_iter()
        .flat_map(|s| s.questions)
        .map(|q| (q.key, q.kind))
        .collect();
    let column = move |party: Party| {
        let (name, shared) = match party {
            Party::Employee => (employee.clone(), employee_shared),
            Party::Manager => (manager.clone(), manager_shared),
        };
        (name, shared, party == side)
    };
    let (employee_column, manager_column) = (column(Party::Employee), column(Party::Manager));
    let nothing_shared = !employee_shared && !manager_shared;

    let sections = sections
        .into_iter()
        .map(|section| {
            let items = section
                .items
                .into_iter()
                .map(|item| {
                    let kind = kinds.get(&item.key).cloned().unwrap_or(QuestionKind::Text);
                    view! {
                        <AgendaRow
                            item
                            kind
                            employee=employee_column.clone()
                            manager=manager_column.clone()
                        />
                    }
                })
                .collect_view();
            view! {
                <section class="agenda-section">
                    <h3>{section.title}</h3>
                    <ol class="plain-list">{items}</ol>
                </section>
            }
        })
        .collect_view();

    view! {
        <section class="card agenda" aria-labelledby="agenda-heading" data-testid="agenda">
            <h2 id="agenda-heading">{move || t(lang.get(), Key::AgendaHeading)}</h2>
            <p class="small muted">{move || t(lang.get(), Key::AgendaIntro)}</p>
            {nothing_shared
                .then(|| {
                    view! {
                        <p class="notice notice-info" data-testid="agenda-empty">
                            {move || t(lang.get(), Key::AgendaNothingShared)}
                        </p>
                    }
                })}
            {sections}
        </section>
    }
}

/// (name, shared, is the caller)
type Column = (String, bool, bool);

#[component]
fn AgendaRow(
    item: AgendaItem,
    kind: QuestionKind,
    employee: Column,
    manager: Column,
) -> impl IntoView {
    let AgendaItem {
        key,
        prompt,
        answered_by,
        employee: employee_answer,
        manager: manager_answer,
    } = item;
    let asked = |party: Party| match answered_by {
        Answerer::Both => true,
        Answerer::Employee => party == Party::Employee,
        Answerer::Manager => party == Party::Manager,
    };
    let cells = [
        (Party::Employee, employee, employee_answer),
        (Party::Manager, manager, manager_answer),
    ]
    .into_iter()
    .filter(|(party, ..)| asked(*party))
    .map(|(party, column, answer)| view! { <AgendaCell party column answer kind=kind.clone() /> })
    .collect_view();
    view! {
        <li class="agenda-item" data-question=key>
            <h4>{prompt}</h4>
            <div class="side-by-side">{cells}</div>
        </li>
    }
}

#[component]
fn AgendaCell(
    party: Party,
    column: Column,
    answer: Option<Answer>,
    kind: QuestionKind,
) -> impl IntoView {
    let lang = use_lang();
    let (name, shared, is_me) = column;
    let testid = format!("agenda-{party}");
    let body = move || {
        let lang = lang.get();
        match &answer {
            Some(answer) => {
                view! { <p class="answer">{i18n::answer_text(lang, &kind, Some(answer))}</p> }
                    .into_any()
            }
            None if !shared && !is_me => {
                view! { <p class="muted">{t(lang, Key::AgendaNotShared)}</p> }.into_any()
            }
            None => view! { <p class="muted">{t(lang, Key::AgendaUnanswered)}</p> }.into_any(),
        }
    };
    view! {
        <div class="agenda-cell" data-testid=testid>
            <p class="cell-head">
                <span class="cell-name">{name}</span>
                {(is_me && !shared)
                    .then(|| {
                        view! {
                            <span class="small muted">
                                " · " {move || t(lang.get(), Key::AgendaOnlyYou)}
                            </span>
                        }
                    })}
            </p>
            {body}
        </div>
    }
}
