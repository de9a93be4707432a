//! Two instances on one PostgreSQL database behind a real reverse proxy
//! (HAProxy from Debian: round-robin, no sticky sessions, health checks on
//! `/api/health`), as a large organisation runs MUS. Nothing a request
//! needs may live in one instance's memory: a session begun on one goes
//! on on the other, throttling counts on both, races between them are
//! decided in the database, what one writes the other's dashboards show at
//! once (`store::notices`), work that must happen once happens once.
//!
//! One cluster serves every scenario, one after the other, to keep the
//! test run short; each scenario has people and a round of its own. A
//! request "on A" or "on B" goes straight to that instance's port; one
//! "through the proxy" may land on either.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mus_client::{Client, ClientError};
use mus_domain::{
    Answer, ErrorCode, Party, PreparationWrite, Role, SignRequest, SummaryContent, SummaryWrite,
};
use mus_server::services::people;
use mus_server::services::sessions::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS;

use crate::helpers::{Backend, ChildServer, PASSWORD, TestApp, TestUser};
use crate::lifecycle::{employee_text_question, hold_meeting, open_round};
use crate::mailbox::{Mailbox, free_port};

/// Long enough that only a notice from the other instance can make a kept
/// dashboard stale within a test.
const DASHBOARD_CACHE: Duration = Duration::from_secs(60);

