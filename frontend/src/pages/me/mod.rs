//! What concerns the signed-in person themself: who has read their
//! information, the export of everything MUS holds about them, their
//! password, and their personal API tokens.

mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mus_client::ClientError;
use mus_domain::{ApiToken, ApiTokenId, AuditEntry, Me, NewApiToken, Page, Role, TokenScope};

use crate::components::confirm::{Confirm, ask};
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, Lang, t};
use crate::{routing, time};
use texts::{Text, tx};

#[component]
pub fn MyDataPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleMyData));
    let data = use_loader(
        || (),
        |client, _me, ()| async move { client.access_log(None).await },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            </nav>
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::MyDataHeading)}</h1>
            </header>
            <p class="lead">{move || tx(lang.get(), Text::MyDataIntro)}</p>
            {show_loaded(data, |me, log| view! { <AccessLog me log /> <Export /> <PasswordForm /> <TokensLink /> })}
        </div>
    }
}

/// The way to one's API tokens, which live on a page of their own.
#[component]
fn TokensLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" aria-labelledby="tokens-link-heading">
            <h2 id="tokens-link-heading">{move || tx(lang.get(), Text::TokensHeading)}</h2>
            <p>{move || tx(lang.get(), Text::TokensIntro)}</p>
            <A href=routing::TOKENS attr:class="button button-quiet" attr:data-testid="tokens-link">
                {move || t(lang.get(), Key::NavTokens)}
            </A>
        </section>
    }
}

