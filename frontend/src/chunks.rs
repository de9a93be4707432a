//! The web app in parts: the sign-in pages and the frame are in the first
//! download; every other page is in a part fetched the first time one of
//! its pages is shown (home, an employee's pages, GRUS, the team's, HR's).
//!
//! `scripts/build-frontend.sh` cuts the wasm at the split points below
//! (`wasm-split-cli`); the router keeps the old page on screen until the new
//! page's chunk has arrived. A chunk that cannot be fetched is almost
//! always one a newer deploy has replaced, so the page is loaded afresh,
//! once; if that does not help, the person is told and may try again.

// The split points are generated (`wasm_split`): an import the splitter
// rewrites into a load of the chunk, and an export it moves there. This
// module is the only place the web app allows that.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

use crate::components::load::SignInFirst;
use crate::context::{may_have_session, use_lang};
use crate::i18n::{Key, t};
use crate::pages::conversation::ConversationPage;
use crate::pages::forms::{FormEditorPage, FormsPage};
use crate::pages::group::{GroupPage, GroupsPage};
use crate::pages::home::HomePage;
use crate::pages::integrations::IntegrationsPage;
use crate::pages::me::{MyDataPage, TokensPage};
use crate::pages::meeting::MeetingPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::organisation::OrganisationPage;
use crate::pages::people::PeoplePage;
use crate::pages::plan::{PlanPage, ReportPlanPage};
use crate::pages::preparation::PreparationPage;
use crate::pages::record::agreements::AgreementsPage;
use crate::pages::record::follow_up::FollowUpPage;
use crate::pages::record::summary::SummaryPage;
use crate::pages::record::team::TeamPage;
use crate::pages::report::RoundReportPage;

/// For each page: the split point that renders it, in the chunk of its
/// part of the app, and the route type the router loads it through.
macro_rules! lazy_pages {
    ($($part:ident { $($route:ident: $split:ident => $page:ident;)* })*) => {$($(
        #[wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $split() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page /> }.into_any())
        }

        #[doc = concat!("[`", stringify!($page), "`], fetched when first shown.")]
        #[derive(Debug)]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_: Self) -> AnyView {
                if !may_have_session_here() {
                    return view! { <SignInFirst /> }.into_any();
                }
                arrived($split().await)
            }
        }
    )*)*};
}

// The parts, each fetched whole when one of its pages is first shown: few
// enough that a page needs only a handful of requests, and cut so that a
// visitor fetches what their role reaches. Code that parts share is cut
// into chunks of its own by what shares it.
lazy_pages! {
    // Everyone's first page after signing in.
    home { Home: home_page => HomePage; }
    // One's conversations, plan and data.
    employee {
        Conversation: conversation_page => ConversationPage;
        Preparation: preparation_page => PreparationPage;
        Meeting: meeting_page => MeetingPage;
        Summary: summary_page => SummaryPage;
        FollowUp: follow_up_page => FollowUpPage;
        Agreements: agreements_page => AgreementsPage;
        Plan: plan_page => PlanPage;
        MyData: my_data_page => MyDataPage;
        Notifications: notifications_page => NotificationsPage;
        Tokens: tokens_page => TokensPage;
    }
    // Group conversations (GRUS), held in some rounds only.
    grus {
        Groups: groups_page => GroupsPage;
        Group: group_page => GroupPage;
    }
    // A manager's team.
    team {
        Team: team_page => TeamPage;
        ReportPlan: report_plan_page => ReportPlanPage;
    }
    // HR's administration.
    hr {
        Organisation: organisation_page => OrganisationPage;
        People: people_page => PeoplePage;
        Forms: forms_page => FormsPage;
        FormEditor: form_editor_page => FormEditorPage;
        Integrations: integrations_page => IntegrationsPage;
        RoundReport: round_report_page => RoundReportPage;
    }
}

/// Every page here is for someone signed in: without a session to resume,
/// the visitor goes to sign in without fetching the page's part.
fn may_have_session_here() -> bool {
    use_context::<mus_client::Client>().is_none_or(|client| may_have_session(&client))
}

/// Where the browser keeps the time of the last reload for a missing
/// chunk (milliseconds since 1970), so that a chunk that is missing for
/// good does not reload forever.
const RELOADED_AT: &str = "mus-reloaded-for-chunk";
/// A second failure within this long is not a deploy but a real problem.
const RELOAD_GRACE_MS: i64 = 60_000;

/// The page, or, when its chunk could not be fetched, a fresh load of the
/// app (once), and otherwise a message with a way to try again.
fn arrived(page: Result<AnyView, SplitLoaderError>) -> AnyView {
    match page {
        Ok(view) => view,
        Err(error) => {
            leptos::logging::warn!("a part of MUS could not be fetched: {error}");
            // The router shows the new address only once this view is
            // there: reload just after, so the page loaded is the one asked for.
            if may_reload() {
                set_timeout(reload, std::time::Duration::ZERO);
                return ().into_any();
            }
            let lang = use_lang();
            view! {
                <div class="page">
                    <p class="notice notice-error" role="alert" data-testid="chunk-failed">
                        {move || t(lang.get(), Key::ChunkFailed)}
                    </p>
                    <button type="button" class="button" on:click=|_| reload()>
                        {move || t(lang.get(), Key::Reload)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}

/// Whether to load the page afresh: not if that was tried within the grace
/// period (noted here when it is not).
fn may_reload() -> bool {
    let session = window().session_storage().ok().flatten();
    let now = crate::time::now().timestamp_millis();
    let last = session
        .as_ref()
        .and_then(|storage| storage.get_item(RELOADED_AT).ok().flatten())
        .and_then(|at| at.parse::<i64>().ok());
    if last.is_some_and(|at| now - at < RELOAD_GRACE_MS) {
        return false;
    }
    let Some(storage) = session else {
        // Without session storage a reload could not be bounded.
        return false;
    };
    storage.set_item(RELOADED_AT, &now.to_string()).is_ok()
}

fn reload() {
    // A reload that cannot start leaves the message and its button.
    let _ = window().location().reload();
}
