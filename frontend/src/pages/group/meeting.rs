//! The group's meeting: when and where, set by the manager inside the
//! round's window, and the calendar invitation for everyone.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_domain::{GroupRole, GroupStatus, Meeting};

use super::Ctx;
use super::texts::{Text, tx};
use crate::components::conversation::MeetingLine;
use crate::components::load::FailureNotice;
use crate::context::use_lang;
use crate::i18n::{self, Failure, Key, t};
use crate::{focus, time};

const LENGTHS: [u32; 7] = [30, 45, 60, 90, 120, 180, 240];

/// A refusal next to the field it is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FieldErrors {
    when: Option<String>,
    minutes: Option<String>,
    place: Option<String>,
    other: Option<Failure>,
}

#[component]
pub(super) fn MeetingCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let (from, until) = ctx
        .round
        .with_value(|r| (r.meetings_from, r.meetings_until));
    let has_meeting = Memo::new(move |_| ctx.group.with(|g| g.meeting.is_some()));
    // The manager may move the meeting until the summary is signed.
    let may_change = move || {
        ctx.is_manager()
            && !matches!(
                ctx.status(),
                GroupStatus::Signed | GroupStatus::Acknowledged
            )
    };
    let editing = RwSignal::new(ctx.is_manager() && !has_meeting.get_untracked());

    view! {
        <section class="card" aria-labelledby="group-meeting-heading" data-testid="group-meeting">
            <h2 id="group-meeting-heading">{move || tx(lang.get(), Text::MeetingHeading)}</h2>
            <p data-testid="meeting-summary">
                {move || view! { <MeetingLine meeting=ctx.group.with(|g| g.meeting.clone()) /> }}
            </p>
            {(!ctx.is_manager())
                .then(|| view! { <p class="small muted">{move || tx(lang.get(), Text::MeetingByManager)}</p> })}
            <Show when=move || has_meeting.get() && ctx.role != GroupRole::Administrator>
                <Invitation ctx />
            </Show>
            <Show when=move || may_change() && !editing.get()>
                <button
                    type="button"
                    class="button button-quiet"
                    id="move-group-meeting"
                    data-testid="move-meeting"
                    on:click=move |_| {
                        editing.set(true);
                        focus::focus_id("group-meeting-date");
                    }
                >
                    {move || t(lang.get(), Key::MoveMeeting)}
                </button>
            </Show>
            <Show when=move || may_change() && editing.get()>
                <MeetingForm ctx editing from until />
            </Show>
        </section>
    }
}