#[component]
fn AccessLog(me: Me, log: Page<AuditEntry>) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let empty = log.items.is_empty();
    let my_id = me.id;
    // The log is read a page at a time; older pages are added below, so
    // nothing is ever out of reach however long the log grows.
    let rows = RwSignal::new(log.items);
    let next = RwSignal::new(log.next_cursor);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let older = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.access_log(Some(&cursor)).await {
                Ok(page) => {
                    rows.update(|rows| rows.extend(page.items));
                    next.set(page.next_cursor);
                }
                Err(error) => {
                    let _ = failed.try_set(Some(Failure::from(error)));
                }
            }
            let _ = loading.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="access-heading" data-testid="access-log">
            <h2 id="access-heading">{move || tx(lang.get(), Text::AccessLogHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::AccessLogIntro)}</p>
            {if empty {
                view! { <p class="muted" data-testid="access-log-empty">{move || tx(lang.get(), Text::NoAccess)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="access-heading">
                        <table class="table">
                            <caption class="visually-hidden">{move || tx(lang.get(), Text::AccessLogHeading)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || tx(lang.get(), Text::When)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::Who)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::What)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::Whose)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || rows
                                    .get()
                                    .into_iter()
                                    .map(|entry| {
                                        let at = entry.at;
                                        let action = entry.action;
                                        let who = entry.actor.map(|p| p.name);
                                        let whose = entry
                                            .subject
                                            .filter(|p| p.id != my_id)
                                            .map(|p| p.name);
                                        view! {
                                            <tr data-testid="access-log-row">
                                                <td>{move || time::moment(lang.get(), at)}</td>
                                                <th scope="row">
                                                    {
                                                        let who = who.clone();
                                                        move || who.clone().unwrap_or_else(|| tx(lang.get(), Text::System).to_owned())
                                                    }
                                                </th>
                                                <td>{move || texts::action(lang.get(), action)}</td>
                                                <td>{whose.unwrap_or_else(|| "—".to_owned())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {move || failed.get().map(|failure| view! { <p class="notice notice-error" role="alert">{move || t(lang.get(), failure.message_key())}</p> })}
                    <Show when=move || next.with(Option::is_some)>
                        <button
                            type="button"
                            class="button button-quiet"
                            data-testid="access-log-older"
                            disabled=move || loading.get()
                            on:click=older
                        >
                            {move || tx(lang.get(), if loading.get() { Text::LoadingOlder } else { Text::ShowOlder })}
                        </button>
                    </Show>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn Export() -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<(), Failure>>);
    let export = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        result.set(None);
        let client = client.clone();
        spawn_local(async move {
            let outcome = match client.export_json().await {
                Ok(json) => {
                    let name = format!("mus-mine-data-{}.json", time::today());
                    crate::download::indented(&json)
                        .and_then(|json| {
                            crate::download::save_file(&json, "application/json", &name)
                        })
                        .map_err(|_| Failure::UnexpectedResponse)
                }
                Err(error) => Err(Failure::from(error)),
            };
            let _ = result.try_set(Some(outcome));
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="export-heading">
            <h2 id="export-heading">{move || tx(lang.get(), Text::ExportHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::ExportIntro)}</p>
            <button type="button" class="button button-primary" data-testid="export" disabled=move || busy.get() on:click=export>
                {move || tx(lang.get(), if busy.get() { Text::Exporting } else { Text::ExportButton })}
            </button>
            {move || {
                result
                    .get()
                    .map(|r| match r {
                        Ok(()) => view! { <p class="notice notice-success" role="status">{move || tx(lang.get(), Text::Exported)}</p> }.into_any(),
                        Err(f) => view! { <FailureNotice failure=f /> }.into_any(),
                    })
            }}
        </section>
    }
}

/// What went wrong with a password change, in words.
fn password_problem(lang: Lang, error: &ClientError) -> String {
    let field = |name: &str| {
        error
            .problem()
            .is_some_and(|p| p.errors.iter().any(|e| e.field == name))
    };
    let text = if field("current_password") {
        tx(lang, Text::WrongCurrentPassword)
    } else if field("new_password") {
        tx(lang, Text::PasswordSame)
    } else {
        t(lang, Failure::from(error).message_key())
    };
    text.to_owned()
}

#[component]
fn PasswordForm() -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let (old, fresh) = (current.get_untracked(), new.get_untracked());
        let refused = if !mus_domain::auth::password_fits(&fresh) {
            Some(Text::PasswordRules)
        } else if fresh != repeated.get_untracked() {
            Some(Text::PasswordsDiffer)
        } else {
            None
        };
        if let Some(text) = refused {
            outcome.set(Some(Err(tx(lang_now, text).to_owned())));
            return;
        }
        busy.set(true);
        outcome.set(None);
        let client = client.get_value();
        spawn_local(async move {
            let result = match client.change_password(&old, &fresh).await {
                Ok(_) => {
                    current.set(String::new());
                    new.set(String::new());
                    repeated.set(String::new());
                    Ok(())
                }
                Err(error) => Err(password_problem(lang_now, &error)),
            };
            let _ = outcome.try_set(Some(result));
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{move || tx(lang.get(), Text::PasswordHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::PasswordIntro)}</p>
            <form class="form" on:submit=submit novalidate data-testid="change-password">
                <div class="field">
                    <label for="password-current">{move || tx(lang.get(), Text::CurrentPassword)}</label>
                    <input id="password-current" type="password" autocomplete="current-password" required bind:value=current />
                </div>
                <div class="field">
                    <label for="password-new">{move || tx(lang.get(), Text::NewPassword)}</label>
                    <p id="password-rules" class="help">{move || tx(lang.get(), Text::PasswordRules)}</p>
                    <input id="password-new" type="password" autocomplete="new-password" required minlength="10" maxlength="256" aria-describedby="password-rules" bind:value=new />
                </div>
                <div class="field">
                    <label for="password-repeat">{move || tx(lang.get(), Text::RepeatPassword)}</label>
                    <input id="password-repeat" type="password" autocomplete="new-password" required maxlength="256" bind:value=repeated />
                </div>
                {move || outcome.get().map(|result| match result {
                    Ok(()) => view! { <p class="notice notice-success" role="status" data-testid="password-changed">{move || tx(lang.get(), Text::PasswordChanged)}</p> }.into_any(),
                    Err(message) => view! { <p class="notice notice-error" role="alert" data-testid="password-error">{message}</p> }.into_any(),
                })}
                <div class="actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tx(lang.get(), if busy.get() { Text::ChangingPassword } else { Text::ChangePassword })}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleTokens));
    let data = use_loader(
        || (),
        |client, _me, ()| async move { client.api_tokens().await },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
                " › "
                <A href=routing::MY_DATA>{move || t(lang.get(), Key::NavMyData)}</A>
            </nav>
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::TokensHeading)}</h1>
            </header>
            <p class="lead">{move || tx(lang.get(), Text::TokensIntro)}</p>
            {show_loaded(data, |me, tokens| view! { <Tokens tokens hr=me.role == Role::HrAdmin /> })}
        </div>
    }
}

#[component]
/// `hr`: the person may also make a token for user provisioning (SCIM).
fn Tokens(tokens: Vec<ApiToken>, hr: bool) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let tokens = RwSignal::new(tokens);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let days = RwSignal::new("365".to_owned());
    let secret = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let client = StoredValue::new_local(client);

    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let token_name = name.get_untracked().trim().to_owned();
        if token_name.is_empty() {
            error.set(Some(tx(lang_now, Text::NameRequired).to_owned()));
            return;
        }
        // SCIM stands alone; writing includes reading.
        let scopes = match scope.get_untracked() {
            TokenScope::Scim => vec![TokenScope::Scim],
            TokenScope::Write => vec![TokenScope::Read, TokenScope::Write],
            TokenScope::Read => vec![TokenScope::Read],
        };
        let new = NewApiToken {
            name: token_name,
            scopes,
            expires_in_days: days
                .get_untracked()
                .parse()
                .unwrap_or(mus_domain::MAX_API_TOKEN_DAYS),
        };
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.create_api_token(&new).await {
                Ok(created) => {
                    tokens.update(|list| list.insert(0, created.api_token));
                    secret.set(Some(created.token));
                    name.set(String::new());
                    // Shown once: the focus goes to it, so it is read out.
                    crate::focus::focus_id("secret-heading");
                }
                Err(failure) => {
                    let message = t(lang.get_untracked(), Failure::from(failure).message_key());
                    let _ = error.try_set(Some(message.to_owned()));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    // `revoking`: the row's own flag, so one click sends one request.
    let revoke = move |id: ApiTokenId, revoking: RwSignal<bool>| {
        if revoking.get_untracked() {
            return;
        }
        revoking.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.revoke_api_token(id).await {
                Ok(()) => {
                    tokens.update(|list| list.retain(|token| token.id != id));
                    // The row and its buttons are gone.
                    crate::focus::announce(tx(lang.get_untracked(), Text::TokenRevoked));
                    crate::focus::focus_id("tokens-heading");
                }
                Err(failure) => {
                    let message = t(lang.get_untracked(), Failure::from(failure).message_key());
                    let _ = error.try_set(Some(message.to_owned()));
                    let _ = revoking.try_set(false);
                    crate::focus::focus_id(format!("revoke-confirm-{id}"));
                }
            }
        });
    };

    view! {
        <Show when=move || secret.with(Option::is_some)>
            <section class="card card-alert" aria-labelledby="secret-heading">
                <h2 id="secret-heading">{move || tx(lang.get(), Text::TokenCreatedHeading)}</h2>
                <p>{move || tx(lang.get(), Text::TokenShownOnce)}</p>
                <p><code class="secret" data-testid="token-secret">{move || secret.get().unwrap_or_default()}</code></p>
            </section>
        </Show>
        <form class="card form" on:submit=create novalidate data-testid="create-token">
            <div class="field">
                <label for="token-name">{move || tx(lang.get(), Text::TokenName)}</label>
                <input
                    id="token-name"
                    type="text"
                    maxlength="100"
                    autocomplete="off"
                    placeholder=move || tx(lang.get(), Text::TokenNameExample)
                    bind:value=name
                />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="token-scope">{move || tx(lang.get(), Text::TokenScope)}</label>
                    <select id="token-scope" on:change=move |e| scope.set(match event_target_value(&e).as_str() {
                        "write" => TokenScope::Write,
                        "scim" => TokenScope::Scim,
                        _ => TokenScope::Read,
                    })>
                        <option value="read">{move || tx(lang.get(), Text::ScopeRead)}</option>
                        <option value="write">{move || tx(lang.get(), Text::ScopeWrite)}</option>
                        {hr.then(|| view! { <option value="scim">{move || tx(lang.get(), Text::ScopeScim)}</option> })}
                    </select>
                </div>
                <div class="field">
                    <label for="token-days">{move || tx(lang.get(), Text::TokenExpires)}</label>
                    <select id="token-days" on:change=move |e| days.set(event_target_value(&e))>
                        {[30, 90, 365]
                            .into_iter()
                            .map(|d| view! { <option value=d.to_string() selected=d == 365>{d} " " {move || tx(lang.get(), Text::TokenDays)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            {move || error.get().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
            <div class="actions">
                <button type="submit" class="button button-primary" disabled=move || busy.get()>
                    {move || tx(lang.get(), Text::CreateToken)}
                </button>
            </div>
        </form>
        <section class="card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{move || tx(lang.get(), Text::TokensHeading)}</h2>
            {move || tokens.with(Vec::is_empty).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoTokens)}</p> })}
            <ul class="plain-list">
                <For
                    each=move || tokens.get()
                    key=|token| token.id
                    children=move |token| {
                        let id = token.id;
                        let confirming = RwSignal::new(false);
                        let revoking = RwSignal::new(false);
                        let scopes = token.scopes.clone();
                        view! {
                            <li class="agreement-row" data-testid="token-row">
                                <p><strong>{token.name.clone()}</strong></p>
                                <p class="small muted">
                                    {move || scopes.iter().map(|s| texts::scope(lang.get(), *s)).collect::<Vec<_>>().join(", ")}
                                    " · " {move || tx(lang.get(), Text::Created)} " " {move || time::moment(lang.get(), token.created_at)}
                                    " · " {move || tx(lang.get(), Text::Expires)} " "
                                    {move || time::moment(lang.get(), token.expires_at)}
                                </p>
                                <Show
                                    when=move || confirming.get()
                                    fallback=move || view! {
                                        <button
                                            type="button"
                                            class="button button-danger button-small"
                                            id=format!("revoke-{id}")
                                            on:click=move |_| ask(confirming, format!("revoke-confirm-{id}"))
                                        >
                                            {move || tx(lang.get(), Text::Revoke)}
                                        </button>
                                    }
                                >
                                    <Confirm
                                        open=confirming
                                        question_id=format!("revoke-question-{id}")
                                        return_to=format!("revoke-{id}")
                                        confirm_id=format!("revoke-confirm-{id}")
                                        confirm_testid="revoke-confirm"
                                        confirm_label=Signal::derive(move || tx(lang.get(), Text::RevokeConfirm).to_owned())
                                        busy=revoking
                                        on_confirm=Callback::new(move |()| revoke(id, revoking))
                                        small=true
                                        danger=true
                                    >
                                        <p id=format!("revoke-question-{id}") class="small">
                                            {move || tx(lang.get(), Text::RevokeQuestion)}
                                        </p>
                                    </Confirm>
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}