/// HAProxy in front of the instances, stopped on drop.
#[derive(Debug)]
struct Proxy {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Proxy {
    /// The configuration `scripts/cluster` and `deploy/haproxy.cfg` use.
    async fn start(instances: &[u16]) -> Proxy {
        let port = free_port();
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut config = format!(
            "global\n    maxconn 4096\n\
             defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n\
             \x20   timeout server 60s\n    timeout check 1s\n    retries 3\n\
             \x20   option redispatch 1\n    retry-on conn-failure empty-response response-timeout\n\
             frontend mus\n    bind 127.0.0.1:{port}\n    default_backend instances\n\
             backend instances\n    balance roundrobin\n    option forwardfor\n\
             \x20   option httpchk GET /api/health\n    http-check expect status 200\n\
             \x20   default-server check inter 200ms fall 2 rise 1\n"
        );
        for (n, instance) in instances.iter().enumerate() {
            config.push_str(&format!("    server instance-{n} 127.0.0.1:{instance}\n"));
        }
        let file = dir.path().join("haproxy.cfg");
        std::fs::write(&file, config).expect("the proxy's configuration is written");
        let log = std::fs::File::create(dir.path().join("haproxy.log")).expect("the proxy's log");
        let child = Command::new("haproxy")
            .args(["-W", "-db", "-f"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect(
                "HAProxy runs the cluster tests: apt-get install haproxy (scripts/test installs it)",
            );
        let proxy = Proxy { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match reqwest::get(proxy.url("/api/health")).await {
                Ok(response) if response.status().is_success() => return proxy,
                _ if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                other => panic!(
                    "the proxy did not come up: {other:?}\n{}",
                    std::fs::read_to_string(proxy.dir.path().join("haproxy.log"))
                        .unwrap_or_default()
                ),
            }
        }
    }

    fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Instance A (whose database it is), instance B, and the proxy.
#[derive(Debug)]
struct Cluster {
    a: TestApp,
    b: TestApp,
    proxy: Proxy,
}

impl Cluster {
    /// `None` without PostgreSQL: one SQLite file is one instance's.
    async fn start(mail: &Mailbox) -> Option<Cluster> {
        let server = ChildServer::default()
            .dashboard_cache(DASHBOARD_CACHE)
            .behind_proxy()
            .smtp_url(mail.url());
        // One after the other: A migrates the database, B finds it done.
        let a = server.spawn(Backend::Postgres).await?;
        let b = a.another_instance().await;
        let proxy = Proxy::start(&[a.port(), b.port()]).await;
        Some(Cluster { a, b, proxy })
    }

    /// A client talking to the proxy, signed in as `user`.
    async fn through_proxy(&self, user: &TestUser) -> Client {
        let client = Client::new(&self.proxy.address()).expect("client");
        client.login(&user.email, PASSWORD).await.expect("login");
        client
    }
}

#[tokio::test]
async fn two_instances_behind_a_proxy() {
    if std::env::var_os("MUS_TEST_POSTGRES_URL").is_none() {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run two instances on PostgreSQL");
        return;
    }
    let mail = Mailbox::start().await;
    let mut cluster = Cluster::start(&mail).await.expect("PostgreSQL is set");

    a_session_goes_on_on_the_other_instance(&cluster).await;
    a_reused_refresh_token_ends_the_session_on_both(&cluster).await;
    failed_sign_ins_count_on_both_instances(&cluster).await;
    both_sign_at_the_same_moment_on_different_instances(&cluster).await;
    two_tabs_autosave_on_different_instances(&cluster).await;
    a_share_on_one_instance_shows_on_the_others_dashboard_at_once(&cluster).await;
    each_mail_goes_out_once_with_both_instances_delivering(&cluster, &mail).await;
    retention_and_leavers_run_once_when_both_try(&cluster).await;
    // Faults last: they stop and start the instances.
    a_rolling_restart_fails_no_request(&mut cluster).await;
    acknowledged_writes_survive_a_killed_instance(&mut cluster).await;
}

/// `POST /auth/refresh` with the token in the body, on the server at `base`.
async fn refresh_on(base: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/refresh"))
        .json(&serde_json::json!({ "refresh_token": token }))
        .send()
        .await
        .expect("the server answers")
}

async fn tokens(response: reqwest::Response) -> mus_domain::TokenResponse {
    assert_eq!(response.status(), 200, "refreshed");
    response.json().await.expect("tokens")
}

async fn problem_code(response: reqwest::Response) -> (u16, ErrorCode) {
    let status = response.status().as_u16();
    let problem: mus_domain::Problem = response.json().await.expect("a problem");
    (status, problem.code)
}

async fn a_session_goes_on_on_the_other_instance(cluster: &Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let user = a
        .create_user("Signe Vestergaard", Role::Employee, None)
        .await;

    // Signed in on A, refreshed on B, the new access token used on A.
    let on_a = a.signed_in(&user).await;
    let refreshed = tokens(refresh_on(&b.address, &on_a.refresh_token().unwrap()).await).await;
    on_a.set_access_token(refreshed.access_token.clone());
    assert_eq!(on_a.me().await.unwrap().id, user.id);
    let again =
        tokens(refresh_on(&a.address, refreshed.refresh_token.as_deref().unwrap()).await).await;
    assert_ne!(again.refresh_token, refreshed.refresh_token);

    // Through the proxy, every request on whichever instance: a session
    // rotated ten times (each rotation a write the next one must see).
    let client = cluster.through_proxy(&user).await;
    for _ in 0..10 {
        client
            .refresh()
            .await
            .expect("a refresh on either instance");
        client
            .me()
            .await
            .expect("the new token works on either instance");
    }
}

async fn a_reused_refresh_token_ends_the_session_on_both(cluster: &Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let user = a.create_user("Rasmus Holm", Role::Employee, None).await;
    let on_a = a.signed_in(&user).await;
    let stolen = on_a.refresh_token().unwrap();
    let current = tokens(refresh_on(&a.address, &stolen).await).await;

    // The old token replayed on B ends the session: its newer token is
    // refused on A as well as on B.
    assert_eq!(
        problem_code(refresh_on(&b.address, &stolen).await).await,
        (401, ErrorCode::RefreshTokenReused)
    );
    let newest = current.refresh_token.unwrap();
    for base in [&a.address, &b.address] {
        assert_eq!(
            problem_code(refresh_on(base, &newest).await).await,
            (401, ErrorCode::RefreshTokenInvalid),
            "on {base}"
        );
    }
}

async fn failed_sign_ins_count_on_both_instances(cluster: &Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    let user = a.create_user("Karen Bisgaard", Role::Employee, None).await;
    // From an address of its own, so no other scenario's failures count.
    let http = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 21)))
        .build()
        .expect("client");
    let attempt = |base: &str| {
        http.post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": user.email, "password": "forkert-kodeord-1" }))
            .send()
    };
    // Wrong passwords, on A and B in turn: each instance alone has seen
    // fewer failures than the limit.
    for n in 0..MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
        let base = if n % 2 == 0 { &a.address } else { &b.address };
        let response = attempt(base).await.expect("answered");
        assert_eq!(response.status(), 401, "failure {n} is checked");
    }
    for base in [&a.address, &b.address] {
        let response = attempt(base).await.expect("answered");
        assert_eq!(response.status(), 429, "refused on {base}");
        assert!(response.headers().contains_key("retry-after"));
    }
}

