//! Login throttling: counted in the database per e-mail and client address,
//! before the password is checked, answered with 429 and `Retry-After`, and
//! never a way to lock the owner of a known e-mail out. Password checks run
//! a few at a time; the rest wait briefly and are answered 503.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use chrono::Utc;
use mus_domain::{ErrorCode, Problem, Role};
use mus_server::services::sessions::{
    ACCOUNT_CEILING, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS,
    THROTTLE_WINDOW,
};
use mus_server::store::entities::{login_attempt, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::db_test;
use crate::helpers::{Backend, PASSWORD, TestApp, spawn_app_in_child};

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

db_test!(
    async fn of_forty_wrong_guesses_sent_at_once_five_are_checked(app: TestApp) {
        let user = app.create_user("Tove Dahl", Role::Employee, None).await;
        let url = app.url("/api/v1/auth/login");
        let home = from(HOME);

        let mut guesses = tokio::task::JoinSet::new();
        for n in 0..40 {
            let (client, url, email) = (home.clone(), url.clone(), user.email.clone());
            guesses.spawn(async move {
                let guess =
                    serde_json::json!({ "email": email, "password": format!("forkert-{n:02}") });
                let answer = client.post(url).json(&guess).send().await;
                answer.expect("the server answers").status().as_u16()
            });
        }
        // Once five guesses are counted, checked or still being checked, the
        // right password from the same address is not checked at all.
        let deadline = Instant::now() + Duration::from_secs(30);
        while attempts_against(&app, &user.email).await < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            assert!(Instant::now() < deadline, "the guesses were never counted");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let right = login(&app, &home, &user.email, PASSWORD).await;
        let statuses = guesses.join_all().await;

        assert_eq!(right.status(), 429);
        let checked = statuses.iter().filter(|&&status| status == 401).count();
        let refused = statuses.iter().filter(|&&status| status == 429).count();
        assert_eq!((checked, refused), (5, 35), "every answer: {statuses:?}");
        assert_eq!(
            attempts_against(&app, &user.email).await,
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
        );
    }
);

db_test!(
    async fn a_leavers_right_password_counts_as_a_failed_sign_in(app: TestApp) {
        let user = app.create_user("Ulla Friis", Role::Employee, None).await;
        user::Entity::update_many()
            .col_expr(user::Column::LeftOn, Expr::value(Utc::now().date_naive()))
            .filter(user::Column::Id.eq(user.id.0))
            .exec(&app.db)
            .await
            .unwrap();
        let home = from(HOME);

        for attempt in 1..=MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            let response = login(&app, &home, &user.email, PASSWORD).await;
            assert_eq!(response.status(), 401, "attempt {attempt}");
            let problem: Problem = response.json().await.unwrap();
            assert_eq!(problem.code, ErrorCode::InvalidCredentials);
        }
        let refused = login(&app, &home, &user.email, PASSWORD).await;

        assert_eq!(refused.status(), 429);
    }
);

/// A few hundred sign-ins at once, each from its own address so that the
/// throttle lets all of them through to a password check, against the
/// server in a process of its own. The memory it took is printed, not
/// asserted (it depends on the machine; docs/QUALITY.md has the figures of
/// a release build): this checks that every attempt gets an answer the API
/// describes and that the server is fine afterwards.
#[tokio::test]
async fn a_flood_of_parallel_sign_ins_is_answered_in_bounded_memory() {
    const ATTEMPTS: u16 = 300;
    let app = spawn_app_in_child(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let server = app.server_pid();
    let user = app.create_user("Vibeke Holt", Role::Employee, None).await;
    let before = memory(server);

    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..ATTEMPTS {
        let client = from(Ipv4Addr::new(127, 2, (n / 250) as u8, (n % 250 + 1) as u8));
        let url = app.url("/api/v1/auth/login");
        // One in ten with the right password: a sign-in that happens to
        // come in during the flood.
        let password = if n % 10 == 0 {
            PASSWORD.to_owned()
        } else {
            format!("forkert-{n}")
        };
        let email = user.email.clone();
        attempts.spawn(async move {
            let attempt = serde_json::json!({ "email": email, "password": password });
            let answer = client.post(url).json(&attempt).send().await;
            let answer = answer.expect("the server answers");
            let retry_after = answer.headers().get("retry-after").is_some();
            (answer.status().as_u16(), retry_after)
        });
    }
    let mut highest = before.0;
    let answers = {
        let all = attempts.join_all();
        tokio::pin!(all);
        loop {
            tokio::select! {
                answers = &mut all => break answers,
                () = tokio::time::sleep(Duration::from_millis(50)) => {
                    highest = highest.max(memory(server).0);
                }
            }
        }
    };
    let after = memory(server);
    let signed_in = login(
        &app,
        &from(Ipv4Addr::new(127, 3, 0, 1)),
        &user.email,
        PASSWORD,
    )
    .await;

    eprintln!(
        "{ATTEMPTS} parallel sign-ins: VmRSS {} kB before, {} kB highest sampled, {} kB after; VmHWM {} kB; answers {:?}",
        before.0,
        highest,
        after.0,
        after.1,
        tally(&answers)
    );
    for (status, retry_after) in &answers {
        assert!([200, 401, 429, 503].contains(status), "{status}");
        if *status == 503 {
            assert!(retry_after, "a 503 without Retry-After");
        }
    }
    assert!(answers.iter().any(|(status, _)| *status == 401));
    assert_eq!(signed_in.status(), 200);
}

async fn attempts_against(app: &TestApp, email: &str) -> u64 {
    login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .count(&app.db)
        .await
        .unwrap()
}

/// VmRSS and VmHWM of process `pid`, in kB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn tally(answers: &[(u16, bool)]) -> std::collections::BTreeMap<u16, usize> {
    let mut tally = std::collections::BTreeMap::new();
    for (status, _) in answers {
        *tally.entry(*status).or_default() += 1;
    }
    tally
}
