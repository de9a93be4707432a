//! Signing in through the organisation, against a real OpenID provider
//! (`identity_provider`): who gets in, who does not, and that every answer
//! works once, for the browser that asked, with the nonce it was sent with.

use mus_domain::{AuthMethods, ErrorCode, Problem, Role};
use mus_server::store::entities::user;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use url::Url;

use crate::helpers::{Backend, TestApp, TestUser, spawn_app_with};
use crate::identity_provider::{Browser, PUBLIC_CLIENT_ID, cookie_pair, oidc_config, provider};

async fn app_with_oidc() -> TestApp {
    spawn_app_with(Backend::Sqlite, |config| config.oidc = Some(oidc_config()))
        .await
        .expect("SQLite always runs")
}

/// The path and query MUS sent the browser to.
fn local(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The `sso_error` of a redirect to the sign-in page.
fn sso_error(url: &Url) -> Option<String> {
    (url.path() == "/login")
        .then(|| {
            url.query_pairs()
                .find(|(name, _)| name == "sso_error")
                .map(|(_, value)| value.into_owned())
        })
        .flatten()
}

/// Whom an access token belongs to.
async fn who(app: &TestApp, token: &str) -> mus_domain::UserId {
    let me: mus_domain::Me = app
        .http()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me.id
}

async fn set_left_on(app: &TestApp, person: &TestUser, day: chrono::NaiveDate) {
    user::Entity::update_many()
        .col_expr(user::Column::LeftOn, Expr::value(day))
        .filter(user::Column::Id.eq(person.id.0))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn stored_subject(app: &TestApp, person: &TestUser) -> Option<String> {
    user::Entity::find_by_id(person.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .oidc_subject
}

async fn run_happy_path(app: TestApp) {
    let person = app.create_user("Anne Holm", Role::Employee, None).await;
    let browser = Browser::new();

    let (authorization, started) = browser.start(&app, Some("/team?round=2027")).await;
    let callback = browser.at_provider(&authorization, &person.email).await;
    let (landed, finished) = browser.redirected(callback.as_str()).await;

    // Sent off with PKCE (S256), state and nonce, for the code flow.
    let asked: std::collections::HashMap<_, _> = authorization.query_pairs().into_owned().collect();
    assert_eq!(asked["response_type"], "code");
    assert_eq!(asked["code_challenge_method"], "S256");
    assert!(asked["scope"].split(' ').any(|scope| scope == "openid"));
    assert!(asked.contains_key("state") && asked.contains_key("nonce"));
    assert_eq!(asked["redirect_uri"], app.url("/api/v1/auth/oidc/callback"));
    let sign_in_cookie = started
        .iter()
        .find(|c| c.starts_with("mus_oidc="))
        .expect("the sign-in cookie");
    for attribute in [
        "HttpOnly",
        "SameSite=Lax",
        "Path=/api/v1/auth/oidc",
        "Max-Age=600",
    ] {
        assert!(sign_in_cookie.contains(attribute), "{sign_in_cookie}");
    }
    // Back where the person was going, with the session in the cookie.
    assert_eq!(local(&landed), "/team?round=2027");
    let refresh = finished
        .iter()
        .find(|c| c.starts_with("mus_refresh="))
        .expect("the refresh cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(refresh.contains(attribute), "{refresh}");
    }
    assert!(
        finished
            .iter()
            .any(|c| c.starts_with("mus_oidc=;") || c.starts_with("mus_oidc=\"\"")),
        "the sign-in cookie is removed: {finished:?}"
    );
    let token = browser.access_token(&app).await.expect("signed in");
    assert_eq!(who(&app, &token).await, person.id);
    assert_eq!(
        stored_subject(&app, &person).await.as_deref(),
        Some(person.email.as_str())
    );
}

/// The happy path on SQLite and, when configured, PostgreSQL.
mod a_person_hr_created_signs_in_through_the_organisation {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        run_happy_path(app_with_oidc().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        match spawn_app_with(Backend::Postgres, |config| {
            config.oidc = Some(oidc_config())
        })
        .await
        {
            Some(app) => run_happy_path(app).await,
            None => eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL"),
        }
    }
}

#[tokio::test]
async fn a_public_client_signs_in_with_pkce_alone() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.oidc = Some(mus_server::config::OidcConfig {
            client_id: PUBLIC_CLIENT_ID.into(),
            client_secret: None,
            ..oidc_config()
        });
    })
    .await
    .unwrap();
    let person = app.create_user("Bo Lind", Role::Manager, None).await;
    let browser = Browser::new();

    let (landed, _) = browser.sign_in(&app, &person.email, None).await;

    assert_eq!(local(&landed), "/");
    let token = browser.access_token(&app).await.expect("signed in");
    assert_eq!(who(&app, &token).await, person.id);
}

