//! HR's integrations: the webhook endpoints other systems are told through,
//! with the secret shown once, a new secret on request, and each endpoint's
//! log of deliveries.

mod texts;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mus_client::ClientError;
use mus_domain::{
    DeliveryState, MessageId, NewWebhook, Webhook, WebhookDelivery, WebhookEvent, WebhookId,
    WebhookRule,
};

use crate::components::confirm::{Confirm, ask};
use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::focus::announce;
use crate::i18n::{Failure, Key, t};
use crate::{routing, time};
pub use texts::event_name;
use texts::{Text, state_name, tx};

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let data = use_loader(
        || (),
        |client, me, ()| async move {
            crate::components::access::hr_only(&me)?;
            client.webhooks().await
        },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
                " › "
                <A href=routing::ORGANISATION>{move || t(lang.get(), Key::NavOrganisation)}</A>
            </nav>
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::Heading)}</h1>
            </header>
            <p class="lead">{move || tx(lang.get(), Text::Intro)}</p>
            {show_loaded(data, |_me, hooks| view! { <Webhooks hooks /> })}
        </div>
    }
}

/// A refusal next to the field it is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct FieldErrors {
    url: Option<Text>,
    events: Option<Text>,
    description: Option<Text>,
}

impl FieldErrors {
    fn any(self) -> bool {
        self.url.is_some() || self.events.is_some() || self.description.is_some()
    }

    /// Each refusal next to its field, in the person's language.
    fn of_rules(rules: impl IntoIterator<Item = WebhookRule>) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for rule in rules {
            match rule {
                WebhookRule::Events => errors.events = Some(Text::EventsRequired),
                WebhookRule::Url => errors.url = Some(Text::UrlHttps),
                WebhookRule::Credentials => errors.url = Some(Text::UrlCredentials),
                WebhookRule::Private => errors.url = Some(Text::UrlPrivate),
                WebhookRule::UnknownHost => errors.url = Some(Text::UrlUnknownHost),
                WebhookRule::Description => errors.description = Some(Text::DescriptionTooLong),
            }
        }
        errors
    }

    /// What the server refused, read back as the domain's rules.
    fn of_problem(error: &ClientError) -> FieldErrors {
        let rules: Vec<WebhookRule> = error
            .problem()
            .map(|problem| problem.errors.iter().filter_map(WebhookRule::of).collect())
            .unwrap_or_default();
        FieldErrors::of_rules(rules)
    }
}

