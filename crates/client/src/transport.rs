//! How a request travels: through the browser's `fetch` in the web app,
//! through reqwest everywhere else. Either way it is one call from a request
//! to the status and body of its answer; what they mean is the client's.
//!
//! The web app does without reqwest because what it would bring along (a
//! URL parser with its Unicode tables, typed headers) is code every visitor
//! downloads, for what the browser already does.

use http::Method;

use crate::Body;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::Transport;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Transport;

/// One request to the API.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub method: &'a Method,
    pub url: &'a str,
    /// The access token, sent as a bearer token.
    pub token: Option<&'a str>,
    pub body: &'a Body,
}

/// What the server answered.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}
