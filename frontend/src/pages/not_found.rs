//! Shown for any address that is not a page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::{use_document_title, use_lang};
use crate::i18n::{Key, t};
use crate::routing;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_document_title(Key::TitleNotFound);
    let lang = use_lang();
    view! {
        <div class="page page-narrow">
            <section class="card">
                <h1>{move || t(lang.get(), Key::NotFoundHeading)}</h1>
                <p>{move || t(lang.get(), Key::NotFoundBody)}</p>
                <p>
                    <A href=routing::HOME>{move || t(lang.get(), Key::BackToHome)}</A>
                </p>
            </section>
        </div>
    }
}