#[component]
fn Webhooks(hooks: Vec<Webhook>) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let hooks = RwSignal::new(hooks);
    let secret = RwSignal::new(None::<String>);
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<WebhookEvent>::new());
    let busy = RwSignal::new(false);
    let field_errors = RwSignal::new(FieldErrors::default());
    let failed = RwSignal::new(None::<Failure>);

    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let new = NewWebhook {
            url: url.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            events: chosen.get_untracked().into_iter().collect(),
        };
        failed.set(None);
        let known = FieldErrors::of_rules(new.check());
        field_errors.set(known);
        if known.any() {
            focus_first_error(known);
            return;
        }
        busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.create_webhook(&new).await {
                Ok(created) => {
                    hooks.update(|list| list.push(created.webhook));
                    secret.set(Some(created.secret));
                    url.set(String::new());
                    description.set(String::new());
                    chosen.set(BTreeSet::new());
                    // Shown once: the focus goes to it, so it is read out.
                    crate::focus::focus_id("secret-heading");
                }
                Err(error) => {
                    let errors = FieldErrors::of_problem(&error);
                    if errors.any() {
                        let _ = field_errors.try_set(errors);
                        focus_first_error(errors);
                    } else {
                        let _ = failed.try_set(Some(Failure::from(error)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let error_of = move |pick: fn(FieldErrors) -> Option<Text>| {
        move || {
            pick(field_errors.get())
                .map(|text| view! { <p class="field-error" role="alert">{move || tx(lang.get(), text)}</p> })
        }
    };
    let invalid = move |pick: fn(FieldErrors) -> Option<Text>| {
        move || pick(field_errors.get()).is_some().to_string()
    };

    view! {
        <Show when=move || secret.with(Option::is_some)>
            <section class="card card-alert" aria-labelledby="secret-heading" data-testid="webhook-secret-card">
                <h2 id="secret-heading" tabindex="-1">{move || tx(lang.get(), Text::SecretHeading)}</h2>
                <p>{move || tx(lang.get(), Text::SecretShownOnce)}</p>
                <p><code class="secret" data-testid="webhook-secret">{move || secret.get().unwrap_or_default()}</code></p>
            </section>
        </Show>
        <form class="card form" on:submit=create novalidate data-testid="create-webhook" aria-labelledby="add-webhook-heading">
            <h2 id="add-webhook-heading">{move || tx(lang.get(), Text::AddHeading)}</h2>
            <div class="field">
                <label for="webhook-url">{move || tx(lang.get(), Text::Url)}</label>
                <p class="small muted" id="webhook-url-hint">{move || tx(lang.get(), Text::UrlHint)}</p>
                <input
                    id="webhook-url"
                    type="url"
                    inputmode="url"
                    maxlength="500"
                    autocomplete="off"
                    placeholder="https://"
                    aria-describedby="webhook-url-hint"
                    aria-invalid=invalid(|e| e.url)
                    bind:value=url
                />
                {error_of(|e| e.url)}
            </div>
            <div class="field">
                <label for="webhook-description">{move || tx(lang.get(), Text::Description)}</label>
                <p class="small muted" id="webhook-description-hint">{move || tx(lang.get(), Text::DescriptionHint)}</p>
                <input
                    id="webhook-description"
                    type="text"
                    maxlength="200"
                    autocomplete="off"
                    aria-describedby="webhook-description-hint"
                    aria-invalid=invalid(|e| e.description)
                    bind:value=description
                />
                {error_of(|e| e.description)}
            </div>
            <fieldset class="field webhook-events" id="webhook-events" tabindex="-1" aria-invalid=invalid(|e| e.events)>
                <legend>{move || tx(lang.get(), Text::Events)}</legend>
                {WebhookEvent::ALL
                    .into_iter()
                    .map(|event| {
                        let id = format!("event-{}", event.as_str().replace('.', "-"));
                        view! {
                            <div class="checkbox">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&event))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        chosen.update(|c| {
                                            if on { c.insert(event); } else { c.remove(&event); }
                                        });
                                    }
                                />
                                <label for=id>{move || event_name(lang.get(), event)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                {error_of(|e| e.events)}
            </fieldset>
            {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="add-webhook" disabled=move || busy.get()>
                    {move || tx(lang.get(), if busy.get() { Text::Adding } else { Text::Add })}
                </button>
            </div>
        </form>
        <section class="card stack" aria-labelledby="webhooks-heading">
            <h2 id="webhooks-heading" tabindex="-1">{move || tx(lang.get(), Text::ListHeading)}</h2>
            {move || hooks.with(Vec::is_empty).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoneYet)}</p> })}
            <ul class="plain-list">
                <For
                    each=move || hooks.get()
                    key=|hook: &Webhook| (hook.id, hook.previous_secret_until)
                    children=move |hook: Webhook| view! { <WebhookRow hook hooks secret /> }
                />
            </ul>
        </section>
    }
}

fn focus_first_error(errors: FieldErrors) {
    let id = if errors.url.is_some() {
        "webhook-url"
    } else if errors.description.is_some() {
        "webhook-description"
    } else {
        "webhook-events"
    };
    crate::focus::focus_id(id);
}

#[component]
fn WebhookRow(
    hook: Webhook,
    hooks: RwSignal<Vec<Webhook>>,
    secret: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let id = hook.id;
    let rotating = RwSignal::new(false);
    let rotating_busy = RwSignal::new(false);
    let removing = RwSignal::new(false);
    let removing_busy = RwSignal::new(false);
    let showing = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let events = hook.events.clone();
    let previous_until = hook.previous_secret_until;

    let rotate = move || {
        rotating_busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.rotate_webhook_secret(id).await {
                Ok(rotated) => {
                    secret.set(Some(rotated.secret));
                    hooks.update(|list| {
                        if let Some(hook) = list.iter_mut().find(|h| h.id == id) {
                            *hook = rotated.webhook;
                        }
                    });
                    crate::focus::focus_id("secret-heading");
                }
                Err(error) => {
                    let _ = failed.try_set(Some(Failure::from(error)));
                    let _ = rotating_busy.try_set(false);
                }
            }
        });
    };
    let remove = move || {
        removing_busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.delete_webhook(id).await {
                Ok(()) => {
                    hooks.update(|list| list.retain(|h| h.id != id));
                    announce(tx(lang.get_untracked(), Text::Removed));
                    crate::focus::focus_id("webhooks-heading");
                }
                Err(error) => {
                    let _ = failed.try_set(Some(Failure::from(error)));
                    let _ = removing_busy.try_set(false);
                }
            }
        });
    };

    view! {
        <li class="agreement-row webhook-row" data-testid="webhook-row">
            <p><code class="webhook-url">{hook.url.clone()}</code></p>
            {(!hook.description.is_empty()).then(|| view! { <p><strong>{hook.description.clone()}</strong></p> })}
            <p class="small muted">
                {move || events.iter().map(|e| event_name(lang.get(), *e)).collect::<Vec<_>>().join(" · ")}
            </p>
            <p class="small muted">
                {move || tx(lang.get(), Text::Created)} " " {move || time::moment(lang.get(), hook.created_at)}
                {move || previous_until.map(|until| format!(" · {} {}", tx(lang.get(), Text::OldSecretUntil), time::moment(lang.get(), until)))}
            </p>
            {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
            <div class="actions">
                <button
                    type="button"
                    class="button button-quiet button-small"
                    aria-expanded=move || showing.get().to_string()
                    aria-controls=format!("deliveries-{id}")
                    data-testid="show-deliveries"
                    on:click=move |_| showing.update(|s| *s = !*s)
                >
                    {move || tx(lang.get(), if showing.get() { Text::HideDeliveries } else { Text::ShowDeliveries })}
                </button>
                <Show
                    when=move || rotating.get()
                    fallback=move || view! {
                        <button type="button" class="button button-quiet button-small" id=format!("rotate-{id}")
                            on:click=move |_| ask(rotating, format!("rotate-confirm-{id}"))>
                            {move || tx(lang.get(), Text::Rotate)}
                        </button>
                    }
                >
                    <Confirm
                        open=rotating
                        question_id=format!("rotate-question-{id}")
                        return_to=format!("rotate-{id}")
                        confirm_id=format!("rotate-confirm-{id}")
                        confirm_testid="rotate-confirm"
                        confirm_label=Signal::derive(move || tx(lang.get(), Text::RotateConfirm).to_owned())
                        busy=rotating_busy
                        on_confirm=Callback::new(move |()| rotate())
                        small=true
                    >
                        <p id=format!("rotate-question-{id}") class="small">{move || tx(lang.get(), Text::RotateQuestion)}</p>
                    </Confirm>
                </Show>
                <Show
                    when=move || removing.get()
                    fallback=move || view! {
                        <button type="button" class="button button-danger button-small" id=format!("remove-{id}")
                            on:click=move |_| ask(removing, format!("remove-confirm-{id}"))>
                            {move || tx(lang.get(), Text::Remove)}
                        </button>
                    }
                >
                    <Confirm
                        open=removing
                        question_id=format!("remove-question-{id}")
                        return_to=format!("remove-{id}")
                        confirm_id=format!("remove-confirm-{id}")
                        confirm_testid="remove-webhook-confirm"
                        confirm_label=Signal::derive(move || tx(lang.get(), Text::RemoveConfirm).to_owned())
                        busy=removing_busy
                        on_confirm=Callback::new(move |()| remove())
                        small=true
                        danger=true
                    >
                        <p id=format!("remove-question-{id}") class="small">{move || tx(lang.get(), Text::RemoveQuestion)}</p>
                    </Confirm>
                </Show>
            </div>
            <div id=format!("deliveries-{id}")>
                <Show when=move || showing.get()>
                    <Deliveries id />
                </Show>
            </div>
        </li>
    }
}

