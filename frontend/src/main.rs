//! The MUS single-page app, rendered in the browser.

mod app;
mod autosave;
mod chunks;
mod components;
mod context;
mod doc_autosave;
mod download;
mod drafts;
mod focus;
mod i18n;
mod lang;
mod next_step;
mod pages;
mod routing;
mod storage;
mod time;

use leptos::prelude::*;
use mus_client::Client;

fn main() {
    console_error_panic_hook::set_once();
    match browser_client() {
        Ok(client) => leptos::mount::mount_to_body(move || view! { <app::App client/> }),
        Err(error) => {
            leptos::logging::error!("MUS cannot start: {error}");
            leptos::mount::mount_to_body(app::StartupFailed);
        }
    }
}

/// A client for the server that served this page: the SPA and the API share
/// one origin, which keeps the refresh cookie first-party.
fn browser_client() -> Result<Client, String> {
    let origin = window()
        .location()
        .origin()
        .map_err(|_| "the page has no origin".to_owned())?;
    Client::for_browser(&origin).map_err(|e| e.to_string())
}
