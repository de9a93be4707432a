//! Every failure is `application/problem+json` with a stable code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mus_domain::{ErrorCode, Problem, Role};
use reqwest::Response;

use crate::db_test;
use crate::helpers::{TEST_SECRET, TestApp};

async fn problem(response: Response) -> Problem {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json"),
        "status {}",
        response.status()
    );
    let status = response.status().as_u16();
    let problem: Problem = response.json().await.expect("a problem document");
    assert_eq!(problem.status, status);
    assert_eq!(
        problem.type_uri,
        format!("urn:mus:problem:{}", problem.code)
    );
    problem
}

async fn me_with(app: &TestApp, authorization: &str) -> Problem {
    let response = app
        .http()
        .get(app.url("/api/v1/me"))
        .header("authorization", authorization)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    problem(response).await
}

async fn valid_token(app: &TestApp) -> String {
    let user = app.create_user("Karen Hjørne", Role::Employee, None).await;
    app.signed_in(&user).await.access_token().unwrap()
}

db_test!(
    async fn no_token_is_unauthenticated(app: TestApp) {
        let response = app.http().get(app.url("/api/v1/me")).send().await.unwrap();

        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert_eq!(problem(response).await.code, ErrorCode::Unauthenticated);
    }
);

db_test!(
    async fn a_token_signed_with_another_key_is_invalid(app: TestApp) {
        let user = app.create_user("Lars Nørgaard", Role::Employee, None).await;
        let forger = mus_server::auth::TokenKeys::new(
            b"someone-elses-secret-that-is-long-enough!!",
            std::time::Duration::from_secs(900),
        )
        .unwrap();
        let forged = forger.issue(user.id).unwrap();

        let problem = me_with(&app, &format!("Bearer {forged}")).await;

        assert_eq!(problem.code, ErrorCode::TokenInvalid);
    }
);

db_test!(
    async fn an_unsigned_alg_none_token_is_invalid(app: TestApp) {
        let token = valid_token(&app).await;
        let mut parts = token.split('.');
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap())
                .unwrap();
        let payload = parts.next().unwrap();
        let none_header = URL_SAFE_NO_PAD.encode(
            serde_json::json!({ "alg": "none", "typ": "JWT", "kid": header["kid"] }).to_string(),
        );

        let problem = me_with(&app, &format!("Bearer {none_header}.{payload}.")).await;

        assert_eq!(problem.code, ErrorCode::TokenInvalid);
    }
);

db_test!(
    async fn a_tampered_payload_is_invalid(app: TestApp) {
        let token = valid_token(&app).await;
        let parts: Vec<&str> = token.split('.').collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        claims["role"] = "hr_admin".into();
        let tampered = URL_SAFE_NO_PAD.encode(claims.to_string());

        let problem = me_with(
            &app,
            &format!("Bearer {}.{tampered}.{}", parts[0], parts[2]),
        )
        .await;

        assert_eq!(problem.code, ErrorCode::TokenInvalid);
    }
);

db_test!(
    async fn an_expired_token_says_it_expired(app: TestApp) {
        let user = app
            .create_user("Maja Vestergård", Role::Employee, None)
            .await;
        let keys =
            mus_server::auth::TokenKeys::new(TEST_SECRET, std::time::Duration::ZERO).unwrap();
        let token = keys.issue(user.id).unwrap();
        crate::helpers::outlive_a_token_second().await;

        let problem = me_with(&app, &format!("Bearer {token}")).await;

        assert_eq!(problem.code, ErrorCode::TokenExpired);
    }
);

db_test!(
    async fn garbage_in_the_authorization_header_is_invalid(app: TestApp) {
        for header in [
            "Bearer",
            "Bearer not-a-jwt",
            "Basic YW5uZTpwYXNz",
            "Bearer a.b.c",
        ] {
            let problem = me_with(&app, header).await;
            assert_eq!(problem.code, ErrorCode::TokenInvalid, "{header}");
        }
    }
);

db_test!(
    async fn malformed_json_is_a_400(app: TestApp) {
        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(r#"{"email": "anne@test.example", "password": "#)
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 400);
        assert_eq!(problem(response).await.code, ErrorCode::MalformedJson);
    }
);

db_test!(
    async fn a_missing_field_is_a_422_naming_the_field(app: TestApp) {
        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": "anne@test.example" }))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 422);
        let problem = problem(response).await;
        assert_eq!(problem.code, ErrorCode::InvalidBody);
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(problem.errors[0].field, "password");
    }
);

db_test!(
    async fn a_wrong_type_is_a_422(app: TestApp) {
        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": 42, "password": ["x"] }))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 422);
        assert_eq!(problem(response).await.code, ErrorCode::InvalidBody);
    }
);

db_test!(
    async fn a_body_that_is_not_json_is_a_415(app: TestApp) {
        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "text/plain")
            .body("email=anne")
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 415);
        assert_eq!(
            problem(response).await.code,
            ErrorCode::UnsupportedMediaType
        );
    }
);

db_test!(
    async fn an_oversized_body_is_a_413(app: TestApp) {
        let huge = "x".repeat(mus_server::config::DEFAULT_MAX_JSON_BYTES + 1);

        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": "anne@test.example", "password": huge }))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 413);
        assert_eq!(problem(response).await.code, ErrorCode::PayloadTooLarge);
    }
);

db_test!(
    async fn unknown_api_routes_are_404_problems(app: TestApp) {
        for path in ["/api/v1/nothing-here", "/api/nothing", "/api/v1/auth/nope"] {
            let response = app.http().get(app.url(path)).send().await.unwrap();

            assert_eq!(response.status(), 404, "{path}");
            assert_eq!(problem(response).await.code, ErrorCode::NotFound, "{path}");
        }
    }
);

db_test!(
    async fn every_response_carries_a_request_id(app: TestApp) {
        let ok = app.http().get(app.url("/api/health")).send().await.unwrap();
        let failed = app.http().get(app.url("/api/v1/me")).send().await.unwrap();

        for response in [ok, failed] {
            let id = response
                .headers()
                .get("x-request-id")
                .expect("x-request-id");
            assert!(uuid::Uuid::parse_str(id.to_str().unwrap()).is_ok());
        }
    }
);
