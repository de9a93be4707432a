//! What MUS has told the signed-in person, which of it they also want by
//! e-mail, and for HR how mail is being delivered.

mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mus_domain::{
    DeadLetter, Deliveries, Language, MarkRead, MessageId, Notification, NotificationKind,
    NotificationList, NotificationSettings, Role,
};

use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_client, use_lang, use_unread};
use crate::focus::announce;
use crate::i18n::{Failure, Key, t};
use crate::{routing, time};
pub use texts::{Text, tx};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let data = use_loader(
        || (),
        |client, me, ()| async move {
            let list = client.notifications(None).await?;
            let settings = client.notification_settings().await?;
            let deliveries = match me.role {
                Role::HrAdmin => Some(client.deliveries().await?),
                _ => None,
            };
            Ok((list, settings, deliveries))
        },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            </nav>
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::Heading)}</h1>
            </header>
            <p class="lead">{move || tx(lang.get(), Text::Intro)}</p>
            {show_loaded(data, |_me, (list, settings, deliveries)| {
                view! {
                    <NotificationsList list />
                    <MailSettings settings />
                    {deliveries.map(|deliveries| view! { <Delivery deliveries /> })}
                }
            })}
        </div>
    }
}

#[component]
fn NotificationsList(list: NotificationList) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let unread = use_unread();
    unread.set(Some(list.unread));
    let rows = RwSignal::new(list.items);
    let next = RwSignal::new(list.next_cursor);
    let loading = RwSignal::new(false);
    let marking = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);

    let mark = move |which: MarkRead| {
        let client = client.get_value();
        spawn_local(async move {
            match client.mark_notifications_read(&which).await {
                Ok(now) => {
                    unread.set(Some(now.unread));
                    rows.update(|rows| {
                        for row in rows.iter_mut() {
                            if which.all || which.ids.contains(&row.id) {
                                row.read = true;
                            }
                        }
                    });
                    if which.all {
                        announce(tx(lang.get_untracked(), Text::AllRead));
                    }
                }
                Err(error) => failed.set(Some(Failure::from(error))),
            }
            marking.set(false);
        });
    };
    let mark_all = move |_| {
        if marking.get_untracked() {
            return;
        }
        marking.set(true);
        failed.set(None);
        mark(MarkRead {
            ids: Vec::new(),
            all: true,
        });
    };
    let older = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.notifications(Some(&cursor)).await {
                Ok(page) => {
                    rows.update(|rows| rows.extend(page.items));
                    next.set(page.next_cursor);
                }
                Err(error) => failed.set(Some(Failure::from(error))),
            }
            loading.set(false);
        });
    };

    view! {
        <section class="card stack" aria-labelledby="notifications-heading">
            <div class="card-head">
                <h2 id="notifications-heading" class="visually-hidden">{move || tx(lang.get(), Text::Heading)}</h2>
                <Show when=move || { unread.get().unwrap_or_default() > 0 }>
                    <button
                        type="button"
                        class="button button-quiet"
                        data-testid="mark-all-read"
                        disabled=move || marking.get()
                        on:click=mark_all
                    >
                        {move || tx(lang.get(), if marking.get() { Text::Marking } else { Text::MarkAllRead })}
                    </button>
                </Show>
            </div>
            <Show
                when=move || rows.with(|rows| !rows.is_empty())
                fallback=move || view! { <p class="muted" data-testid="notifications-empty">{move || tx(lang.get(), Text::NoneYet)}</p> }
            >
                <ul class="notification-list" data-testid="notifications">
                    <For
                        each=move || rows.get()
                        key=|row: &Notification| (row.id, row.read)
                        children=move |row: Notification| {
                            let id = row.id;
                            let read = row.read;
                            let at = row.created_at;
                            view! {
                                <li class="notification" class:unread=!read data-testid="notification">
                                    {(!read).then(|| view! { <span class="badge badge-new">{move || tx(lang.get(), Text::New)}</span> })}
                                    <A
                                        href=row.link.clone()
                                        on:click=move |_| {
                                            if !read {
                                                mark(MarkRead { ids: vec![id], all: false });
                                            }
                                        }
                                    >
                                        <span class="notification-title">{row.title.clone()}</span>
                                    </A>
                                    <span class="small muted">{move || time::moment(lang.get(), at)}</span>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="button button-quiet" disabled=move || loading.get() on:click=older>
                    {move || tx(lang.get(), if loading.get() { Text::LoadingOlder } else { Text::ShowOlder })}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn MailSettings(settings: NotificationSettings) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let chosen = RwSignal::new(settings);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        saved.set(false);
        failed.set(None);
        let client = client.get_value();
        let settings = chosen.get_untracked();
        spawn_local(async move {
            match client.set_notification_settings(&settings).await {
                Ok(stored) => {
                    chosen.set(stored);
                    saved.set(true);
                    announce(tx(lang.get_untracked(), Text::Saved));
                }
                Err(error) => failed.set(Some(Failure::from(error))),
            }
            saving.set(false);
        });
    };
    view! {
        <section class="card stack" aria-labelledby="mail-settings-heading">
            <h2 id="mail-settings-heading">{move || tx(lang.get(), Text::SettingsHeading)}</h2>
            <form class="stack" on:submit=save data-testid="mail-settings">
                <fieldset class="mail-kinds">
                    <legend>{move || tx(lang.get(), Text::SettingsIntro)}</legend>
                    {NotificationKind::ALL
                        .into_iter()
                        .filter(|kind| kind.may_be_turned_off())
                        .map(|kind| {
                            let id = format!("mail-{}", kind.as_str());
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        data-testid=id.clone()
                                        prop:checked=move || chosen.with(|s| s.mails(kind))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|s| s.set(kind, on));
                                            saved.set(false);
                                        }
                                    />
                                    <label for=id>{move || texts::kind_name(lang.get(), kind.as_str())}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="small muted">{move || tx(lang.get(), Text::AlwaysSent)}</p>
                <div class="field">
                    <label for="mail-language">{move || tx(lang.get(), Text::MailLanguage)}</label>
                    <select
                        id="mail-language"
                        data-testid="mail-language"
                        on:change=move |ev| {
                            let language = match event_target_value(&ev).as_str() {
                                "en" => Language::En,
                                _ => Language::Da,
                            };
                            chosen.update(|s| s.language = language);
                            saved.set(false);
                        }
                    >
                        <option value="da" selected=move || chosen.with(|s| s.language == Language::Da)>"Dansk"</option>
                        <option value="en" selected=move || chosen.with(|s| s.language == Language::En)>"English"</option>
                    </select>
                </div>
                {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
                <div class="actions">
                    <button type="submit" class="button button-primary" data-testid="save-mail-settings" disabled=move || saving.get()>
                        {move || tx(lang.get(), if saving.get() { Text::Saving } else { Text::Save })}
                    </button>
                    <Show when=move || saved.get()>
                        <span class="small" data-testid="mail-settings-saved">{move || tx(lang.get(), Text::Saved)}</span>
                    </Show>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Delivery(deliveries: Deliveries) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let dead = RwSignal::new(deliveries.dead_letters);
    let busy = RwSignal::new(None::<MessageId>);
    let failed = RwSignal::new(None::<Failure>);
    let kinds = deliveries.kinds;
    let retry = move |id: MessageId| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(id));
        failed.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.retry_delivery(id).await {
                Ok(()) => {
                    dead.update(|dead| dead.retain(|letter| letter.id != id));
                    announce(tx(lang.get_untracked(), Text::SentAgain));
                    crate::focus::focus_id("dead-letters-heading");
                }
                Err(error) => failed.set(Some(Failure::from(error))),
            }
            busy.set(None);
        });
    };
    let table = if kinds.is_empty() {
        view! { <p class="muted">{move || tx(lang.get(), Text::NothingSent)}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="delivery-heading">
                <table class="table" data-testid="delivery-table">
                    <caption class="visually-hidden">{move || tx(lang.get(), Text::DeliveryHeading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || tx(lang.get(), Text::Kind)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Sent)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Waiting)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Retrying)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Dead)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {kinds
                            .into_iter()
                            .map(|kind| {
                                let topic = kind.topic.clone();
                                let attention = kind.dead > 0;
                                view! {
                                    <tr>
                                        <th scope="row">{move || texts::kind_name(lang.get(), &topic)}</th>
                                        <td class="numeric">{kind.sent}</td>
                                        <td class="numeric">{kind.waiting}</td>
                                        <td class="numeric">{kind.retrying}</td>
                                        <td class="numeric" class:attention=attention>{kind.dead}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
            .into_any()
    };
    view! {
        <section class="card stack" aria-labelledby="delivery-heading" data-testid="delivery">
            <h2 id="delivery-heading">{move || tx(lang.get(), Text::DeliveryHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::DeliveryIntro)}</p>
            {table}
            <h3 id="dead-letters-heading" tabindex="-1">{move || tx(lang.get(), Text::DeadLettersHeading)}</h3>
            {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
            <Show
                when=move || dead.with(|dead| !dead.is_empty())
                fallback=move || view! { <p class="muted" data-testid="no-dead-letters">{move || tx(lang.get(), Text::NoDeadLetters)}</p> }
            >
                <ul class="dead-letters">
                    <For
                        each=move || dead.get()
                        key=|letter: &DeadLetter| letter.id
                        children=move |letter: DeadLetter| {
                            let id = letter.id;
                            let topic = letter.topic.clone();
                            let at = letter.dead_at;
                            view! {
                                <li class="dead-letter" data-testid="dead-letter">
                                    <div>
                                        <strong>{move || texts::kind_name(lang.get(), &topic)}</strong>
                                        <span class="small muted">
                                            " · " {move || tx(lang.get(), Text::DeadSince)} " " {move || time::moment(lang.get(), at)}
                                            " · " {move || tx(lang.get(), Text::Attempts)} ": " {letter.attempts}
                                        </span>
                                        {letter.last_error.clone().map(|error| view! {
                                            <p class="small"><span class="muted">{move || tx(lang.get(), Text::LastError)} ": "</span><code>{error}</code></p>
                                        })}
                                    </div>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        data-testid="retry-dead-letter"
                                        disabled=move || busy.get().is_some()
                                        on:click=move |_| retry(id)
                                    >
                                        {move || tx(lang.get(), Text::SendAgain)}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
        </section>
    }
}