async fn both_sign_at_the_same_moment_on_different_instances(cluster: &Cluster) {
    const CONVERSATIONS: usize = 6;
    let (a, b) = (&cluster.a, &cluster.b);
    let hr_user = a.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager_user = a.create_user("Mette Kjær", Role::Manager, None).await;
    let mut employees = Vec::new();
    for i in 0..CONVERSATIONS {
        let name = format!("Underskriver {i}");
        employees.push(
            a.create_user(&name, Role::Employee, Some(&manager_user))
                .await,
        );
    }
    let hr = a.signed_in(&hr_user).await;
    open_round(a, &hr, 2021).await;
    let manager_on_b = b.signed_in(&manager_user).await;
    let mut races = tokio::task::JoinSet::new();
    for (i, user) in employees.iter().enumerate() {
        let employee_on_a = a.signed_in(user).await;
        let id = employee_on_a.conversations().await.unwrap()[0].id;
        hold_meeting(&manager_on_b, id, "2021-02-10T08:00:00Z").await;
        let proposal = manager_on_b.summary(id).await.unwrap();
        let drafted = manager_on_b
            .save_summary(
                id,
                &SummaryWrite {
                    version: proposal.version,
                    revision: proposal.revision,
                    content: SummaryContent {
                        decisions: format!("Beslutning {i}: mentor for de nye kolleger."),
                        ..SummaryContent::default()
                    },
                },
            )
            .await
            .unwrap();
        let sign = SignRequest {
            version: drafted.version,
            content_hash: drafted.content_hash.clone(),
            seen_not_agreed: None,
        };
        let manager_on_b = manager_on_b.clone();
        races.spawn(async move {
            let (by_employee, by_manager) = tokio::join!(
                employee_on_a.sign_summary(id, &sign),
                manager_on_b.sign_summary(id, &sign),
            );
            (id, drafted, by_employee, by_manager)
        });
    }
    for (id, drafted, by_employee, by_manager) in races.join_all().await {
        // Both signatures stand (the conversation row queues them), on the
        // text that was drafted, and the summary is locked.
        by_employee.expect("the employee's signature, on A");
        by_manager.expect("the manager's signature, on B");
        for instance in [a, b] {
            let summary = instance
                .signed_in(&manager_user)
                .await
                .summary(id)
                .await
                .unwrap();
            assert!(summary.locked, "locked as seen on {}", instance.address);
            assert_eq!(summary.signatures.len(), 2);
            assert_eq!(summary.content_hash, drafted.content_hash);
            assert_eq!(summary.content.decisions, drafted.content.decisions);
        }
    }
}

async fn two_tabs_autosave_on_different_instances(cluster: &Cluster) {
    const SAVES: usize = 10;
    let (a, b) = (&cluster.a, &cluster.b);
    let hr_user = a.create_user("Henrik Mølgaard", Role::HrAdmin, None).await;
    let manager = a.create_user("Lone Kragh", Role::Manager, None).await;
    let employee = a
        .create_user("Ida Brandt", Role::Employee, Some(&manager))
        .await;
    let hr = a.signed_in(&hr_user).await;
    let form = open_round(a, &hr, 2022).await;
    let question = employee_text_question(&hr, form).await.key;
    // One session, two tabs: the same person on each instance.
    let tab_a = a.signed_in(&employee).await;
    let tab_b = b.signed_in(&employee).await;
    let id = tab_a.conversations().await.unwrap()[0].id;
    let write = |version: u32, text: String| PreparationWrite {
        version,
        answers: [(question.clone(), Answer::Text(text))].into(),
    };

    let mut version = 0;
    for n in 0..SAVES {
        let (text_a, text_b) = (format!("Fane A, gem {n}"), format!("Fane B, gem {n}"));
        let (write_a, write_b) = (
            write(version, text_a.clone()),
            write(version, text_b.clone()),
        );
        let (on_a, on_b) = tokio::join!(
            tab_a.save_preparation(id, Party::Employee, &write_a),
            tab_b.save_preparation(id, Party::Employee, &write_b),
        );
        // One stands, the other is refused with the stored text in
        // `current`; that tab saves its text again on top, and both stay.
        let (saved, lost, lost_tab, lost_text) = match (on_a, on_b) {
            (Ok(saved), Err(lost)) => (saved, lost, &tab_b, text_b),
            (Err(lost), Ok(saved)) => (saved, lost, &tab_a, text_a),
            other => panic!("one of two saves of version {version} stands: {other:?}"),
        };
        assert_eq!(saved.version, version + 1);
        let ClientError::Api(problem) = lost else {
            panic!("a problem: {lost:?}")
        };
        assert_eq!(
            (problem.status, problem.code),
            (409, ErrorCode::VersionConflict)
        );
        let current: mus_domain::Preparation =
            serde_json::from_value(problem.current.expect("the stored preparation")).unwrap();
        assert_eq!(current, saved);
        let merged = match current.answers.get(&question) {
            Some(Answer::Text(stored)) => format!("{stored}\n{lost_text}"),
            other => panic!("the stored answer is text: {other:?}"),
        };
        let resaved = lost_tab
            .save_preparation(id, Party::Employee, &write(current.version, merged.clone()))
            .await
            .expect("saved on top of the stored version");
        version = resaved.version;
        for tab in [&tab_a, &tab_b] {
            let stored = tab.preparation(id, Party::Employee).await.unwrap();
            assert_eq!(stored.version, version);
            assert_eq!(
                stored.answers.get(&question),
                Some(&Answer::Text(merged.clone()))
            );
        }
    }
    assert_eq!(version as usize, 2 * SAVES);
}

