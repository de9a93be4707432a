//! Handing text the app already holds to the browser as a file to save.

use leptos::prelude::*;

/// Offers `text` as a file called `name`, as if from a link.
pub fn save_file(text: &str, mime: &str, name: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser has taken the file once the click is handled.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(1),
    );
    Ok(())
}

/// `GET /api/v1/{path}` as text (a calendar file, a CSV report), with the
/// session's token. The typed client has such a call for the
/// conversation's invitation only; this is the same request for the
/// others. Asking who is signed in first renews an expired token, which a
/// plain download would not.
pub async fn fetch_text(
    client: &mus_client::Client,
    path: &str,
) -> Result<String, mus_client::ClientError> {
    use mus_client::ClientError;
    client.me().await?;
    let mut request = client.http().get(client.url(path));
    if let Some(token) = client.access_token() {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    if response.status().is_success() {
        return response
            .text()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()));
    }
    let problem: mus_domain::Problem = response
        .json()
        .await
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    Err(ClientError::Api(Box::new(problem)))
}
