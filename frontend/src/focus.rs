//! Where the keyboard focus goes: one rule for every page, so a keyboard or
//! screen-reader user never loses their place.
//!
//! - After a page change, to the new page's `h1` ([`FocusOnNavigation`]);
//!   the skip link goes to the same place ([`SkipLink`]).
//! - After an action that removes or disables its own button, to what the
//!   action produced: a message that is also announced, or the next control.
//! - After a refusal, to the first field named, its message tied to it with
//!   `aria-describedby`.
//! - An inline confirmation takes the focus when it opens and gives it back
//!   when it closes; Escape closes it ([`on_escape`]).
//!
//! The element to focus is often drawn a frame, or a fetch, after the
//! action: [`focus_id`] waits for it for up to about two seconds.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::context::use_lang;
use crate::i18n::{Key, t};

/// Frames to wait for an element to appear (about two seconds at 60 Hz).
const PATIENCE: u32 = 120;

/// Focuses the element with this id once it is in the document.
pub fn focus_id(id: impl Into<String>) {
    let id = id.into();
    wait_and_focus(move || document().get_element_by_id(&id), PATIENCE);
}

/// Focuses the current page's main heading once it is drawn, unless the
/// page (or the person) has put the focus somewhere in it meanwhile.
pub fn focus_page_heading() {
    // An address that names a place in the page (`/organisation#open-round`)
    // is the page's to follow.
    if window().location().hash().is_ok_and(|hash| hash.len() > 1) {
        return;
    }
    let old = main_heading();
    let mut frames = 0;
    wait_and_focus(
        move || {
            frames += 1;
            if focus_is_in_main() {
                return None;
            }
            // The page left behind may still be drawn for a frame or two.
            main_heading().filter(|h| Some(h) != old.as_ref() || frames > 20)
        },
        PATIENCE,
    );
}

fn main_heading() -> Option<Element> {
    document().query_selector("main h1").ok().flatten()
}

fn focus_is_in_main() -> bool {
    let document = document();
    match (
        document.active_element(),
        document.get_element_by_id("main"),
    ) {
        (Some(active), Some(main)) => active != main && main.contains(Some(&active)),
        _ => false,
    }
}

fn wait_and_focus(mut find: impl FnMut() -> Option<Element> + 'static, frames_left: u32) {
    request_animation_frame(move || match find() {
        Some(element) => focus(&element),
        None if frames_left > 0 => wait_and_focus(find, frames_left - 1),
        None => {}
    });
}

/// Focuses an element, making it focusable by script first when it is not
/// focusable by nature (a heading, a message).
fn focus(element: &Element) {
    let Ok(element) = element.clone().dyn_into::<HtmlElement>() else {
        return;
    };
    let natively = matches!(
        element.tag_name().as_str(),
        "A" | "BUTTON" | "INPUT" | "SELECT" | "TEXTAREA" | "SUMMARY"
    );
    if !natively && !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
}

/// Runs `close` when Escape is pressed inside the element it is put on.
pub fn on_escape(close: impl Fn() + 'static) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |event| {
        if event.key() == "Escape" {
            event.prevent_default();
            close();
        }
    }
}

/// After a page change (not the first page), the new page's heading takes
/// the focus, as the document title already changes: a screen reader reads
/// where the person is, and the next Tab starts in the page, not the header.
#[component]
pub fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            focus_page_heading();
        }
        path
    });
}

/// The first stop on every page: past the header, to the page's heading.
#[component]
pub fn SkipLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <a
            class="skip-link"
            href="#main"
            data-testid="skip-link"
            on:click=move |event| {
                // The router would treat the fragment as a page change.
                event.prevent_default();
                match main_heading() {
                    Some(heading) => focus(&heading),
                    None => {
                        if let Some(main) = document().get_element_by_id("main") {
                            focus(&main);
                        }
                    }
                }
            }
        >
            {move || t(lang.get(), Key::SkipToContent)}
        </a>
    }
}

/// Says `message` once to a screen reader, through the page's one polite
/// live region ([`Announcer`]): for a result whose button stays where it was,
/// or whose focus goes to the next control rather than to a message.
pub fn announce(message: impl Into<String>) {
    let message = message.into();
    if let Some(region) = document().get_element_by_id("announcer") {
        // Emptied first, so the same words twice are still read twice.
        region.set_text_content(None);
        request_animation_frame(move || region.set_text_content(Some(&message)));
    }
}

/// The polite live region [`announce`] speaks through; present from the
/// start, as a region added together with its words is often not read.
#[component]
pub fn Announcer() -> impl IntoView {
    view! {
        <div
            id="announcer"
            class="visually-hidden"
            role="status"
            aria-live="polite"
            aria-atomic="true"
            data-testid="announcer"
        ></div>
    }
}
