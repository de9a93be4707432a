//! The summary (referat): the manager writes it, the employee adds feedback,
//! both sign exactly one version, and a signed summary is locked until
//! someone amends it into a new version.
//!
//! Every keystroke is kept in the browser until the server has the text, as
//! on the preparation page; saving is explicit, because a save can void a
//! signature and the writer should decide when that happens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_client::ClientError;
use mus_domain::summary::{SummaryIssue, due_window};
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, Assessment, Conversation,
    ConversationStatus, ErrorCode, Me, Party, SeenNotAgreed, SeenNotAgreedComment, SignRequest,
    SignatureRecord, Summary, SummaryContent, SummaryVersionInfo, SummaryWrite,
};
use serde::{Deserialize, Serialize};

use super::texts::{self, Text, tx};
use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::conversation::StatusBadge;
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{self, Failure, Key, Lang, t};
use crate::{focus, routing, time};

mod agreements;
mod editor;
mod local;
mod signing;
mod versions;

use agreements::*;
use editor::*;
use signing::*;
use versions::*;

#[derive(Debug, Clone)]
struct SummaryData {
    conversation: Conversation,
    summary: Summary,
    versions: Vec<SummaryVersionInfo>,
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleSummary));
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            side_in(&conversation, &me)?;
            let summary = client.summary(conversation.id).await?;
            let versions = client.summary_versions(conversation.id).await?;
            Ok(SummaryData {
                conversation,
                summary,
                versions,
            })
        },
    );
    view! {
        <div class="page page-summary">
            {show_loaded(data, |me, data| view! { <SummaryView me data /> })}
        </div>
    }
}

/// Whether the summary can be written at all in this state.
#[component]
fn SummaryView(me: Me, data: SummaryData) -> impl IntoView {
    let lang = use_lang();
    let SummaryData {
        conversation,
        summary,
        versions,
    } = data;
    let side = conversation.side_of(me.id).unwrap_or(Party::Employee);
    let id = conversation.id;
    let round_name = conversation.round_name.clone();
    let conversation = RwSignal::new(conversation);
    let summary = RwSignal::new(summary);
    let versions = RwSignal::new(versions);
    let editor = Editor::new(&summary.get_untracked().content);
    let restored = RwSignal::new(false);

    // A text not yet on the server comes back from the browser's storage.
    if let Some(draft) = local::load(id, side)
        && summary.with_untracked(|s| s.version.get() == draft.version && !s.locked)
        && summary.with_untracked(|s| s.content != draft.content)
    {
        editor.load(&draft.content);
        restored.set(true);
    }

    let can_edit = Memo::new(move |_| {
        conversation.with(|c| c.status.summary_is_open()) && !summary.with(|s| s.locked)
    });
    let dirty = Memo::new(move |_| summary.with(|s| s.content != editor.content()));
    // Kept in the browser on every change while it differs from the server.
    Effect::new(move |_| {
        let content = editor.content();
        let (version, is_dirty) = summary.with(|s| (s.version.get(), s.content != content));
        if is_dirty && can_edit.get() {
            local::store(id, side, &local::Draft { version, content });
        } else {
            local::clear(id, side);
        }
    });

    let ctx = Ctx {
        id,
        side,
        conversation,
        summary,
        versions,
        editor,
        dirty,
        can_edit,
        client: StoredValue::new_local(use_client()),
    };
    let names = conversation.with_untracked(|c| (c.employee.name.clone(), c.manager.name.clone()));

    view! {
        <nav class="breadcrumbs no-print" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::conversation(id)>{round_name}</A>
        </nav>
        <header class="page-head no-print">
            <h1>{move || tx(lang.get(), Text::SummaryHeading)}</h1>
            {move || view! { <StatusBadge status=conversation.with(|c| c.status) /> }}
        </header>
        <p class="lead no-print">
            {move || i18n::conversation_between(lang.get(), &names.0, &names.1)}
        </p>
        {move || {
            conversation
                .with(|c| c.status.is_before_meeting())
                .then(|| view! { <p class="notice">{move || tx(lang.get(), Text::NotYetHeld)}</p> })
        }}
        <Show when=move || restored.get() && dirty.get()>
            <div class="notice notice-warning no-print" role="status" data-testid="draft-restored">
                <p>{move || tx(lang.get(), Text::DraftRestored)}</p>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| {
                        editor.load(&summary.get_untracked().content);
                        restored.set(false);
                    }
                >
                    {move || tx(lang.get(), Text::DiscardDraft)}
                </button>
            </div>
        </Show>
        <div class="summary-layout">
            <div class="stack">
                {move || {
                    if can_edit.get() {
                        view! { <SummaryEditor ctx /> }.into_any()
                    } else {
                        view! {
                            <Referat
                                conversation=conversation.get()
                                content=summary.with(|s| s.content.clone())
                                signatures=summary.with(|s| s.signatures.clone())
                                version=summary.with(|s| s.version.get())
                            />
                        }
                            .into_any()
                    }
                }}
            </div>
            <aside class="stack no-print">
                <SignCard ctx />
                <VersionsCard ctx />
            </aside>
        </div>
        // The clean referat for the printer, also while the page shows the editor.
        <Show when=move || can_edit.get()>
            <div class="print-only">
                {move || {
                    view! {
                        <Referat
                            conversation=conversation.get()
                            content=summary.with(|s| s.content.clone())
                            signatures=summary.with(|s| s.signatures.clone())
                            version=summary.with(|s| s.version.get())
                        />
                    }
                }}
            </div>
        </Show>
    }
}

/// What the parts of the page share. Every field is a handle, so it is `Copy`.
#[derive(Clone, Copy)]
struct Ctx {
    id: mus_domain::ConversationId,
    side: Party,
    conversation: RwSignal<Conversation>,
    summary: RwSignal<Summary>,
    versions: RwSignal<Vec<SummaryVersionInfo>>,
    editor: Editor,
    dirty: Memo<bool>,
    can_edit: Memo<bool>,
    client: StoredValue<mus_client::Client, LocalStorage>,
}

impl Ctx {
    /// Fetches the conversation's status and the version list again, after
    /// a change that may have moved them on.
    fn reload(&self) {
        let Ctx {
            id,
            conversation,
            versions,
            client,
            ..
        } = *self;
        // Called when a request comes back: the page may have been left.
        let Some(client) = client.try_get_value() else {
            return;
        };
        spawn_local(async move {
            if let Ok(fresh) = client.conversation(id).await {
                let _ = conversation.try_set(fresh);
            }
            if let Ok(list) = client.summary_versions(id).await {
                let _ = versions.try_set(list);
            }
        });
    }
}
