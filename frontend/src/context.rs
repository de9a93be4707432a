//! What every page takes from the app: the API client, the language, the
//! person signed in, and the document title. The app provides them
//! ([`crate::app::App`]); pages use them through these hooks, so no page
//! depends on the app itself.

use leptos::prelude::*;
use mus_client::Client;
use mus_domain::Me;

use crate::i18n::{Key, t};
use crate::lang::Lang;
use crate::storage;

/// Where the chosen language is remembered between visits.
const LANG_STORAGE_KEY: &str = "mus.lang";

/// The person signed in, once a page has asked the server. The header reads
/// it; pages that need the person fetch it themselves, so a stale value here
/// never decides what someone may see.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// Whether a session may exist to resume: one is in memory, or the server
/// left the hint cookie beside the refresh cookie the page cannot read. A
/// visitor who never signed in is then sent to sign in without a refused
/// request.
pub fn may_have_session(client: &Client) -> bool {
    client.access_token().is_some() || cookie_hints_session()
}

fn cookie_hints_session() -> bool {
    // `document.cookie`, read without the web-sys binding for one property.
    let cookies = js_sys::Reflect::get(&document(), &"cookie".into())
        .ok()
        .and_then(|value| value.as_string());
    // Cookies unreadable (a sandboxed frame): ask the server, as before.
    let Some(cookies) = cookies else {
        return true;
    };
    let wanted = mus_domain::auth::SESSION_HINT_COOKIE;
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, _)| name == wanted)
}

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

pub fn use_session() -> RwSignal<Option<Me>> {
    expect_context::<Session>().0
}

/// How many of the signed-in person's notifications are unread, for the
/// bell in the header; `None` until known.
#[derive(Debug, Clone, Copy)]
pub struct UnreadCount(pub RwSignal<Option<u32>>);

pub fn use_unread() -> RwSignal<Option<u32>> {
    expect_context::<UnreadCount>().0
}

/// Keeps the document title on `key`, in the current language.
pub fn use_document_title(key: Key) {
    let lang = use_lang();
    Effect::new(move |_| document().set_title(t(lang.get(), key)));
}

/// Keeps the document title on `title` (a page's own text table), in the
/// current language.
pub fn use_title(title: fn(Lang) -> &'static str) {
    let lang = use_lang();
    Effect::new(move |_| document().set_title(title(lang.get())));
}

/// Switches the language and remembers the choice for the next visit.
pub fn choose_lang(lang: RwSignal<Lang>, chosen: Lang) {
    lang.set(chosen);
    // Storage can be disabled (private modes, policies); the switch still
    // works for this visit, which is all that can be done then.
    storage::set(LANG_STORAGE_KEY, chosen.code());
}

/// The language chosen on an earlier visit, if any.
pub fn stored_lang() -> Option<Lang> {
    Lang::from_code(&storage::get(LANG_STORAGE_KEY)?)
}