#[tokio::test]
async fn nobody_gets_an_account_by_signing_in() {
    let app = app_with_oidc().await;
    let browser = Browser::new();

    let (landed, cookies) = browser
        .sign_in(&app, "ukendt.person@test.example", Some("/team"))
        .await;

    assert_eq!(sso_error(&landed).as_deref(), Some("unknown_person"));
    assert_eq!(
        landed
            .query_pairs()
            .find(|(k, _)| k == "next")
            .map(|(_, v)| v.into_owned()),
        Some("/team".to_owned()),
        "trying again goes where the person was going"
    );
    assert!(cookie_pair(&cookies, "mus_refresh").is_none());
    assert!(browser.access_token(&app).await.is_none());
    let people = user::Entity::find()
        .filter(user::Column::Email.eq("ukendt.person@test.example"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(people.is_empty());
}

#[tokio::test]
async fn an_unverified_email_matches_nobody_unless_trusted() {
    let app = app_with_oidc().await;
    let person = app.create_user("Cai Berg", Role::Employee, None).await;
    provider().account("cai-1", &person.email, Some(false));

    let (landed, _) = Browser::new().sign_in(&app, "cai-1", None).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("email_unverified"));
    let (landed, _) = Browser::new().sign_in(&app, "no-email-at-all", None).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("email_unverified"));
    assert_eq!(stored_subject(&app, &person).await, None);

    // Providers like Entra ID never say; with MUS_OIDC_TRUST_EMAIL the
    // address counts (matched whatever its case), but a "no" still counts.
    let trusting = spawn_app_with(Backend::Sqlite, |config| {
        config.oidc = Some(mus_server::config::OidcConfig {
            trust_email: true,
            ..oidc_config()
        });
    })
    .await
    .unwrap();
    let person = trusting.create_user("Cai Berg", Role::Employee, None).await;
    provider().account("cai-3", &person.email, Some(false));
    provider().account("cai-2", &person.email.to_uppercase(), None);
    let (landed, _) = Browser::new().sign_in(&trusting, "cai-3", None).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("email_unverified"));
    let browser = Browser::new();
    let (landed, _) = browser.sign_in(&trusting, "cai-2", None).await;
    assert_eq!(local(&landed), "/");
    let token = browser.access_token(&trusting).await.expect("signed in");
    assert_eq!(who(&trusting, &token).await, person.id);
}

#[tokio::test]
async fn a_leaver_is_refused() {
    let app = app_with_oidc().await;
    let person = app.create_user("Dorte Vang", Role::Employee, None).await;
    let linked = app.create_user("Egon Krog", Role::Employee, None).await;
    // Linked at an earlier sign-in, then left.
    Browser::new().sign_in(&app, &linked.email, None).await;
    let today = chrono::Utc::now().date_naive();
    set_left_on(&app, &person, today).await;
    set_left_on(&app, &linked, today).await;

    for leaver in [&person, &linked] {
        let browser = Browser::new();
        let (landed, cookies) = browser.sign_in(&app, &leaver.email, None).await;

        assert_eq!(sso_error(&landed).as_deref(), Some("left"));
        assert!(cookie_pair(&cookies, "mus_refresh").is_none());
        assert!(browser.access_token(&app).await.is_none());
    }
    assert_eq!(stored_subject(&app, &person).await, None);
}

#[tokio::test]
async fn the_stored_subject_decides_once_linked() {
    let app = app_with_oidc().await;
    let person = app.create_user("Fie Dahl", Role::Employee, None).await;
    provider().account("fie-at-provider", &person.email, Some(true));
    Browser::new().sign_in(&app, "fie-at-provider", None).await;
    assert_eq!(
        stored_subject(&app, &person).await.as_deref(),
        Some("fie-at-provider")
    );

    // The address now names another account at the provider: refused.
    provider().account("someone-new", &person.email, Some(true));
    let (landed, _) = Browser::new().sign_in(&app, "someone-new", None).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("other_account"));

    // The same account with another address still signs in.
    provider().account("fie-at-provider", "fie.ny@test.example", Some(true));
    let browser = Browser::new();
    let (landed, _) = browser.sign_in(&app, "fie-at-provider", None).await;
    assert_eq!(local(&landed), "/");
    let token = browser.access_token(&app).await.expect("signed in");
    assert_eq!(who(&app, &token).await, person.id);
}