/// `GET /dashboard/team` as `token` on the server at `base`: the rows'
/// (employee, shared) and how many SQL statements it took.
async fn team_dashboard_on(base: &str, token: &str) -> (Vec<(mus_domain::UserId, bool)>, u32) {
    let response = reqwest::Client::new()
        .get(format!("{base}/api/v1/dashboard/team"))
        .bearer_auth(token)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let statements = response
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("the statement count");
    let dashboard: mus_domain::TeamDashboard = response.json().await.expect("a dashboard");
    let rows = dashboard
        .rows
        .iter()
        .map(|row| (row.employee.id, row.employee_shared))
        .collect();
    (rows, statements)
}

async fn a_share_on_one_instance_shows_on_the_others_dashboard_at_once(cluster: &Cluster) {
    const REPORTS: usize = 8;
    let (a, b) = (&cluster.a, &cluster.b);
    let hr_user = a.create_user("Helle Dam", Role::HrAdmin, None).await;
    let manager = a.create_user("Jens Overgaard", Role::Manager, None).await;
    let mut reports = Vec::new();
    for i in 0..REPORTS {
        let name = format!("Deler {i}");
        reports.push(a.create_user(&name, Role::Employee, Some(&manager)).await);
    }
    let hr = a.signed_in(&hr_user).await;
    open_round(a, &hr, 2023).await;
    let manager_on_b = b.signed_in(&manager).await;
    let token = manager_on_b.access_token().unwrap();
    let mut lags = Vec::new();
    for report in &reports {
        let on_a = a.signed_in(report).await;
        let id = on_a.conversations().await.unwrap()[0].id;
        // B keeps the dashboard: asked again, it reads nothing.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (rows, statements) = team_dashboard_on(&b.address, &token).await;
            let shared = rows.iter().find(|(who, _)| *who == report.id).unwrap().1;
            assert!(!shared, "not shared yet");
            if statements == 0 {
                break;
            }
            assert!(Instant::now() < deadline, "B never kept the dashboard");
        }

        on_a.share_preparation(id, Party::Employee).await.unwrap();
        let shared_at = Instant::now();
        let (rows, _) = team_dashboard_on(&b.address, &token).await;
        lags.push(shared_at.elapsed());

        let shared = rows.iter().find(|(who, _)| *who == report.id).unwrap().1;
        assert!(shared, "the share on A shows on B's next read");
    }
    lags.sort();
    eprintln!(
        "cluster: {REPORTS} of {REPORTS} shares on A shown on B's next dashboard read \
         (kept for {} s); share answered → B's dashboard answered: median {:?}, max {:?}",
        DASHBOARD_CACHE.as_secs(),
        lags[lags.len() / 2],
        lags[lags.len() - 1],
    );
}

