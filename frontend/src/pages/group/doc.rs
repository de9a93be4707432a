//! The status line and the conflict choice of a document saved while it is
//! typed ([`crate::doc_autosave`]): the agenda and the group summary.

use leptos::prelude::*;
use mus_domain::meeting::copenhagen_local;

use super::texts::{self, Text, tx};
use crate::context::use_lang;
use crate::doc_autosave::DocState;
use crate::i18n::t;
use crate::{routing, time};

/// Where the text is: on the server, on its way, or kept in this browser.
#[component]
pub(super) fn DocStatus(
    state: RwSignal<DocState>,
    saved_at: RwSignal<Option<chrono::DateTime<chrono::Utc>>>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let lang = use_lang();
    let text = move || {
        let lang = lang.get();
        match state.get() {
            DocState::Saved => match saved_at.get() {
                Some(at) => texts::saved_at(lang, &time::clock(lang, copenhagen_local(at).time())),
                None => tx(lang, Text::SaveStateSaved).to_owned(),
            },
            DocState::Unsaved => tx(lang, Text::SaveUnsaved).to_owned(),
            DocState::Saving => tx(lang, Text::SaveSaving).to_owned(),
            DocState::Invalid => tx(lang, Text::SaveInvalid).to_owned(),
            DocState::Offline => tx(lang, Text::SaveOffline).to_owned(),
            DocState::Conflict => tx(lang, Text::SaveConflict).to_owned(),
            DocState::SignedOut => tx(lang, Text::SaveSignedOut).to_owned(),
            DocState::Closed => tx(lang, Text::SaveClosed).to_owned(),
            DocState::Failed(failure) => format!(
                "{} {}",
                tx(lang, Text::SaveFailed),
                t(lang, failure.message_key())
            ),
        }
    };
    let login = move || {
        (state.get() == DocState::SignedOut).then(|| {
            let here = window().location().pathname().unwrap_or_default();
            view! { <a href=routing::login_href(&here)>{move || t(lang.get(), crate::i18n::Key::GoToLogin)}</a> }
        })
    };
    view! {
        <p
            class="save-state"
            data-testid=testid
            data-state=move || state.get().name()
            role="status"
            aria-live="polite"
        >
            <span class="save-dot" aria-hidden="true"></span>
            {text}
        </p>
        {login}
    }
}

/// The text was saved elsewhere meanwhile: keep this one, or take that.
#[component]
pub(super) fn DocConflict(
    state: RwSignal<DocState>,
    /// What the server has, in words, if it reads as text.
    #[prop(optional, into)]
    theirs: Option<Signal<Option<String>>>,
    keep_mine: Callback<()>,
    keep_theirs: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || state.get() == DocState::Conflict>
            <div class="notice notice-warning" role="alert" data-testid="doc-conflict">
                <p>{move || tx(lang.get(), Text::SaveConflict)}</p>
                {theirs.map(|theirs| {
                    view! {
                        <p class="small"><strong>{move || tx(lang.get(), Text::ServerVersion)} ": "</strong></p>
                        <p class="answer prewrap">{move || theirs.get().unwrap_or_default()}</p>
                    }
                })}
                <div class="actions">
                    <button type="button" class="button button-primary" on:click=move |_| keep_mine.run(())>
                        {move || tx(lang.get(), Text::KeepMine)}
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| keep_theirs.run(())>
                        {move || tx(lang.get(), Text::KeepTheirs)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