/// One endpoint's deliveries, newest first, a page at a time.
#[component]
fn Deliveries(id: WebhookId) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let items = RwSignal::new(Vec::<WebhookDelivery>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let failed = RwSignal::new(None::<Failure>);
    let retrying = RwSignal::new(None::<MessageId>);

    let load = move |cursor: Option<String>| {
        loading.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.webhook_deliveries(id, cursor.as_deref()).await {
                Ok(page) => {
                    let _ = items.try_update(|list| list.extend(page.items));
                    let _ = next.try_set(page.next_cursor);
                }
                Err(error) => {
                    let _ = failed.try_set(Some(Failure::from(error)));
                }
            }
            let _ = loading.try_set(false);
        });
    };
    load(None);
    let retry = move |message: MessageId| {
        if retrying.get_untracked().is_some() {
            return;
        }
        retrying.set(Some(message));
        let client = client.get_value();
        spawn_local(async move {
            match client.retry_delivery(message).await {
                Ok(()) => {
                    let _ = items.try_update(|list| {
                        if let Some(d) = list.iter_mut().find(|d| d.id == message) {
                            d.state = DeliveryState::Waiting;
                        }
                    });
                    announce(tx(lang.get_untracked(), Text::SentAgain));
                }
                Err(error) => {
                    let _ = failed.try_set(Some(Failure::from(error)));
                }
            }
            let _ = retrying.try_set(None);
        });
    };

    view! {
        <div class="stack" data-testid="webhook-deliveries">
            {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
            {move || (!loading.get() && items.with(Vec::is_empty)).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoDeliveries)}</p> })}
            <Show when=move || items.with(|list| !list.is_empty())>
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || tx(lang.get(), Text::ShowDeliveries)>
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{move || tx(lang.get(), Text::Event)}</th>
                                <th scope="col">{move || tx(lang.get(), Text::When)}</th>
                                <th scope="col">{move || tx(lang.get(), Text::State)}</th>
                                <th scope="col" class="numeric">{move || tx(lang.get(), Text::Attempts)}</th>
                                <th scope="col">{move || tx(lang.get(), Text::LastAnswer)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || items.get()
                                key=|d: &WebhookDelivery| (d.id, d.state, d.attempts)
                                children=move |d: WebhookDelivery| {
                                    let message = d.id;
                                    let dead = d.state == DeliveryState::Dead;
                                    view! {
                                        <tr data-testid="webhook-delivery">
                                            <th scope="row">{move || event_name(lang.get(), d.event)}</th>
                                            <td>{move || time::moment(lang.get(), d.created_at)}</td>
                                            <td class:attention=dead>{move || state_name(lang.get(), d.state)}</td>
                                            <td class="numeric">{d.attempts}</td>
                                            <td>
                                                {d.last_error.clone().map(|e| view! { <code class="small">{e}</code> })}
                                                {dead.then(|| view! {
                                                    <button type="button" class="button button-quiet button-small"
                                                        disabled=move || retrying.get().is_some()
                                                        on:click=move |_| retry(message)>
                                                        {move || tx(lang.get(), Text::SendAgain)}
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="button button-quiet button-small" disabled=move || loading.get()
                    on:click=move |_| load(next.get_untracked())>
                    {move || tx(lang.get(), Text::Older)}
                </button>
            </Show>
        </div>
    }
}
