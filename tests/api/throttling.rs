//! Login throttling: counted in the database per e-mail and client address,
//! answered with 429 and `Retry-After`, and never a way to lock the owner of
//! a known e-mail out.

use std::net::{IpAddr, Ipv4Addr};

use chrono::Utc;
use mus_domain::{ErrorCode, Problem, Role};
use mus_server::services::sessions::{
    ACCOUNT_CEILING, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS,
    THROTTLE_WINDOW,
};
use mus_server::store::entities::login_attempt;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use crate::db_test;
use crate::helpers::{PASSWORD, TestApp};

/// Plain HTTP from a given loopback address: the server sees it as the
/// client's address, as it would a remote one.
fn from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .build()
        .expect("client")
}

const HOME: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);
const ELSEWHERE: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("the server answers")
}

/// Failures recorded as if they had happened a minute ago.
async fn failures(app: &TestApp, email: &str, addresses: impl IntoIterator<Item = String>) {
    for address in addresses {
        login_attempt::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            email: Set(email.to_owned()),
            address: Set(address),
            attempted_at: Set(Utc::now() - chrono::Duration::minutes(1)),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

db_test!(
    async fn the_sixth_failed_login_is_refused_with_retry_after(app: TestApp) {
        let user = app.create_user("Nina Holm", Role::Employee, None).await;
        let home = from(HOME);

        for attempt in 1..=MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            let response = login(&app, &home, &user.email, "forkert-kodeord").await;
            assert_eq!(response.status(), 401, "attempt {attempt}");
        }
        // Even the right password: the guess is not checked at all.
        let refused = login(&app, &home, &user.email, PASSWORD).await;

        assert_eq!(refused.status(), 429);
        let retry_after: u64 = refused
            .headers()
            .get("retry-after")
            .expect("a Retry-After header")
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            retry_after > 0 && retry_after <= THROTTLE_WINDOW.as_secs(),
            "{retry_after}"
        );
        assert_eq!(
            refused.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Problem = refused.json().await.unwrap();
        assert_eq!(problem.code, ErrorCode::TooManyAttempts);
        assert_eq!(problem.status, 429);
    }
);

db_test!(
    async fn the_right_password_from_another_address_still_works(app: TestApp) {
        let user = app.create_user("Ole Bach", Role::Employee, None).await;
        let home = from(HOME);
        for _ in 0..MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            login(&app, &home, &user.email, "forkert-kodeord").await;
        }
        assert_eq!(
            login(&app, &home, &user.email, PASSWORD).await.status(),
            429
        );

        let elsewhere = login(&app, &from(ELSEWHERE), &user.email, PASSWORD).await;

        assert_eq!(elsewhere.status(), 200);
    }
);

db_test!(
    async fn a_success_forgets_the_failures_before_it(app: TestApp) {
        let user = app.create_user("Pia Krogh", Role::Employee, None).await;
        let home = from(HOME);

        for round in 0..2 {
            for _ in 1..MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
                login(&app, &home, &user.email, "forkert-kodeord").await;
            }
            let response = login(&app, &home, &user.email, PASSWORD).await;
            assert_eq!(response.status(), 200, "round {round}");
        }
    }
);

db_test!(
    async fn unknown_emails_are_counted_like_known_ones(app: TestApp) {
        let home = from(HOME);

        for _ in 0..MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            let response = login(&app, &home, "ingen@test.example", PASSWORD).await;
            assert_eq!(response.status(), 401);
        }

        let refused = login(&app, &home, "INGEN@test.example ", PASSWORD).await;
        assert_eq!(refused.status(), 429);
    }
);

db_test!(
    async fn one_address_trying_many_accounts_is_throttled(app: TestApp) {
        let user = app.create_user("Rasmus Lund", Role::Employee, None).await;
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            failures(
                &app,
                &format!("person{n}@test.example"),
                ["127.0.0.1".into()],
            )
            .await;
        }

        let home = login(&app, &from(HOME), &user.email, PASSWORD).await;
        let elsewhere = login(&app, &from(ELSEWHERE), &user.email, PASSWORD).await;

        assert_eq!(home.status(), 429);
        assert_eq!(elsewhere.status(), 200);
    }
);

db_test!(
    async fn many_addresses_against_one_account_cannot_lock_its_owner_out(app: TestApp) {
        let user = app.create_user("Sofie Vang", Role::Employee, None).await;
        // A botnet has failed against the account from many addresses, and
        // once from this one.
        failures(
            &app,
            &user.email,
            (0..ACCOUNT_CEILING).map(|n| format!("10.0.{}.{}", n / 250, n % 250)),
        )
        .await;
        failures(&app, &user.email, ["127.0.0.1".to_owned()]).await;

        // An address that has failed against it is refused at once...
        let attacker = login(&app, &from(HOME), &user.email, PASSWORD).await;
        // ...the owner, from an address without failures, gets in.
        let owner = login(&app, &from(ELSEWHERE), &user.email, PASSWORD).await;

        assert_eq!(attacker.status(), 429);
        assert_eq!(owner.status(), 200);
    }
);
