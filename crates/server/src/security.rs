//! Security headers on every response.
//!
//! The SPA is a module script plus a wasm file, both from this origin, so
//! the Content-Security-Policy allows scripts from `'self'` and wasm
//! compilation (`'wasm-unsafe-eval'`) and nothing inline. The browsable API
//! description (`/api/docs/`) ships its own inline start-up code, so it gets
//! a policy of its own that permits that and still nothing from elsewhere.
//! Answers of the API are not to be stored by any cache.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
    font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

const DOCS_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers for a response to `path`, keeping any the
/// handler set itself.
///
/// Every answer of the API (`/api/v1`, and SCIM's `/scim/v2`) is `Cache-Control: no-store` unless
/// its handler chose otherwise: they carry preparations, summaries, the
/// export and the meeting invitation, which no browser cache or proxy on
/// the way may keep (a shared computer, the back button after signing out).
/// The web app's files keep the caching `spa` gives them.
pub fn add_headers(path: &str, headers: &mut HeaderMap) {
    if (path == "/api/v1" || path.starts_with("/api/v1/") || path.starts_with("/scim/"))
        && !headers.contains_key(header::CACHE_CONTROL)
    {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let policy = if path.starts_with("/api/docs") {
        DOCS_POLICY
    } else {
        APP_POLICY
    };
    for (name, value) in [
        ("content-security-policy", policy),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ] {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_gets_a_strict_policy_and_the_docs_their_own() {
        let mut app = HeaderMap::new();
        add_headers("/conversations/1", &mut app);
        let policy = app
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert_eq!(app.get("x-content-type-options").unwrap(), "nosniff");

        let mut docs = HeaderMap::new();
        add_headers("/api/docs/index.html", &mut docs);
        assert!(
            docs.get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("script-src 'self' 'unsafe-inline'")
        );
    }

    #[test]
    fn api_answers_are_not_stored_and_the_app_keeps_its_caching() {
        let mut api = HeaderMap::new();
        add_headers("/api/v1/conversations/1/preparations/employee", &mut api);
        let mut chosen = HeaderMap::new();
        chosen.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
        add_headers("/api/v1/me", &mut chosen);
        let mut asset = HeaderMap::new();
        add_headers("/assets/app-0123.js", &mut asset);
        let mut lookalike = HeaderMap::new();
        add_headers("/api/v1x", &mut lookalike);

        assert_eq!(api.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert_eq!(chosen.get(header::CACHE_CONTROL).unwrap(), "private");
        assert!(asset.get(header::CACHE_CONTROL).is_none());
        assert!(lookalike.get(header::CACHE_CONTROL).is_none());
    }

    #[test]
    fn a_header_the_handler_set_is_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        );
        add_headers("/", &mut headers);
        assert_eq!(headers.get("referrer-policy").unwrap(), "same-origin");
    }
}
