//! The signed-in person's start page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use mus_domain::Me;

use crate::app::{use_client, use_document_title, use_lang, use_session};
use crate::i18n::{Failure, Key, role_key, t, welcome_around_name};
use crate::routing::{full_path, login_href};

#[component]
pub fn HomePage() -> impl IntoView {
    use_document_title(Key::TitleHome);
    let lang = use_lang();
    let session = use_session();
    let client = use_client();
    let navigate = use_navigate();
    let location = use_location();

    // After a reload nothing is in memory; `me()` then resumes the session
    // from the refresh cookie, so this one request also decides whether the
    // person is signed in at all.
    let me = LocalResource::new(move || {
        let client = client.clone();
        async move { client.me().await.map_err(Failure::from) }
    });

    Effect::new(move |_| match me.get() {
        Some(Ok(me)) => session.set(Some(me)),
        Some(Err(Failure::SignedOut)) => {
            session.set(None);
            let here = full_path(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
                &location.hash.get_untracked(),
            );
            navigate(
                &login_href(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        _ => {}
    });

    // A retry keeps the error on screen until the answer arrives (that is
    // what Transition is for); this tells the retry button to show it is busy.
    let pending = RwSignal::new(false);

    let loading = move || {
        view! {
            <p class="status" role="status">
                {move || t(lang.get(), Key::Loading)}
            </p>
        }
    };

    view! {
        <div class="page">
            <Transition fallback=loading set_pending=pending>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(me) => view! { <Profile me /> }.into_any(),
                        Err(Failure::SignedOut) => {
                            view! {
                                <p class="status" role="status">
                                    {move || t(lang.get(), Key::Redirecting)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(failure) => {
                            view! { <LoadFailed failure pending on_retry=move || me.refetch() /> }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let lang = use_lang();
    let Me {
        email,
        name,
        role,
        manager,
        department,
        ..
    } = me;
    let manager = manager.map(|manager| {
        view! {
            <div class="detail">
                <dt>{move || t(lang.get(), Key::FieldManager)}</dt>
                <dd data-testid="me-manager">{manager.name}</dd>
            </div>
        }
    });
    let department = department.map(|department| {
        view! {
            <div class="detail">
                <dt>{move || t(lang.get(), Key::FieldDepartment)}</dt>
                <dd data-testid="me-department">{department.name}</dd>
            </div>
        }
    });

    view! {
        <h1 class="welcome">
            {move || welcome_around_name(lang.get()).0}
            <span data-testid="me-name">{name}</span>
            {move || welcome_around_name(lang.get()).1}
        </h1>
        <div class="grid">
            <section class="card" aria-labelledby="details-heading">
                <h2 id="details-heading">{move || t(lang.get(), Key::YourDetails)}</h2>
                <dl class="details">
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldEmail)}</dt>
                        <dd data-testid="me-email">{email.to_string()}</dd>
                    </div>
                    <div class="detail">
                        <dt>{move || t(lang.get(), Key::FieldRole)}</dt>
                        <dd data-testid="me-role">{move || t(lang.get(), role_key(role))}</dd>
                    </div>
                    {manager}
                    {department}
                </dl>
            </section>
            <section class="card" aria-labelledby="next-heading">
                <h2 id="next-heading">{move || t(lang.get(), Key::WhatComesNext)}</h2>
                <p>{move || t(lang.get(), Key::WhatComesNextBody)}</p>
            </section>
        </div>
    }
}

#[component]
fn LoadFailed(
    failure: Failure,
    pending: RwSignal<bool>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card card-message" aria-labelledby="failed-heading">
            <h1 id="failed-heading">{move || t(lang.get(), Key::LoadFailedHeading)}</h1>
            <p class="notice notice-error" role="alert">
                {move || t(lang.get(), failure.message_key())}
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || pending.get()
                    on:click=move |_| on_retry()
                >
                    {move || t(lang.get(), Key::TryAgain)}
                </button>
                <A href=crate::routing::LOGIN>{move || t(lang.get(), Key::GoToLogin)}</A>
            </div>
        </section>
    }
}
