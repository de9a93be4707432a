//! Signing in: through the organisation (a link to its identity provider)
//! and with e-mail and password, as the server offers them.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use mus_domain::{AuthMethods, Email, SsoError};

use crate::context::{use_client, use_document_title, use_lang};
use crate::focus::focus_id;
use crate::i18n::{Failure, Key, sign_in_with, sso_error_key, t};
use crate::routing::{oidc_login_href, safe_next};

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
    // What the organisation's sign-in sent back, when it signed nobody in.
    let sso_error = move || {
        query
            .get()
            .get("sso_error")
            .as_deref()
            .and_then(SsoError::parse)
    };
    // Unknown until the server says; if it cannot, the password form is
    // offered, as it always was.
    let methods = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move {
                client.auth_methods().await.unwrap_or(AuthMethods {
                    password: true,
                    oidc: None,
                })
            }
        }
    });

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        let (raw_email, secret) = (email.get_untracked(), password.get_untracked());
        if raw_email.trim().is_empty() || secret.is_empty() {
            error.set(Some(Key::LoginMissingFields));
            focus_id(if raw_email.trim().is_empty() {
                "email"
            } else {
                "password"
            });
            return;
        }
        // The server would only say "wrong e-mail or password"; a typo in the
        // address deserves a more useful hint before a round trip.
        let Ok(address) = Email::parse(&raw_email) else {
            error.set(Some(Key::LoginMalformedEmail));
            focus_id("email");
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
                    // Wrong e-mail or password: ready to type the password again.
                    focus_id("password");
                }
            }
        });
    };

    let password_form = move || {
        view! {
            <form class="form" on:submit=submit.clone() novalidate>
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
                        aria-describedby=move || error.with(Option::is_some).then_some("login-error")
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
                        aria-describedby=move || error.with(Option::is_some).then_some("login-error")
                    />
                </div>
                {move || {
                    error
                        .get()
                        .map(|key| {
                            view! {
                                <p id="login-error" class="notice notice-error" role="alert">
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
            <p class="small sign-in-help">
                <a href="/forgot-password" data-testid="forgot-password">
                    {move || t(lang.get(), Key::ForgotPassword)}
                </a>
            </p>
        }
    };

    view! {
        <div class="page page-narrow">
            <section class="card" aria-labelledby="login-heading">
                <h1 id="login-heading">{move || t(lang.get(), Key::LoginHeading)}</h1>
                <p class="lead">{move || t(lang.get(), Key::LoginIntro)}</p>
                {move || {
                    sso_error()
                        .map(|sso| {
                            view! {
                                <p class="notice notice-error" role="alert" data-testid="sso-error">
                                    {move || t(lang.get(), sso_error_key(sso))}
                                </p>
                            }
                        })
                }}
                <Suspense fallback=move || {
                    view! { <p class="muted">{move || t(lang.get(), Key::Loading)}</p> }
                }>
                    {move || {
                        let password_form = password_form.clone();
                        methods
                            .get()
                            .map(|methods| {
                                let both = methods.password && methods.oidc.is_some();
                                let organisation = methods
                                    .oidc
                                    .map(|oidc| {
                                        let next = safe_next(
                                            query.get_untracked().get("next").as_deref(),
                                        );
                                        let href = oidc_login_href(&oidc.login_url, &next);
                                        let label = oidc.label;
                                        view! {
                                            <div class="sign-in-organisation">
                                                <a
                                                    class="button button-primary button-wide"
                                                    href=href
                                                    rel="external"
                                                    data-testid="sso-login"
                                                >
                                                    {move || sign_in_with(lang.get(), label.as_deref())}
                                                </a>
                                            </div>
                                        }
                                    });
                                view! {
                                    {organisation}
                                    {both
                                        .then(|| {
                                            view! {
                                                <p class="sign-in-divider">
                                                    <span>{move || t(lang.get(), Key::LoginOr)}</span>
                                                </p>
                                            }
                                        })}
                                    {methods.password.then(password_form)}
                                }
                            })
                    }}
                </Suspense>
            </section>
        </div>
    }
}
