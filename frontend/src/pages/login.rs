//! Signing in with e-mail and password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use mus_domain::Email;

use crate::app::{use_client, use_document_title, use_lang};
use crate::i18n::{Failure, Key, t};
use crate::routing::safe_next;

#[component]
pub fn LoginPage() -> impl IntoView {
    use_document_title(Key::TitleLogin);
    let lang = use_lang();
    let client = use_client();
    let navigate = use_navigate();
    let query = use_query_map();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submitting = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        let (raw_email, secret) = (email.get_untracked(), password.get_untracked());
        if raw_email.trim().is_empty() || secret.is_empty() {
            error.set(Some(Key::LoginMissingFields));
            return;
        }
        // The server would only say "wrong e-mail or password"; a typo in the
        // address deserves a more useful hint before a round trip.
        let Ok(address) = Email::parse(&raw_email) else {
            error.set(Some(Key::LoginMalformedEmail));
            return;
        };
        let next = safe_next(query.get_untracked().get("next").as_deref());
        error.set(None);
        submitting.set(true);

        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match client.login(address.as_str(), &secret).await {
                // Replace the sign-in page in the history, so "back" does not
                // return to a form that no longer applies.
                Ok(_) => navigate(
                    &next,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                ),
                Err(failure) => {
                    // The page may have been left while waiting; then there is
                    // nobody to tell, and the signals are gone.
                    let _ = error.try_set(Some(Failure::from(failure).message_key()));
                    let _ = submitting.try_set(false);
                }
            }
        });
    };

    view! {
        <div class="page page-narrow">
            <section class="card" aria-labelledby="login-heading">
                <h1 id="login-heading">{move || t(lang.get(), Key::LoginHeading)}</h1>
                <p class="lead">{move || t(lang.get(), Key::LoginIntro)}</p>
                <form class="form" on:submit=submit novalidate>
                    <div class="field">
                        <label for="email">{move || t(lang.get(), Key::Email)}</label>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            inputmode="email"
                            autocapitalize="none"
                            spellcheck="false"
                            required
                            bind:value=email
                        />
                    </div>
                    <div class="field">
                        <label for="password">{move || t(lang.get(), Key::Password)}</label>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            bind:value=password
                        />
                    </div>
                    {move || {
                        error
                            .get()
                            .map(|key| {
                                view! {
                                    <p class="notice notice-error" role="alert">
                                        {move || t(lang.get(), key)}
                                    </p>
                                }
                            })
                    }}
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || submitting.get()
                        aria-busy=move || submitting.get().to_string()
                    >
                        {move || {
                            t(
                                lang.get(),
                                if submitting.get() { Key::LoginSubmitting } else { Key::LoginSubmit },
                            )
                        }}
                    </button>
                </form>
                <p class="small">
                    <a href="/forgot-password" data-testid="forgot-password">
                        {move || t(lang.get(), Key::ForgotPassword)}
                    </a>
                </p>
            </section>
        </div>
    }
}
