//! The app shell: it provides what pages share ([`crate::context`]), and
//! holds the router and the page frame.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use mus_client::Client;

use crate::chunks;
use crate::components::header::Header;
use crate::context::{Session, stored_lang};
use crate::focus::{Announcer, FocusOnNavigation, SkipLink};
use crate::i18n::{Key, t};
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::password::{ForgotPasswordPage, SetPasswordPage};

#[component]
pub fn App(client: Client) -> impl IntoView {
    let lang = RwSignal::new(stored_lang().unwrap_or_default());
    provide_context(client);
    provide_context(lang);
    provide_context(Session(RwSignal::new(None)));
    provide_context(crate::context::UnreadCount(RwSignal::new(None)));

    // Screen readers pick their voice from `<html lang>`, so it follows the switch.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            // Setting an attribute on the root element cannot fail in practice;
            // if it did, only the pronunciation would suffer.
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    // True while the router fetches a page's part: the old page stays on
    // screen, marked busy, until the new one can be shown.
    let routing = RwSignal::new(false);

    view! {
        <Router set_is_routing=routing.write_only()>
            <SkipLink />
            <FocusOnNavigation />
            <Announcer />
            <Header />
            <main id="main" tabindex="-1" aria-busy=move || routing.get().then_some("true")>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/set-password") view=SetPasswordPage />
                    <Route path=path!("/") view={Lazy::<chunks::Home>::new()} />
                    <Route path=path!("/conversations/:id") view={Lazy::<chunks::Conversation>::new()} />
                    <Route path=path!("/conversations/:id/preparation") view={Lazy::<chunks::Preparation>::new()} />
                    <Route path=path!("/conversations/:id/meeting") view={Lazy::<chunks::Meeting>::new()} />
                    <Route path=path!("/conversations/:id/summary") view={Lazy::<chunks::Summary>::new()} />
                    <Route path=path!("/conversations/:id/follow-up") view={Lazy::<chunks::FollowUp>::new()} />
                    <Route path=path!("/agreements") view={Lazy::<chunks::Agreements>::new()} />
                    <Route path=path!("/groups") view={Lazy::<chunks::Groups>::new()} />
                    <Route path=path!("/groups/:id") view={Lazy::<chunks::Group>::new()} />
                    <Route path=path!("/team") view={Lazy::<chunks::Team>::new()} />
                    <Route path=path!("/team/:id/plan") view={Lazy::<chunks::ReportPlan>::new()} />
                    <Route path=path!("/plan") view={Lazy::<chunks::Plan>::new()} />
                    <Route path=path!("/organisation") view={Lazy::<chunks::Organisation>::new()} />
                    <Route path=path!("/admin/people") view={Lazy::<chunks::People>::new()} />
                    <Route path=path!("/me/data") view={Lazy::<chunks::MyData>::new()} />
                    <Route path=path!("/notifications") view={Lazy::<chunks::Notifications>::new()} />
                    <Route path=path!("/settings/tokens") view={Lazy::<chunks::Tokens>::new()} />
                    <Route path=path!("/admin/forms") view={Lazy::<chunks::Forms>::new()} />
                    <Route path=path!("/admin/forms/:id") view={Lazy::<chunks::FormEditor>::new()} />
                    <Route path=path!("/admin/integrations") view={Lazy::<chunks::Integrations>::new()} />
                    <Route path=path!("/admin/rounds/:id/report") view={Lazy::<chunks::RoundReport>::new()} />
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
