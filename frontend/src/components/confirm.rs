//! A question asked in the page before an action that cannot be undone
//! (sharing a preparation, marking a meeting held, amending a signed
//! summary, revoking a token), with the keyboard rule of [`crate::focus`]:
//! it takes the focus when it opens, Escape or Cancel closes it and gives
//! the focus back to the button that opened it.

use leptos::prelude::*;

use crate::context::use_lang;
use crate::focus;
use crate::i18n::{Key, t};

/// Opens the confirmation and puts the focus on its confirm button.
pub fn ask(open: RwSignal<bool>, confirm_id: impl Into<String>) {
    open.set(true);
    focus::focus_id(confirm_id);
}

/// The confirmation itself; the caller draws the button that opens it
/// (with [`ask`]) while `open` is false.
#[component]
pub fn Confirm(
    open: RwSignal<bool>,
    /// The id of the text that asks the question: it names the group.
    #[prop(into)]
    question_id: String,
    /// The id of the button that opened it, to return to on cancel.
    #[prop(into)]
    return_to: String,
    /// The confirm button's id (which [`ask`] focuses) and test id.
    #[prop(into)]
    confirm_id: String,
    confirm_testid: &'static str,
    #[prop(into)] confirm_label: Signal<String>,
    /// While the action runs, the confirm button is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    /// An element that says more, read when the group takes the focus.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// Small buttons, for a row in a list.
    #[prop(optional)]
    small: bool,
    /// The confirm button warns: the action removes something.
    #[prop(optional)]
    danger: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let cancel = move || {
        open.set(false);
        focus::focus_id(return_to.clone());
    };
    let cancel_click = cancel.clone();
    let size = if small { " button-small" } else { "" };
    let kind = if danger {
        "button-danger"
    } else {
        "button-primary"
    };
    view! {
        <div
            class="confirm"
            role="group"
            aria-labelledby=question_id
            aria-describedby=described_by
            on:keydown=focus::on_escape(cancel)
        >
            {children()}
            <div class="actions">
                <button
                    type="button"
                    class=format!("button {kind}{size}")
                    id=confirm_id
                    data-testid=confirm_testid
                    disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {move || confirm_label.get()}
                </button>
                <button
                    type="button"
                    class=format!("button button-quiet{size}")
                    data-testid=format!("{confirm_testid}-cancel")
                    on:click=move |_| cancel_click()
                >
                    {move || t(lang.get(), Key::Cancel)}
                </button>
            </div>
        </div>
    }
}
