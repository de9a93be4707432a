//! Signing-key rotation: tokens from the previous key stay valid, new ones
//! are signed with the current key, and unknown keys are refused.

use mus_domain::{ErrorCode, Problem, Role};
use mus_server::auth::TokenKeys;

use crate::helpers::{Backend, PASSWORD, TEST_SECRET, TestApp, spawn_app_with};

const ROTATED_SECRET: &[u8] = b"the-secret-after-the-rotation-0123456789abcdef";

async fn me_with(app: &TestApp, token: &str) -> reqwest::Response {
    app.http()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn kid(token: &str) -> String {
    use base64::Engine;
    let header = token.split('.').next().unwrap();
    let header: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

async fn rotation(backend: Backend) {
    // The server was restarted with a new secret; the old one is previous.
    let Some(app) = spawn_app_with(backend, |config| {
        config.jwt_secret = ROTATED_SECRET.to_vec();
        config.jwt_previous_secrets = vec![TEST_SECRET.to_vec()];
    })
    .await
    else {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL");
        return;
    };
    let user = app.create_user("Tove Ravn", Role::Employee, None).await;
    let ttl = std::time::Duration::from_secs(900);
    let before_rotation = TokenKeys::new(TEST_SECRET, ttl)
        .unwrap()
        .issue(user.id)
        .unwrap();
    let unknown = TokenKeys::new(b"a-key-this-server-never-had-0123456789abc", ttl)
        .unwrap()
        .issue(user.id)
        .unwrap();

    let old = me_with(&app, &before_rotation).await;
    let refused = me_with(&app, &unknown).await;
    let fresh = app
        .client
        .login(&user.email, PASSWORD)
        .await
        .unwrap()
        .access_token;

    assert_eq!(old.status(), 200);
    assert_eq!(refused.status(), 401);
    let problem: Problem = refused.json().await.unwrap();
    assert_eq!(problem.code, ErrorCode::TokenInvalid);
    assert_ne!(
        kid(&fresh),
        kid(&before_rotation),
        "signed with the new key"
    );
    assert_eq!(me_with(&app, &fresh).await.status(), 200);
}

#[tokio::test]
async fn a_token_from_the_previous_key_works_after_rotation_sqlite() {
    rotation(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_token_from_the_previous_key_works_after_rotation_postgres() {
    rotation(Backend::Postgres).await;
}
