//! Choosing one's own password: asking for a link ("forgot password") and
//! the page an invitation or reset link opens. Nobody else ever sees the
//! link: it arrives in the person's own mailbox.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use mus_client::ClientError;
use mus_domain::{Email, ErrorCode, Language};

use crate::context::{use_client, use_lang, use_title};
use crate::i18n::{Failure, Lang, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    ForgotTitle,
    ForgotHeading,
    ForgotIntro,
    Email,
    SendLink,
    Sending,
    Sent,
    BackToSignIn,
    MalformedEmail,
    SetTitle,
    WelcomeHeading,
    WelcomeIntro,
    ResetHeading,
    ResetIntro,
    NewPassword,
    PasswordRules,
    RepeatPassword,
    PasswordsDiffer,
    Save,
    Saving,
    NoLink,
    AskForNewLink,
}

fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        ForgotTitle => ("Glemt adgangskode · MUS", "Forgot password · MUS"),
        ForgotHeading => ("Glemt din adgangskode?", "Forgot your password?"),
        ForgotIntro => (
            "Skriv din arbejdsmail, så sender vi et link, hvor du vælger en ny adgangskode. Linket virker i en time.",
            "Enter your work e-mail and we will send a link where you choose a new password. The link works for an hour.",
        ),
        Email => ("E-mail", "E-mail"),
        SendLink => ("Send link", "Send link"),
        Sending => ("Sender …", "Sending …"),
        Sent => (
            "Hvis adressen tilhører en person i MUS, er et link på vej til den nu. Kig i din indbakke (og i spam).",
            "If the address belongs to someone in MUS, a link is on its way to it now. Look in your inbox (and spam).",
        ),
        BackToSignIn => ("Tilbage til log ind", "Back to sign in"),
        MalformedEmail => (
            "Det ligner ikke en e-mailadresse. Tjek, at den er skrevet rigtigt.",
            "That does not look like an e-mail address. Check that it is spelled right.",
        ),
        SetTitle => ("Vælg adgangskode · MUS", "Choose password · MUS"),
        WelcomeHeading => ("Velkommen til MUS", "Welcome to MUS"),
        WelcomeIntro => (
            "Vælg din egen adgangskode. Kun du kender den: hverken HR eller din leder kan se den.",
            "Choose your own password. Only you know it: neither HR nor your manager can see it.",
        ),
        ResetHeading => ("Vælg en ny adgangskode", "Choose a new password"),
        ResetIntro => (
            "Når du har valgt den, bliver du logget ud alle andre steder.",
            "Once you have chosen it, you are signed out everywhere else.",
        ),
        NewPassword => ("Ny adgangskode", "New password"),
        PasswordRules => (
            "Mindst 10 tegn. En sætning, du kan huske, er god.",
            "At least 10 characters. A sentence you can remember is good.",
        ),
        RepeatPassword => ("Gentag adgangskoden", "Repeat the password"),
        PasswordsDiffer => (
            "De to adgangskoder er ikke ens.",
            "The two passwords are not the same.",
        ),
        Save => ("Gem og log ind", "Save and sign in"),
        Saving => ("Gemmer …", "Saving …"),
        NoLink => (
            "Linket er ufuldstændigt. Åbn det igen fra din mail, eller bed om et nyt.",
            "The link is incomplete. Open it again from your e-mail, or ask for a new one.",
        ),
        AskForNewLink => ("Bed om et nyt link", "Ask for a new link"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

fn language(lang: Lang) -> Language {
    match lang {
        Lang::Da => Language::Da,
        Lang::En => Language::En,
    }
}

/// `/forgot-password`: a link to choose a new password, by e-mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    use_title(|lang| tx(lang, Text::ForgotTitle));
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let Ok(address) = Email::parse(&email.get_untracked()) else {
            error.set(Some(tx(lang_now, Text::MalformedEmail).to_owned()));
            return;
        };
        error.set(None);
        busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client
                .request_password_reset(address.as_str(), Some(language(lang_now)))
                .await
            {
                Ok(()) => {
                    let _ = sent.try_set(true);
                }
                Err(failure) => {
                    let message = t(lang_now, Failure::from(failure).message_key());
                    let _ = error.try_set(Some(message.to_owned()));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <div class="page page-narrow">
            <section class="card" aria-labelledby="forgot-heading">
                <h1 id="forgot-heading">{move || tx(lang.get(), Text::ForgotHeading)}</h1>
                <Show
                    when=move || sent.get()
                    fallback=move || {
                        view! {
                            <p class="lead">{move || tx(lang.get(), Text::ForgotIntro)}</p>
                            <form class="form" on:submit=submit novalidate>
                                <div class="field">
                                    <label for="reset-email">{move || tx(lang.get(), Text::Email)}</label>
                                    <input
                                        id="reset-email"
                                        type="email"
                                        autocomplete="username"
                                        inputmode="email"
                                        autocapitalize="none"
                                        spellcheck="false"
                                        required
                                        aria-invalid=move || error.get().is_some().to_string()
                                        aria-describedby="reset-email-error"
                                        bind:value=email
                                    />
                                    {move || error.get().map(|message| view! {
                                        <p id="reset-email-error" class="notice notice-error" role="alert">{message}</p>
                                    })}
                                </div>
                                <button type="submit" class="button button-primary" disabled=move || busy.get()>
                                    {move || tx(lang.get(), if busy.get() { Text::Sending } else { Text::SendLink })}
                                </button>
                            </form>
                        }
                    }
                >
                    <p class="notice notice-success" role="status" data-testid="reset-sent">
                        {move || tx(lang.get(), Text::Sent)}
                    </p>
                </Show>
                <p><a href="/login">{move || tx(lang.get(), Text::BackToSignIn)}</a></p>
            </section>
        </div>
    }
}

/// The secret of the link that opened the page: the part after `#`. It is
/// taken out of the address at once, so it stays in no history entry and
/// on no screen.
fn take_secret_from_address() -> Option<String> {
    let window = window();
    let hash = window.location().hash().ok()?;
    let secret = hash.trim_start_matches('#').trim().to_owned();
    if let Ok(history) = window.history() {
        let path = window.location().pathname().unwrap_or_default();
        let search = window.location().search().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    (!secret.is_empty()).then_some(secret)
}

/// `/set-password#<secret>`: the page an invitation (`?welcome=1`) or a
/// password-reset link opens.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    use_title(|lang| tx(lang, Text::SetTitle));
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let navigate = use_navigate();
    let welcome = use_query_map().get_untracked().get("welcome").is_some();
    let secret = StoredValue::new(take_secret_from_address());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // A problem with the password (next to it), or with the link itself.
    let field_error = RwSignal::new(None::<String>);
    let link_error = RwSignal::new(
        secret
            .get_value()
            .is_none()
            .then(|| tx(lang.get_untracked(), Text::NoLink).to_owned()),
    );

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(token) = secret.get_value() else {
            return;
        };
        let lang_now = lang.get_untracked();
        let fresh = new.get_untracked();
        let refused = if !mus_domain::auth::password_fits(&fresh) {
            Some(Text::PasswordRules)
        } else if fresh != repeated.get_untracked() {
            Some(Text::PasswordsDiffer)
        } else {
            None
        };
        if let Some(text) = refused {
            field_error.set(Some(tx(lang_now, text).to_owned()));
            return;
        }
        field_error.set(None);
        busy.set(true);
        let client = client.get_value();
        let navigate = navigate.clone();
        spawn_local(async move {
            match client.complete_password_reset(&token, &fresh).await {
                Ok(_) => navigate(
                    "/",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                ),
                Err(error) => {
                    let message = t(lang_now, Failure::from(&error).message_key()).to_owned();
                    let on_password = matches!(
                        &error,
                        ClientError::Api(problem)
                            if problem.errors.iter().any(|e| e.field == "new_password")
                    );
                    if error.code() == Some(ErrorCode::LinkInvalid) || !on_password {
                        let _ = link_error.try_set(Some(message));
                    } else {
                        let _ =
                            field_error.try_set(Some(tx(lang_now, Text::PasswordRules).to_owned()));
                    }
                    let _ = busy.try_set(false);
                }
            }
        });
    };

    view! {
        <div class="page page-narrow">
            <section class="card" aria-labelledby="set-password-heading">
                <h1 id="set-password-heading">
                    {move || tx(lang.get(), if welcome { Text::WelcomeHeading } else { Text::ResetHeading })}
                </h1>
                <p class="lead">
                    {move || tx(lang.get(), if welcome { Text::WelcomeIntro } else { Text::ResetIntro })}
                </p>
                {move || link_error.get().map(|message| view! {
                    <div class="notice notice-error" role="alert" data-testid="link-error">
                        <p>{message}</p>
                        <p><a href="/forgot-password">{move || tx(lang.get(), Text::AskForNewLink)}</a></p>
                    </div>
                })}
                <Show when=move || secret.get_value().is_some() && link_error.get().is_none()>
                    <form class="form" on:submit=submit.clone() novalidate data-testid="set-password">
                        <div class="field">
                            <label for="set-password-new">{move || tx(lang.get(), Text::NewPassword)}</label>
                            <p id="set-password-rules" class="help">{move || tx(lang.get(), Text::PasswordRules)}</p>
                            <input
                                id="set-password-new"
                                type="password"
                                autocomplete="new-password"
                                required
                                minlength="10"
                                maxlength="256"
                                aria-describedby="set-password-rules set-password-error"
                                aria-invalid=move || field_error.get().is_some().to_string()
                                bind:value=new
                            />
                        </div>
                        <div class="field">
                            <label for="set-password-repeat">{move || tx(lang.get(), Text::RepeatPassword)}</label>
                            <input
                                id="set-password-repeat"
                                type="password"
                                autocomplete="new-password"
                                required
                                maxlength="256"
                                bind:value=repeated
                            />
                        </div>
                        {move || field_error.get().map(|message| view! {
                            <p id="set-password-error" class="notice notice-error" role="alert">{message}</p>
                        })}
                        <button type="submit" class="button button-primary" disabled=move || busy.get()>
                            {move || tx(lang.get(), if busy.get() { Text::Saving } else { Text::Save })}
                        </button>
                    </form>
                </Show>
            </section>
        </div>
    }
}
