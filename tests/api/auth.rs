use mus_client::{ClientError, RefreshStorage};
use mus_domain::{ErrorCode, NewApiToken, Role, TokenScope, UserPatch};

use crate::db_test;
use crate::helpers::PASSWORD;

fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> Option<ErrorCode> {
    result.expect_err("the request should fail").code()
}

db_test!(
    async fn login_gives_a_session_that_knows_who_you_are(app: TestApp) {
        let manager = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let employee = app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await;

        let tokens = app.client.login(&employee.email, PASSWORD).await.unwrap();
        let me = app.client.me().await.unwrap();

        assert_eq!(tokens.token_type, "Bearer");
        assert_eq!(tokens.expires_in, 900);
        assert!(tokens.refresh_token.is_some());
        assert_eq!(me.id, employee.id);
        assert_eq!(me.name, "Anne Sørensen");
        assert_eq!(me.role, Role::Employee);
        assert_eq!(
            me.manager.map(|m| m.name).as_deref(),
            Some("Mette Kjærgaard")
        );
    }
);

db_test!(
    async fn login_ignores_case_and_spaces_in_the_email(app: TestApp) {
        let user = app.create_user("Bjørn Ravn", Role::Employee, None).await;
        let shouted = format!("  {}  ", user.email.to_uppercase());

        app.client.login(&shouted, PASSWORD).await.unwrap();

        assert_eq!(app.client.me().await.unwrap().id, user.id);
    }
);

db_test!(
    async fn a_wrong_password_and_an_unknown_email_look_the_same(app: TestApp) {
        let user = app
            .create_user("Camilla Brøndum", Role::Employee, None)
            .await;

        let wrong_password = app.client.login(&user.email, "not-the-password").await;
        let unknown_email = app.client.login("nobody@test.example", PASSWORD).await;

        let (ClientError::Api(a), ClientError::Api(b)) =
            (wrong_password.unwrap_err(), unknown_email.unwrap_err())
        else {
            panic!("both should be problems");
        };
        assert_eq!(a.code, ErrorCode::InvalidCredentials);
        assert_eq!(a.status, 401);
        assert_eq!(a, b);
        assert!(app.client.access_token().is_none());
    }
);

db_test!(
    async fn refresh_rotates_the_refresh_token(app: TestApp) {
        let user = app.create_user("Dorthe Fæster", Role::Employee, None).await;
        let client = app.signed_in(&user).await;
        let first = client.refresh_token().unwrap();

        let renewed = client.refresh().await.unwrap();

        let second = renewed.refresh_token.unwrap();
        assert_ne!(first, second);
        assert_eq!(client.me().await.unwrap().id, user.id);
    }
);

db_test!(
    async fn reusing_a_refresh_token_ends_the_whole_session(app: TestApp) {
        let user = app.create_user("Emil Thygesen", Role::Employee, None).await;
        let client = app.signed_in(&user).await;
        let stolen = client.refresh_token().unwrap();
        client.refresh().await.unwrap();
        let current = client.refresh_token().unwrap();

        // Someone replays the old token...
        let thief = app.new_client(RefreshStorage::Memory);
        let replay = app
            .http()
            .post(thief.url("auth/refresh"))
            .json(&serde_json::json!({ "refresh_token": stolen }))
            .send()
            .await
            .unwrap();
        // ...and the legitimate holder's newer token stops working too.
        let legitimate = app
            .http()
            .post(thief.url("auth/refresh"))
            .json(&serde_json::json!({ "refresh_token": current }))
            .send()
            .await
            .unwrap();

        assert_eq!(replay.status(), 401);
        let problem: mus_domain::Problem = replay.json().await.unwrap();
        assert_eq!(problem.code, ErrorCode::RefreshTokenReused);
        assert_eq!(legitimate.status(), 401);
        let problem: mus_domain::Problem = legitimate.json().await.unwrap();
        assert_eq!(problem.code, ErrorCode::RefreshTokenInvalid);
    }
);