#[tokio::test]
async fn an_answer_counts_only_with_the_cookie_of_the_browser_that_asked() {
    let app = app_with_oidc().await;
    let person = app.create_user("Gry Lund", Role::Employee, None).await;
    let browser = Browser::new();
    let (authorization, _) = browser.start(&app, None).await;
    let callback = browser.at_provider(&authorization, &person.email).await;

    // Another browser brings the answer: no cookie.
    let (landed, _) = Browser::new().redirected(callback.as_str()).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("expired"));
    // The sign-in was used up by that: the right browser is too late.
    let (landed, cookies) = browser.redirected(callback.as_str()).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("expired"));
    assert!(cookie_pair(&cookies, "mus_refresh").is_none());
    assert!(browser.access_token(&app).await.is_none());
}

#[tokio::test]
async fn an_answer_with_another_state_is_refused_and_uses_the_sign_in_up() {
    let app = app_with_oidc().await;
    let person = app.create_user("Hans Bech", Role::Employee, None).await;
    let browser = Browser::new();
    let (authorization, _) = browser.start(&app, None).await;
    let callback = browser.at_provider(&authorization, &person.email).await;
    let mut forged = callback.clone();
    let pairs: Vec<(String, String)> = callback.query_pairs().into_owned().collect();
    forged
        .query_pairs_mut()
        .clear()
        .extend_pairs(pairs.iter().map(|(k, v)| {
            let v = if k == "state" {
                "another-state"
            } else {
                v.as_str()
            };
            (k.as_str(), v)
        }));

    let (landed, _) = browser.redirected(forged.as_str()).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("expired"));
    // The cookie's sign-in was used up by the forged answer.
    let (landed, _) = browser.redirected(callback.as_str()).await;
    assert_eq!(sso_error(&landed).as_deref(), Some("expired"));
    assert!(browser.access_token(&app).await.is_none());
}

#[tokio::test]
async fn an_answer_works_once() {
    let app = app_with_oidc().await;
    let person = app.create_user("Ida Borg", Role::Employee, None).await;
    let browser = Browser::new();
    let (authorization, started) = browser.start(&app, None).await;
    let sign_in_cookie = cookie_pair(&started, "mus_oidc").expect("the sign-in cookie");
    let callback = browser.at_provider(&authorization, &person.email).await;
    let (landed, _) = browser.redirected(callback.as_str()).await;
    assert_eq!(local(&landed), "/");

    // Replayed with the cookie it came with.
    let (landed, cookies) = Browser::with_cookie(callback.as_str(), &sign_in_cookie).await;

    assert_eq!(sso_error(&landed).as_deref(), Some("expired"));
    assert!(cookie_pair(&cookies, "mus_refresh").is_none());
}

#[tokio::test]
async fn an_id_token_for_another_nonce_is_refused() {
    let app = app_with_oidc().await;
    let person = app.create_user("Jens Eg", Role::Employee, None).await;
    let browser = Browser::new();
    let (authorization, _) = browser.start(&app, None).await;
    // Only the nonce changed: state, PKCE and cookie still match, so only
    // the ID token's nonce can tell.
    let mut tampered = authorization.clone();
    let pairs: Vec<(String, String)> = authorization.query_pairs().into_owned().collect();
    tampered
        .query_pairs_mut()
        .clear()
        .extend_pairs(pairs.iter().map(|(k, v)| {
            let v = if k == "nonce" {
                "a-nonce-mus-never-sent"
            } else {
                v.as_str()
            };
            (k.as_str(), v)
        }));

    let callback = browser.at_provider(&tampered, &person.email).await;
    let (landed, cookies) = browser.redirected(callback.as_str()).await;

    assert_eq!(sso_error(&landed).as_deref(), Some("not_verified"));
    assert!(cookie_pair(&cookies, "mus_refresh").is_none());
    assert!(browser.access_token(&app).await.is_none());
}

