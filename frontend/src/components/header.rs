//! The bar at the top of every page: product, navigation, who is signed in,
//! sign-out and the language switch.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::context::{choose_lang, use_client, use_lang, use_session, use_unread};
use crate::i18n::{Key, switch_language_label, t};
use crate::routing;
use mus_domain::Role;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();

    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href=routing::HOME attr:class="brand">
                    "MUS"
                </A>
                <Show when=move || session.with(Option::is_some)>
                    <nav class="main-nav" aria-label=move || t(lang.get(), Key::MainNavigation)>
                        {move || nav_links(session.get().map(|me| me.role))}
                    </nav>
                </Show>
                <div class="header-actions">
                    {move || {
                        session
                            .get()
                            .map(|me| {
                                // The name leads to what MUS holds about the
                                // person: their data, password and API tokens.
                                view! {
                                    <Bell />
                                    <A href=routing::MY_DATA attr:class="signed-in" attr:data-testid="signed-in">
                                        <span class="visually-hidden">
                                            {move || t(lang.get(), Key::SignedInAs)} " "
                                        </span>
                                        {me.name}
                                        <span class="visually-hidden">
                                            " · " {move || t(lang.get(), Key::NavMyData)}
                                        </span>
                                    </A>
                                    <LogoutButton />
                                }
                            })
                    }}
                    <LanguageSwitch />
                </div>
            </div>
        </header>
    }
}

/// The places a person in `role` goes to; HR has no team or agreements of
/// its own to follow, but the organisation and its people. One's own data
/// and API tokens are behind one's name, so the bar stays on one line.
fn nav_links(role: Option<Role>) -> impl IntoView {
    let lang = use_lang();
    let mut links = vec![(routing::HOME, Key::NavHome)];
    match role {
        Some(Role::HrAdmin) => {
            links.push((routing::ORGANISATION, Key::NavOrganisation));
            links.push((routing::PEOPLE, Key::NavPeople));
            links.push((routing::FORMS, Key::NavForms));
        }
        Some(Role::Manager) => {
            links.push((routing::TEAM, Key::NavTeam));
            links.push((routing::AGREEMENTS, Key::NavAgreements));
        }
        _ => links.push((routing::AGREEMENTS, Key::NavAgreements)),
    }
    links
        .into_iter()
        .map(|(href, key)| view! { <A href=href>{move || t(lang.get(), key)}</A> })
        .collect_view()
}

/// The way to one's notifications, with how many are unread. Asked again
/// on every page change, so a reminder that came meanwhile shows.
#[component]
fn Bell() -> impl IntoView {
    let lang = use_lang();
    let unread = use_unread();
    let client = StoredValue::new_local(use_client());
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        let client = client.get_value();
        spawn_local(async move {
            if let Ok(list) = client.notifications(None).await {
                unread.set(Some(list.unread));
            }
        });
    });
    let count = move || unread.get().unwrap_or_default();
    let label = move || {
        let lang = lang.get();
        match count() {
            0 => t(lang, Key::Notifications).to_owned(),
            n => format!(
                "{}, {n} {}",
                t(lang, Key::Notifications),
                t(lang, Key::UnreadWord)
            ),
        }
    };
    view! {
        <A href=routing::NOTIFICATIONS attr:class="bell" attr:data-testid="bell" attr:aria-label=label attr:title=label>
            <svg class="bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
                <path
                    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
                    fill="currentColor"
                />
            </svg>
            <Show when=move || { count() > 0 }>
                <span class="bell-count" data-testid="bell-count" aria-hidden="true">{count}</span>
            </Show>
        </A>
    }
}

/// Offers the other language, named in that language, so that someone who
/// cannot read the current one still recognises their own.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="button button-quiet lang-switch"
            data-testid="lang-switch"
            aria-label=move || switch_language_label(lang.get())
            lang=move || lang.get().other().code()
            on:click=move |_| choose_lang(lang, lang.get_untracked().other())
        >
            {move || lang.get().other().native_name()}
        </button>
    }
}

#[component]
fn LogoutButton() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let client = use_client();
    let navigate = use_navigate();
    let leaving = RwSignal::new(false);

    let logout = move |_| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            // The client forgets the session whatever the server answers; a
            // failed call only leaves the server-side session to expire, and
            // the person asked to leave, so they leave.
            if let Err(error) = client.logout().await {
                leptos::logging::warn!("sign-out did not reach the server: {error}");
            }
            // Nothing private stays in this browser for the next person.
            crate::drafts::forget_all();
            session.set(None);
            navigate(
                routing::LOGIN,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        });
    };

    view! {
        <button
            type="button"
            class="button button-quiet"
            data-testid="logout"
            disabled=move || leaving.get()
            on:click=logout
        >
            {move || t(lang.get(), if leaving.get() { Key::LoggingOut } else { Key::Logout })}
        </button>
    }
}
