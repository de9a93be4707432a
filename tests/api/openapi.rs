//! The committed OpenAPI document matches the code, and the server serves it.

use crate::db_test;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");

#[test]
fn the_committed_spec_matches_the_code() {
    let generated = mus_server::openapi::document_json();
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();

    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code. Regenerate it with:\n\n    \
         cargo run -p mus-server --bin mus -- openapi > openapi/openapi.json\n"
    );
}

#[test]
fn the_spec_declares_bearer_auth_and_problem_responses() {
    let spec: serde_json::Value =
        serde_json::from_str(&mus_server::openapi::document_json()).unwrap();

    let bearer = &spec["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(bearer["bearerFormat"], "JWT");
    let me = &spec["paths"]["/api/v1/me"]["get"];
    assert_eq!(me["security"][0]["bearer"], serde_json::json!([]));
    assert!(me["responses"]["401"]["content"]["application/problem+json"].is_object());
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/methods",
        "/api/v1/auth/oidc/login",
        "/api/v1/auth/oidc/callback",
        "/api/health",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is documented");
    }
}

db_test!(
    async fn the_server_serves_its_spec_and_browsable_docs(app: TestApp) {
        let served: serde_json::Value = app
            .http()
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let docs = app.http().get(app.url("/api/docs/")).send().await.unwrap();
        let docs_status = docs.status();
        let docs_html = docs.text().await.unwrap();

        // `/api/docs` as typed leads there.
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let typed = no_redirects.get(app.url("/api/docs")).send().await.unwrap();
        assert_eq!(typed.status(), 308);
        assert_eq!(typed.headers()["location"], "docs/");
        let followed = app.http().get(app.url("/api/docs")).send().await.unwrap();
        assert_eq!(followed.status(), 200);
        assert!(
            followed.url().path().ends_with("/api/docs/"),
            "{}",
            followed.url()
        );

        let expected: serde_json::Value =
            serde_json::from_str(&mus_server::openapi::document_json()).unwrap();
        assert_eq!(served, expected);
        assert_eq!(docs_status, 200);
        assert!(
            docs_html.contains("swagger-ui"),
            "the docs page is Swagger UI"
        );
        // Served from the binary: no CDN needed on an intranet.
        assert!(
            !docs_html.contains("https://"),
            "the docs page loads nothing from the internet"
        );
    }
);