#[tokio::test]
async fn cancelling_at_the_provider_signs_nobody_in() {
    let app = app_with_oidc().await;
    let browser = Browser::new();
    let (authorization, _) = browser.start(&app, None).await;
    let state = authorization
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let mut answer = Url::parse(&app.url("/api/v1/auth/oidc/callback")).unwrap();
    answer
        .query_pairs_mut()
        .append_pair("error", "access_denied")
        .append_pair("state", &state);

    let (landed, _) = browser.redirected(answer.as_str()).await;

    assert_eq!(sso_error(&landed).as_deref(), Some("cancelled"));
}

#[tokio::test]
async fn only_paths_on_this_site_are_returned_to() {
    let app = app_with_oidc().await;
    let person = app.create_user("Kim Aas", Role::Employee, None).await;

    for return_to in ["https://evil.example/", "//evil.example/x", "/login?x=1"] {
        let (landed, _) = Browser::new()
            .sign_in(&app, &person.email, Some(return_to))
            .await;
        assert_eq!(local(&landed), "/", "{return_to}");
        assert!(landed.as_str().starts_with(&app.address), "{landed}");
    }
}

#[tokio::test]
async fn the_server_starts_while_the_provider_is_down_and_says_so_at_sign_in() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.oidc = Some(mus_server::config::OidcConfig {
            issuer: format!("http://127.0.0.1:{closed}"),
            ..oidc_config()
        });
    })
    .await
    .expect("the server starts without its provider");

    let (landed, cookies) = Browser::new().start(&app, Some("/team")).await;

    assert_eq!(sso_error(&landed).as_deref(), Some("provider_error"));
    assert!(cookie_pair(&cookies, "mus_oidc").is_none());
}

#[tokio::test]
async fn the_sign_in_page_learns_how_people_sign_in() {
    let plain = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let with_oidc = app_with_oidc().await;

    let none = plain.client.auth_methods().await.unwrap();
    let both = with_oidc.client.auth_methods().await.unwrap();
    let not_set_up = plain
        .http()
        .get(plain.url("/api/v1/auth/oidc/login"))
        .send()
        .await
        .unwrap();

    assert_eq!(
        none,
        AuthMethods {
            password: true,
            oidc: None
        }
    );
    let oidc = both.oidc.expect("the organisation's sign-in");
    assert!(both.password);
    assert_eq!(oidc.label.as_deref(), Some("Solbakke Kommune"));
    assert_eq!(oidc.login_url, "/api/v1/auth/oidc/login");
    assert_eq!(not_set_up.status(), 404);
    let problem: Problem = not_set_up.json().await.unwrap();
    assert_eq!(problem.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn with_passwords_off_only_the_organisation_lets_people_in() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.password_sign_in = false;
        config.oidc = Some(oidc_config());
    })
    .await
    .unwrap();
    let person = app.create_user("Lis Holt", Role::Employee, None).await;

    let methods = app.client.auth_methods().await.unwrap();
    let login = app
        .client
        .login(&person.email, crate::helpers::PASSWORD)
        .await;
    let browser = Browser::new();
    let (landed, _) = browser.sign_in(&app, &person.email, None).await;
    let token = browser.access_token(&app).await.expect("signed in");
    let change = app
        .http()
        .post(app.url("/api/v1/auth/password"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "current_password": crate::helpers::PASSWORD,
            "new_password": "et-helt-nyt-kodeord",
        }))
        .send()
        .await
        .unwrap();

    assert!(!methods.password);
    let Err(mus_client::ClientError::Api(problem)) = login else {
        panic!("signed in with a password: {login:?}");
    };
    assert_eq!(problem.code, ErrorCode::PasswordSignInOff);
    assert_eq!(problem.status, 403);
    assert_eq!(local(&landed), "/");
    assert_eq!(change.status(), 403);
    let problem: Problem = change.json().await.unwrap();
    assert_eq!(problem.code, ErrorCode::PasswordSignInOff);
}

#[tokio::test]
async fn passwords_off_without_the_organisations_sign_in_does_not_start() {
    let started = spawn_app_with_result(|config| config.password_sign_in = false).await;

    let error = started.expect_err("nobody could sign in");
    assert!(error.contains("MUS_PASSWORD_SIGN_IN"), "{error}");
}

/// `Application::build` with the test configuration adjusted.
async fn spawn_app_with_result(
    configure: impl FnOnce(&mut mus_server::Config),
) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::helpers::test_config(
        dir.path(),
        &mus_server::config::default_database_url(dir.path()),
        "127.0.0.1:0",
    );
    configure(&mut config);
    mus_server::Application::build(config)
        .await
        .map(drop)
        .map_err(|error| format!("{error:#}"))
}
