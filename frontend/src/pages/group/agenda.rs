//! The manager's agenda for the meeting: written by the manager, saved
//! while typed, read by the whole group.

use leptos::prelude::*;
use mus_domain::group::{MAX_AGENDA_CHARS, agenda_fits};
use mus_domain::{GroupAgendaWrite, GroupStatus};

use super::Ctx;
use super::doc::{DocConflict, DocStatus};
use super::texts::{self, Text, tx};
use crate::context::use_lang;
use crate::doc_autosave::{DocOps, DocSaver, DocState, PREFIX, Saved};
use crate::time;

/// The agenda's length, as the API's schema has it.

#[component]
pub(super) fn AgendaCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    // The manager writes it until the summary is signed; then it is a record.
    let writes = Memo::new(move |_| {
        ctx.is_manager()
            && !matches!(
                ctx.status(),
                GroupStatus::Signed | GroupStatus::Acknowledged
            )
    });
    view! {
        <section class="card" aria-labelledby="agenda-heading" data-testid="group-agenda">
            <h2 id="agenda-heading">{move || tx(lang.get(), Text::AgendaHeading)}</h2>
            {move || if writes.get() {
                view! { <AgendaEditor ctx /> }.into_any()
            } else {
                view! {
                    <p class="small muted">{move || tx(lang.get(), Text::AgendaIntro)}</p>
                    {move || {
                        let agenda = ctx.group.with(|g| g.agenda.clone());
                        if agenda.trim().is_empty() {
                            view! { <p class="muted" data-testid="agenda-text">{move || tx(lang.get(), Text::AgendaEmpty)}</p> }.into_any()
                        } else {
                            view! { <p class="prewrap answer" data-testid="agenda-text">{agenda}</p> }.into_any()
                        }
                    }}
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn AgendaEditor(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let id = ctx.id;
    let (agenda, version) = ctx
        .group
        .with_untracked(|g| (g.agenda.clone(), g.agenda_version));
    let open = !matches!(
        ctx.group.with_untracked(|g| g.status),
        GroupStatus::Signed | GroupStatus::Acknowledged
    );
    let send_client = ctx.client.get_value();
    let load_client = ctx.client.get_value();
    let ops = DocOps {
        send: Box::new(move |version, text| {
            let client = send_client.clone();
            Box::pin(async move {
                client
                    .save_group_agenda(id, &GroupAgendaWrite { version, text })
                    .await
                    .map(|g| Saved {
                        version: g.agenda_version,
                        value: g.agenda,
                        at: Some(time::now()),
                    })
            })
        }),
        load: Box::new(move || {
            let client = load_client.clone();
            Box::pin(async move {
                client.group_conversation(id).await.map(|g| Saved {
                    version: g.agenda_version,
                    value: g.agenda,
                    at: None,
                })
            })
        }),
        valid: Box::new(|text: &String| agenda_fits(text)),
        merge: Box::new(|_, _| None),
        draft_key: format!("{PREFIX}{}.{id}.agenda", ctx.me),
    };
    let (saver, restored) = DocSaver::start(
        Saved {
            version,
            value: agenda.clone(),
            at: None,
        },
        ops,
        open,
    );
    let text = RwSignal::new(restored.unwrap_or(agenda));
    let (state, saved_at, theirs) = (saver.state, saver.saved_at, saver.theirs);
    let saver = StoredValue::new_local(saver);
    Effect::new(move |_| {
        let value = text.get();
        saver.with_value(|s| s.edit(value));
    });
    let too_long = move || state.get() == DocState::Invalid && text.with(|t| !agenda_fits(t));

    view! {
        <div class="field">
            <label for="group-agenda-text">{move || tx(lang.get(), Text::AgendaLabel)}</label>
            <p class="small muted" id="group-agenda-help">{move || tx(lang.get(), Text::AgendaHelp)}</p>
            <textarea
                id="group-agenda-text"
                rows="8"
                data-testid="agenda-editor"
                disabled=!open
                aria-describedby=move || {
                    if too_long() { "group-agenda-help group-agenda-error" } else { "group-agenda-help" }
                }
                aria-invalid=move || too_long().to_string()
                bind:value=text
            ></textarea>
            {move || {
                too_long()
                    .then(|| {
                        view! {
                            <p class="field-error" id="group-agenda-error">
                                {move || texts::too_long(lang.get(), MAX_AGENDA_CHARS)}
                            </p>
                        }
                    })
            }}
        </div>
        <DocStatus state saved_at testid="agenda-save-state" />
        <DocConflict
            state
            theirs=Signal::derive(move || theirs.get())
            keep_mine=Callback::new(move |()| saver.with_value(|s| s.keep_mine()))
            keep_theirs=Callback::new(move |()| {
                if let Some(value) = saver.with_value(|s| s.keep_theirs()) {
                    text.set(value);
                }
            })
        />
    }
}
