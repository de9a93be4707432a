//! Requests through the browser's `fetch`, for the web app. The page and
//! the API share an origin, so the browser sends the refresh cookie by
//! itself.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use super::{Answer, Request};
use crate::{Body, ClientError, RefreshStorage, Result};

#[derive(Debug, Clone)]
pub(crate) struct Transport;

impl Transport {
    /// The browser keeps the cookies, whichever `storage` the client uses.
    pub(crate) fn new(_: RefreshStorage) -> Result<Transport> {
        Ok(Transport)
    }

    pub(crate) async fn send(&self, request: Request<'_>) -> Result<Answer> {
        // A request whose answer is no longer awaited (its page was left) is
        // cancelled rather than left to run.
        let abort = AbortOnDrop(AbortController::new().map_err(transport_error)?);
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_signal(Some(&abort.0.signal()));
        let headers = Headers::new().map_err(transport_error)?;
        if let Some(token) = request.token {
            headers
                .set("authorization", &format!("Bearer {token}"))
                .map_err(transport_error)?;
        }
        match request.body {
            Body::Empty => {}
            Body::Json(bytes) => {
                headers
                    .set("content-type", "application/json")
                    .map_err(transport_error)?;
                init.set_body(&Uint8Array::from(bytes.as_slice()));
            }
            Body::Csv(text) => {
                headers
                    .set("content-type", "text/csv; charset=utf-8")
                    .map_err(transport_error)?;
                init.set_body(&JsValue::from_str(text));
            }
        }
        init.set_headers(&headers);

        let window = web_sys::window()
            .ok_or_else(|| ClientError::Transport("no browser window".to_owned()))?;
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(request.url, &init))
            .await
            .and_then(JsCast::dyn_into)
            .map_err(transport_error)?;
        let body = JsFuture::from(response.array_buffer().map_err(transport_error)?)
            .await
            .map_err(transport_error)?;
        Ok(Answer {
            status: response.status(),
            body: Uint8Array::new(&body).to_vec(),
        })
    }
}

struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Once the answer is read, aborting does nothing.
        self.0.abort();
    }
}

/// What the browser said went wrong (a `TypeError` for a network failure).
fn transport_error(error: JsValue) -> ClientError {
    ClientError::Transport(
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "the request failed".to_owned()),
    )
}