db_test!(
    async fn logout_ends_the_session(app: TestApp) {
        let user = app
            .create_user("Frederikke Dahl", Role::Employee, None)
            .await;
        let client = app.signed_in(&user).await;
        let token = client.refresh_token().unwrap();

        client.logout().await.unwrap();

        let after = app.new_client(RefreshStorage::Memory);
        let response = app
            .http()
            .post(after.url("auth/refresh"))
            .json(&serde_json::json!({ "refresh_token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        assert!(client.access_token().is_none());
        // Logging out again is not an error.
        client.logout().await.unwrap();
    }
);

db_test!(
    async fn browsers_keep_the_refresh_token_in_an_http_only_cookie(app: TestApp) {
        let user = app.create_user("Gustav Krøyer", Role::Employee, None).await;

        let response = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": user.email, "password": PASSWORD, "refresh_cookie": true }))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .expect("a refresh cookie")
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cookie.starts_with("mus_refresh="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/api/v1/auth"), "{cookie}");
        // Plain HTTP here; `Secure` is only set behind TLS.
        assert!(!cookie.contains("Secure"), "{cookie}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body.get("refresh_token").is_none(),
            "no refresh token in the body: {body}"
        );
    }
);

db_test!(
    async fn a_browser_session_survives_a_reload_and_ends_at_logout(app: TestApp) {
        let user = app
            .create_user("Helle Bækgaard", Role::Employee, None)
            .await;
        let tab = app.new_client(RefreshStorage::Cookie);
        tab.login(&user.email, PASSWORD).await.unwrap();
        assert!(tab.refresh_token().is_none());

        // After a reload the SPA has only the cookie, and refreshes with it.
        let renewed = tab.refresh().await.unwrap();
        assert!(renewed.refresh_token.is_none());
        assert_eq!(tab.me().await.unwrap().id, user.id);

        tab.logout().await.unwrap();
        assert_eq!(
            code(tab.refresh().await),
            Some(ErrorCode::RefreshTokenInvalid)
        );
    }
);

db_test!(
    async fn an_expired_access_token_is_refreshed_transparently(app: TestApp) {
        let user = app.create_user("Ida Mølgaard", Role::Employee, None).await;
        let client = app.signed_in(&user).await;
        let short_lived = mus_server::auth::TokenKeys::new(
            crate::helpers::TEST_SECRET,
            std::time::Duration::ZERO,
        )
        .unwrap();
        client.set_access_token(short_lived.issue(user.id).unwrap());
        crate::helpers::outlive_a_token_second().await;

        let me = client.me().await.unwrap();

        assert_eq!(me.id, user.id);
        assert_ne!(client.access_token(), None);
    }
);

db_test!(
    async fn concurrent_requests_with_an_expired_token_share_one_refresh(app: TestApp) {
        let user = app.create_user("Jakob Åberg", Role::Employee, None).await;
        let client = app.signed_in(&user).await;
        let short_lived = mus_server::auth::TokenKeys::new(
            crate::helpers::TEST_SECRET,
            std::time::Duration::ZERO,
        )
        .unwrap();
        client.set_access_token(short_lived.issue(user.id).unwrap());
        crate::helpers::outlive_a_token_second().await;

        let (a, b, c) = tokio::join!(client.me(), client.me(), client.me());

        // Had each refreshed on its own, the second refresh would have reused
        // the single-use token and ended the session.
        assert!(a.is_ok() && b.is_ok() && c.is_ok(), "{a:?} {b:?} {c:?}");
        assert!(client.refresh().await.is_ok());
    }
);

db_test!(
    async fn a_person_who_has_left_can_no_longer_sign_in(app: TestApp) {
        let hr_user = app.create_user("Gorm Hald", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hr_user).await;
        let leaving = app.create_user("Helle Wad", Role::Employee, None).await;
        let staying = app.create_user("Ib Kold", Role::Employee, None).await;
        let session = app.signed_in(&leaving).await;
        let today = chrono::Utc::now().date_naive();
        let leave_on = |day| UserPatch {
            left_on: Some(Some(day)),
            ..UserPatch::default()
        };

        // A leaving day ahead changes nothing yet.
        hr.update_user(staying.id, &leave_on(today + chrono::Days::new(30)))
            .await
            .unwrap();
        hr.update_user(leaving.id, &leave_on(today)).await.unwrap();

        let Err(ClientError::Api(problem)) = app.client.login(&leaving.email, PASSWORD).await
        else {
            panic!("a leaver signed in");
        };
        assert_eq!(problem.code, ErrorCode::InvalidCredentials);
        let refreshed = session.refresh().await;
        assert!(
            matches!(&refreshed, Err(ClientError::Api(p)) if p.code == ErrorCode::RefreshTokenInvalid),
            "{refreshed:?}"
        );
        app.new_client(RefreshStorage::Memory)
            .login(&staying.email, PASSWORD)
            .await
            .unwrap();
    }
);

db_test!(
    async fn changing_the_password_ends_every_other_session(app: TestApp) {
        let user = app.create_user("Jonna Bech", Role::Employee, None).await;
        let laptop = app.signed_in(&user).await;
        let phone = app.signed_in(&user).await;
        let new_password = "en ny og længere sætning";

        let wrong = laptop
            .change_password("not-the-password", new_password)
            .await;
        let short = laptop.change_password(PASSWORD, "kort").await;
        let same = laptop.change_password(PASSWORD, PASSWORD).await;
        laptop
            .change_password(PASSWORD, new_password)
            .await
            .unwrap();

        let fields = |result: Result<_, ClientError>| match result {
            Err(ClientError::Api(problem)) => {
                assert_eq!(problem.code, ErrorCode::InvalidBody);
                problem
                    .errors
                    .iter()
                    .map(|e| e.field.clone())
                    .collect::<Vec<_>>()
            }
            other => panic!("expected a problem, got {other:?}"),
        };
        assert_eq!(fields(wrong), ["current_password"]);
        assert_eq!(fields(short), ["new_password"]);
        assert_eq!(fields(same), ["new_password"]);
        // This client carries on with the session it got back...
        assert_eq!(laptop.me().await.unwrap().id, user.id);
        laptop.refresh().await.unwrap();
        // ...the other device's session has ended...
        assert_eq!(
            code(phone.refresh().await),
            Some(ErrorCode::RefreshTokenInvalid)
        );
        // ...and only the new password signs in.
        let fresh = app.new_client(RefreshStorage::Memory);
        assert_eq!(
            code(fresh.login(&user.email, PASSWORD).await),
            Some(ErrorCode::InvalidCredentials)
        );
        fresh.login(&user.email, new_password).await.unwrap();
    }
);

db_test!(
    async fn an_api_token_cannot_change_its_owners_password(app: TestApp) {
        let user = app.create_user("Lise Holm", Role::Employee, None).await;
        let session = app.signed_in(&user).await;
        let created = session
            .create_api_token(&NewApiToken {
                name: "Integration".into(),
                scopes: vec![TokenScope::Read, TokenScope::Write],
                expires_in_days: 90,
            })
            .await
            .unwrap();
        let integration = app.new_client(RefreshStorage::Memory);
        integration.set_access_token(created.token);

        let refused = integration
            .change_password(PASSWORD, "et helt nyt kodeord")
            .await;

        assert_eq!(code(refused), Some(ErrorCode::Forbidden));
        app.new_client(RefreshStorage::Memory)
            .login(&user.email, PASSWORD)
            .await
            .unwrap();
    }
);

db_test!(
    async fn a_wrong_current_password_counts_as_a_failed_sign_in(app: TestApp) {
        let user = app.create_user("Kaj Storm", Role::Employee, None).await;
        let session = app.signed_in(&user).await;

        for _ in 0..5 {
            let _ = session
                .change_password("gæt-et-kodeord", "et helt nyt kodeord")
                .await;
        }
        let throttled = session
            .change_password(PASSWORD, "et helt nyt kodeord")
            .await;

        assert_eq!(code(throttled), Some(ErrorCode::TooManyAttempts));
    }
);
