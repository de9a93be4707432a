//! The app shell: it provides what pages share ([`crate::context`]), and
//! holds the router and the page frame.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use mus_client::Client;

use crate::components::header::Header;
use crate::context::{Session, stored_lang};
use crate::focus::{Announcer, FocusOnNavigation, SkipLink};
use crate::i18n::{Key, t};
use crate::pages::conversation::ConversationPage;
use crate::pages::forms::{FormEditorPage, FormsPage};
use crate::pages::group::{GroupPage, GroupsPage};
use crate::pages::home::HomePage;
use crate::pages::integrations::IntegrationsPage;
use crate::pages::login::LoginPage;
use crate::pages::me::{MyDataPage, TokensPage};
use crate::pages::meeting::MeetingPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::organisation::OrganisationPage;
use crate::pages::password::{ForgotPasswordPage, SetPasswordPage};
use crate::pages::people::PeoplePage;
use crate::pages::plan::{PlanPage, ReportPlanPage};
use crate::pages::preparation::PreparationPage;
use crate::pages::record::agreements::AgreementsPage;
use crate::pages::record::follow_up::FollowUpPage;
use crate::pages::record::summary::SummaryPage;
use crate::pages::record::team::TeamPage;
use crate::pages::report::RoundReportPage;

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
                    <Route path=path!("/groups") view=GroupsPage />
                    <Route path=path!("/groups/:id") view=GroupPage />
                    <Route path=path!("/team") view=TeamPage />
                    <Route path=path!("/team/:id/plan") view=ReportPlanPage />
                    <Route path=path!("/plan") view=PlanPage />
                    <Route path=path!("/organisation") view=OrganisationPage />
                    <Route path=path!("/admin/people") view=PeoplePage />
                    <Route path=path!("/me/data") view=MyDataPage />
                    <Route path=path!("/notifications") view=NotificationsPage />
                    <Route path=path!("/settings/tokens") view=TokensPage />
                    <Route path=path!("/admin/forms") view=FormsPage />
                    <Route path=path!("/admin/forms/:id") view=FormEditorPage />
                    <Route path=path!("/admin/integrations") view=IntegrationsPage />
                    <Route path=path!("/admin/rounds/:id/report") view=RoundReportPage />
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