#[component]
fn MeetingForm(
    ctx: Ctx,
    editing: RwSignal<bool>,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> impl IntoView {
    let lang = use_lang();
    let (date0, time0, minutes0, place0) = ctx.group.with_untracked(|g| match &g.meeting {
        Some(m) => {
            let (d, t) = time::input_values(m.starts_at);
            (d, t, m.minutes, m.location.clone())
        }
        None => {
            let today = time::today();
            let day = if today >= from && today <= until {
                today
            } else {
                from
            };
            (day.to_string(), "10:00".to_owned(), 120, String::new())
        }
    });
    let had_meeting = ctx.group.with_untracked(|g| g.meeting.is_some());
    let date = RwSignal::new(date0);
    let clock = RwSignal::new(time0);
    let minutes = RwSignal::new(minutes0.to_string());
    let place = RwSignal::new(place0);
    let saving = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let Some(starts_at) =
            time::from_danish_input(&date.get_untracked(), &clock.get_untracked())
        else {
            let found = FieldErrors {
                when: Some(t(lang_now, Key::MeetingBadTime).to_owned()),
                ..FieldErrors::default()
            };
            focus_first(&found);
            errors.set(found);
            return;
        };
        let meeting = Meeting {
            starts_at,
            minutes: minutes.get_untracked().parse().unwrap_or(60),
            location: place.get_untracked().trim().to_owned(),
        };
        // The domain's rule, asked here so the refusal is next to its field.
        if let Err(fields) = meeting.validate(from, until) {
            let found = field_errors(lang_now, &fields, from, until);
            focus_first(&found);
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::default());
        saving.set(true);
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client.schedule_group_meeting(ctx.id, &meeting).await {
                Ok(group) => {
                    let _ = ctx.group.try_set(group);
                    let _ = editing.try_set(false);
                    focus::announce(t(lang.get_untracked(), Key::MeetingSaved));
                    focus::focus_id("move-group-meeting");
                }
                Err(error) => {
                    let fields = error
                        .problem()
                        .map(|p| p.errors.clone())
                        .unwrap_or_default();
                    let mut found = field_errors(lang.get_untracked(), &fields, from, until);
                    if found == FieldErrors::default() {
                        found.other = Some(Failure::from(error));
                    }
                    focus_first(&found);
                    let _ = errors.try_set(found);
                }
            }
            let _ = saving.try_set(false);
        });
    };

    let error_line = move |id: &'static str, pick: fn(&FieldErrors) -> Option<String>| {
        move || {
            errors
                .with(pick)
                .map(|message| view! { <p class="field-error" id=id>{message}</p> })
        }
    };
    let invalid = move |pick: fn(&FieldErrors) -> Option<String>| {
        move || errors.with(|e| pick(e).is_some()).to_string()
    };
    let described = move |id: &'static str, pick: fn(&FieldErrors) -> Option<String>| {
        move || errors.with(|e| pick(e).is_some()).then_some(id)
    };

    view! {
        <form class="form" on:submit=submit novalidate data-testid="group-meeting-form">
            <p class="small muted">{move || i18n::meeting_window_hint(lang.get(), from, until)}</p>
            <div class="field-row">
                <div class="field">
                    <label for="group-meeting-date">{move || t(lang.get(), Key::MeetingDate)}</label>
                    <input
                        id="group-meeting-date"
                        type="date"
                        required
                        min=from.to_string()
                        max=until.to_string()
                        aria-invalid=invalid(|e| e.when.clone())
                        aria-describedby=described("group-meeting-when-error", |e| e.when.clone())
                        prop:value=date.get_untracked()
                        on:input=move |e| date.set(event_target_value(&e))
                    />
                </div>
                <div class="field">
                    <label for="group-meeting-time">{move || t(lang.get(), Key::MeetingTime)}</label>
                    <input
                        id="group-meeting-time"
                        type="time"
                        required
                        step="300"
                        aria-invalid=invalid(|e| e.when.clone())
                        aria-describedby=described("group-meeting-when-error", |e| e.when.clone())
                        prop:value=clock.get_untracked()
                        on:input=move |e| clock.set(event_target_value(&e))
                    />
                </div>
                <div class="field">
                    <label for="group-meeting-length">{move || t(lang.get(), Key::MeetingLength)}</label>
                    <select
                        id="group-meeting-length"
                        aria-invalid=invalid(|e| e.minutes.clone())
                        aria-describedby=described("group-meeting-minutes-error", |e| e.minutes.clone())
                        on:change=move |e| minutes.set(event_target_value(&e))
                    >
                        {LENGTHS
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.to_string() selected=m.to_string() == minutes.get_untracked()>
                                        {move || i18n::minutes(lang.get(), m)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {error_line("group-meeting-minutes-error", |e| e.minutes.clone())}
                </div>
            </div>
            {error_line("group-meeting-when-error", |e| e.when.clone())}
            <div class="field">
                <label for="group-meeting-place">{move || t(lang.get(), Key::MeetingPlace)}</label>
                <input
                    id="group-meeting-place"
                    type="text"
                    required
                    maxlength="300"
                    autocomplete="off"
                    placeholder=move || t(lang.get(), Key::MeetingPlaceExample)
                    aria-invalid=invalid(|e| e.place.clone())
                    aria-describedby=described("group-meeting-place-error", |e| e.place.clone())
                    bind:value=place
                />
                {error_line("group-meeting-place-error", |e| e.place.clone())}
            </div>
            {move || errors.with(|e| e.other).map(|failure| view! { <FailureNotice failure /> })}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="save-group-meeting" disabled=move || saving.get()>
                    {move || t(lang.get(), Key::SaveMeeting)}
                </button>
                {had_meeting
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                on:click=move |_| {
                                    editing.set(false);
                                    focus::focus_id("move-group-meeting");
                                }
                            >
                                {move || t(lang.get(), Key::Cancel)}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

/// Each refused field's message, in the reader's language.
fn field_errors(
    lang: i18n::Lang,
    fields: &[mus_domain::FieldError],
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> FieldErrors {
    let mut found = FieldErrors::default();
    for field in fields {
        match field.field.as_str() {
            "starts_at" => found.when = Some(i18n::meeting_window_hint(lang, from, until)),
            "minutes" => found.minutes = Some(t(lang, Key::MeetingBadLength).to_owned()),
            "location" => found.place = Some(t(lang, Key::MeetingNeedsPlace).to_owned()),
            _ => {}
        }
    }
    found
}

fn focus_first(errors: &FieldErrors) {
    if errors.when.is_some() {
        focus::focus_id("group-meeting-date");
    } else if errors.minutes.is_some() {
        focus::focus_id("group-meeting-length");
    } else if errors.place.is_some() {
        focus::focus_id("group-meeting-place");
    }
}

/// Fetches the invitation with the session's token and hands it to the
/// browser as a file.
#[component]
fn Invitation(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client.group_meeting_invitation(ctx.id).await {
                Ok(ics) => {
                    if crate::download::save_file(
                        &ics,
                        "text/calendar;charset=utf-8",
                        "mus-gruppesamtale.ics",
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
            <button type="button" class="button button-quiet" data-testid="download-ics" disabled=move || busy.get() on:click=download>
                {move || t(lang.get(), Key::DownloadInvitation)}
            </button>
        </p>
        {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
    }
}
