//! Handing text the app already holds to the browser as a file to save.

use leptos::prelude::*;

/// `json` indented two spaces a level, for a person to read. The browser's
/// own JSON does it, so the app need not know the document's shape.
pub fn indented(json: &str) -> Result<String, wasm_bindgen::JsValue> {
    let value = js_sys::JSON::parse(json)?;
    let text = js_sys::JSON::stringify_with_replacer_and_space(
        &value,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from(2),
    )?;
    Ok(text.into())
}

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