async fn each_mail_goes_out_once_with_both_instances_delivering(cluster: &Cluster, mail: &Mailbox) {
    const PEOPLE: usize = 16;
    let before = mail.messages().len();
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        let name = format!("Glemsom {i}");
        people.push(cluster.a.create_user(&name, Role::Employee, None).await);
    }
    // Asked through the proxy, all at once: each instance's delivery worker
    // claims from the one outbox.
    let anyone = Client::new(&cluster.proxy.address()).expect("client");
    let asks = people
        .iter()
        .map(|person| anyone.request_password_reset(&person.email, None));
    for asked in futures_util::future::join_all(asks).await {
        asked.expect("accepted");
    }
    for person in &people {
        mail.wait_for(&person.email, 1).await;
    }
    // Time for a second delivery of any of them to arrive.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = &mail.messages()[before..];
    assert_eq!(received.len(), PEOPLE, "one message each, none twice");
    let ids: HashSet<String> = received
        .iter()
        .map(|m| m.header("Message-ID").expect("a Message-ID"))
        .collect();
    assert_eq!(ids.len(), PEOPLE);
    for person in &people {
        assert_eq!(mail.messages_to(&person.email).len(), 1, "{}", person.email);
    }
}

async fn retention_and_leavers_run_once_when_both_try(cluster: &Cluster) {
    // The work `mus serve` runs daily and hourly, claimed at the same moment
    // through each instance's own connections.
    let now = chrono::Utc::now();
    let (on_a, on_b) = tokio::join!(
        people::apply_retention_daily(&cluster.a.db, 5, now),
        people::apply_retention_daily(&cluster.b.db, 5, now),
    );
    let ran = [on_a.unwrap(), on_b.unwrap()];
    assert_eq!(ran.iter().filter(|r| r.is_some()).count(), 1, "{ran:?}");
    // Within the day, nobody runs it again.
    let later = now + chrono::Duration::hours(1);
    assert!(
        people::apply_retention_daily(&cluster.b.db, 5, later)
            .await
            .unwrap()
            .is_none()
    );
    let tomorrow = now + chrono::Duration::hours(24);
    assert!(
        people::apply_retention_daily(&cluster.b.db, 5, tomorrow)
            .await
            .unwrap()
            .is_some()
    );

    let (on_a, on_b) = tokio::join!(
        people::end_leavers_access_hourly(&cluster.a.db, now),
        people::end_leavers_access_hourly(&cluster.b.db, now),
    );
    let ran = [on_a.unwrap(), on_b.unwrap()];
    assert_eq!(ran.iter().filter(|r| r.is_some()).count(), 1, "{ran:?}");
}

/// People autosaving their own preparations through the proxy, as fast as
/// the cluster answers, each with the version its last save returned.
struct Autosavers {
    clients: Vec<(Client, mus_domain::ConversationId)>,
    question: String,
}

/// What one autosaver saw: every text it sent, by the version it was sent
/// on; saves answered, refused with 409 (its own save, committed on an
/// instance that died before answering, sent again by the proxy), failed.
#[derive(Debug, Default)]
struct Saved {
    sent: std::collections::HashMap<u32, String>,
    acknowledged: u32,
    answered: usize,
    conflicts: usize,
    failed: Vec<String>,
}

impl Autosavers {
    async fn new(cluster: &Cluster, year: i32, people: usize) -> Autosavers {
        let a = &cluster.a;
        let hr_user = a.create_user("Hans Fog", Role::HrAdmin, None).await;
        let manager = a.create_user("Birthe Lund", Role::Manager, None).await;
        let mut employees = Vec::new();
        for i in 0..people {
            let name = format!("Skribent {year} {i}");
            employees.push(a.create_user(&name, Role::Employee, Some(&manager)).await);
        }
        let hr = a.signed_in(&hr_user).await;
        let form = open_round(a, &hr, year).await;
        let question = employee_text_question(&hr, form).await.key;
        let mut clients = Vec::new();
        for employee in &employees {
            let client = cluster.through_proxy(employee).await;
            let id = client.conversations().await.unwrap()[0].id;
            clients.push((client, id));
        }
        Autosavers { clients, question }
    }

    /// Saves until `stop` is set; what each saw.
    async fn run(&self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Vec<Saved> {
        let runs = self.clients.iter().map(|(client, id)| {
            let stop = stop.clone();
            async move {
                let mut saved = Saved::default();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let version = saved.acknowledged;
                    let text = format!("Gem {n} på version {version}");
                    saved.sent.insert(version + 1, text.clone());
                    let write = PreparationWrite {
                        version,
                        answers: [(self.question.clone(), Answer::Text(text))].into(),
                    };
                    match client.save_preparation(*id, Party::Employee, &write).await {
                        Ok(answer) => {
                            saved.answered += 1;
                            saved.acknowledged = answer.version;
                        }
                        Err(ClientError::Api(problem)) if problem.status == 409 => {
                            saved.conflicts += 1;
                            let current: mus_domain::Preparation =
                                serde_json::from_value(problem.current.unwrap()).unwrap();
                            saved.acknowledged = current.version;
                        }
                        Err(other) => saved.failed.push(format!("{other:?}")),
                    }
                }
                saved
            }
        });
        futures_util::future::join_all(runs).await
    }

