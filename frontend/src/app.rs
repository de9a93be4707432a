//! The app shell: shared state, the router and the page frame.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use mus_client::Client;
use mus_domain::Me;

use crate::components::header::Header;
use crate::focus::{Announcer, FocusOnNavigation, SkipLink};
use crate::i18n::{Key, Lang, t};
use crate::pages::conversation::ConversationPage;
use crate::pages::forms::{FormEditorPage, FormsPage};
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::me::{MyDataPage, TokensPage};
use crate::pages::meeting::MeetingPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::organisation::OrganisationPage;
use crate::pages::password::{ForgotPasswordPage, SetPasswordPage};
use crate::pages::people::PeoplePage;
use crate::pages::preparation::PreparationPage;
use crate::pages::record::agreements::AgreementsPage;
use crate::pages::record::follow_up::FollowUpPage;
use crate::pages::record::summary::SummaryPage;
use crate::pages::record::team::TeamPage;

/// Where the chosen language is remembered between visits.
const LANG_STORAGE_KEY: &str = "mus.lang";

/// The person signed in, once a page has asked the server. The header reads
/// it; pages that need the person fetch it themselves, so a stale value here
/// never decides what someone may see.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

#[component]
pub fn App(client: Client) -> impl IntoView {
    let lang = RwSignal::new(stored_lang().unwrap_or_default());
    provide_context(client);
    provide_context(lang);
    provide_context(Session(RwSignal::new(None)));

    // Screen readers pick their voice from `<html lang>`, so it follows the switch.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            // Setting an attribute on the root element cannot fail in practice;
            // if it did, only the pronunciation would suffer.
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    view! {
        <Router>
            <SkipLink />
            <FocusOnNavigation />
            <Announcer />
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/set-password") view=SetPasswordPage />
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/conversations/:id") view=ConversationPage />
                    <Route path=path!("/conversations/:id/preparation") view=PreparationPage />
                    <Route path=path!("/conversations/:id/meeting") view=MeetingPage />
                    <Route path=path!("/conversations/:id/summary") view=SummaryPage />
                    <Route path=path!("/conversations/:id/follow-up") view=FollowUpPage />
                    <Route path=path!("/agreements") view=AgreementsPage />
                    <Route path=path!("/team") view=TeamPage />
                    <Route path=path!("/organisation") view=OrganisationPage />
                    <Route path=path!("/admin/people") view=PeoplePage />
                    <Route path=path!("/me/data") view=MyDataPage />
                    <Route path=path!("/settings/tokens") view=TokensPage />
                    <Route path=path!("/admin/forms") view=FormsPage />
                    <Route path=path!("/admin/forms/:id") view=FormEditorPage />
                </Routes>
            </main>
        </Router>
    }
}

/// Shown instead of the app when it cannot even build its API client.
#[component]
pub fn StartupFailed() -> impl IntoView {
    let lang = stored_lang().unwrap_or_default();
    view! {
        <main id="main" class="page">
            <p class="notice notice-error" role="alert">
                {t(lang, Key::ErrorGeneric)}
            </p>
        </main>
    }
}

pub fn use_client() -> Client {
    expect_context::<Client>()
}

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

pub fn use_session() -> RwSignal<Option<Me>> {
    expect_context::<Session>().0
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
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(LANG_STORAGE_KEY, chosen.code());
    }
}

fn stored_lang() -> Option<Lang> {
    let storage = window().local_storage().ok()??;
    let code = storage.get_item(LANG_STORAGE_KEY).ok()??;
    Lang::from_code(&code)
}
