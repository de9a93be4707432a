//! Stopping the server with SIGTERM, as a deployment does: a request that is
//! in flight when the signal comes is finished and its write kept; requests
//! that come after it are not served; then the server exits cleanly.

use std::time::Duration;

use mus_domain::{Role, TokenResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, PASSWORD, spawn_app_in_child};

/// Sends a health check on a new connection and returns what came back
/// before the connection ended: nothing, when the server did not serve it.
async fn unanswered(host: String) -> String {
    let Ok(mut stream) = TcpStream::connect(&host).await else {
        return String::new();
    };
    let request = format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return String::new();
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

async fn a_request_in_flight_is_finished(backend: Backend) {
    let Some(mut app) = spawn_app_in_child(backend).await else {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL");
        return;
    };
    let user = app.create_user("Karen Vester", Role::Employee, None).await;
    let body = serde_json::json!({ "email": user.email, "password": PASSWORD }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let host = app.address.trim_start_matches("http://").to_owned();

    // The request is under way: headers and half the body are sent...
    let mut stream = TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // ...when the signal comes. The rest of the body follows after it.
    app.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // A request on a new connection after the signal is not served.
    let latecomer = tokio::spawn(unanswered(host.clone()));
    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();

    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let (_, json) = response.split_once("\r\n\r\n").unwrap();
    let tokens: TokenResponse = serde_json::from_str(json).unwrap();
    let status = app.exit_status(Duration::from_secs(35)).await;
    assert!(status.success(), "{status:?}");
    assert_eq!(
        latecomer.await.unwrap(),
        "",
        "a new request was served after SIGTERM"
    );
    assert!(TcpStream::connect(&host).await.is_err());

    // The session the request opened was written: it refreshes after a
    // restart.
    app.restart().await;
    let refreshed = app
        .http()
        .post(app.url("/api/v1/auth/refresh"))
        .json(&serde_json::json!({ "refresh_token": tokens.refresh_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 200);
}

#[tokio::test]
async fn a_request_in_flight_when_sigterm_comes_is_finished_sqlite() {
    a_request_in_flight_is_finished(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_request_in_flight_when_sigterm_comes_is_finished_postgres() {
    a_request_in_flight_is_finished(Backend::Postgres).await;
}