    /// Every preparation holds the text sent for the version it is at, at
    /// or past the last one acknowledged.
    async fn check(&self, saved: &[Saved]) {
        for ((owner, id), saved) in self.clients.iter().zip(saved) {
            let stored = owner.preparation(*id, Party::Employee).await.unwrap();
            assert!(
                stored.version >= saved.acknowledged,
                "an acknowledged save was lost"
            );
            assert_eq!(
                stored.answers.get(&self.question),
                saved
                    .sent
                    .get(&stored.version)
                    .map(|text| Answer::Text(text.clone()))
                    .as_ref(),
                "the text sent for version {}",
                stored.version
            );
        }
    }
}

fn tally(saved: &[Saved]) -> (usize, usize, Vec<String>) {
    let answered = saved.iter().map(|s| s.answered).sum();
    let conflicts = saved.iter().map(|s| s.conflicts).sum();
    let failed = saved.iter().flat_map(|s| s.failed.clone()).collect();
    (answered, conflicts, failed)
}

/// Reads through the proxy as fast as the cluster answers until `stop`:
/// (answered, failures).
async fn read_steadily(
    client: Client,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (usize, Vec<String>) {
    let mut answered = 0;
    let mut failed = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        match client.me().await {
            Ok(_) => answered += 1,
            Err(error) => failed.push(format!("{error:?}")),
        }
    }
    (answered, failed)
}

async fn a_rolling_restart_fails_no_request(cluster: &mut Cluster) {
    let savers = Autosavers::new(cluster, 2024, 4).await;
    let readers_user = cluster
        .a
        .create_user("Læser Rull", Role::Employee, None)
        .await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..4 {
        let client = cluster.through_proxy(&readers_user).await;
        readers.push(tokio::spawn(read_steadily(client, stop.clone())));
    }
    let saving = savers.run(stop.clone());
    let rolling = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        for instance in [&mut cluster.a, &mut cluster.b] {
            instance.terminate();
            assert!(
                instance
                    .exit_status(Duration::from_secs(35))
                    .await
                    .success()
            );
            instance.restart_in_place().await;
            // The proxy's next health check (every 200 ms) finds it back.
            tokio::time::sleep(Duration::from_millis(600)).await;
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (saved, ()) = tokio::join!(saving, rolling);
    let mut read = 0;
    let mut read_failures = Vec::new();
    for reader in readers {
        let (answered, failed) = reader.await.unwrap();
        read += answered;
        read_failures.extend(failed);
    }
    let (answered, conflicts, save_failures) = tally(&saved);
    eprintln!(
        "cluster: rolling restart (SIGTERM A, start it, then B) under load through the proxy: \
         {read} reads and {answered} saves answered, {} + {} failed, {conflicts} saves refused with 409",
        read_failures.len(),
        save_failures.len(),
    );
    assert!(read_failures.is_empty(), "{read_failures:?}");
    assert!(save_failures.is_empty(), "{save_failures:?}");
    // A stopping instance finishes what it has: nothing is sent twice.
    assert_eq!(conflicts, 0);
    savers.check(&saved).await;
}

async fn acknowledged_writes_survive_a_killed_instance(cluster: &mut Cluster) {
    let savers = Autosavers::new(cluster, 2019, 6).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let saving = savers.run(stop.clone());
    let killing = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        cluster.b.kill();
        // Saves go on, on A alone once the proxy has taken B out.
        tokio::time::sleep(Duration::from_secs(2)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (saved, ()) = tokio::join!(saving, killing);
    let (answered, conflicts, failed) = tally(&saved);
    eprintln!(
        "cluster: instance B killed (SIGKILL) under autosaves through the proxy: {answered} saves \
         acknowledged and found, {conflicts} refused with 409 (sent again after B died), {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "{failed:?}");
    savers.check(&saved).await;
    cluster.b.restart_in_place().await;
}
