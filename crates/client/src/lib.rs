//! A typed client for the MUS REST API (`/api/v1`).
//!
//! The same client serves the browser SPA (compiled to wasm, where the refresh
//! token lives in an HttpOnly cookie that scripts cannot read) and native
//! integrations (which hold the refresh token themselves). Either way an
//! expired access token is refreshed transparently, once, and the request
//! retried; concurrent requests share one refresh so that the single-use
//! refresh token is never presented twice.

use std::sync::{Arc, Mutex, PoisonError};

use futures_util::lock::Mutex as AsyncMutex;
use mus_domain::{
    AuthMethods, ErrorCode, Language, LoginRequest, Me, PasswordChange, PasswordResetCompletion,
    PasswordResetRequest, Problem, RefreshRequest, TokenResponse,
};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

mod audit;
mod calendar;
mod dashboards;
mod follow_up;
mod forms;
mod groups;
mod health;
mod notifications;
mod ops;
mod people;
mod rounds;
mod summary;
mod webhooks;

pub use audit::AuditQuery;
pub use people::UserQuery;

/// Everything that can go wrong when talking to the API.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a problem document.
    #[error("{0}")]
    Api(Box<Problem>),
    /// The server could not be reached, or the connection broke.
    #[error("could not reach the server: {0}")]
    Transport(String),
    /// The server answered with something this client does not understand.
    #[error("unexpected response from the server: {0}")]
    Decode(String),
}

impl ClientError {
    /// The problem's stable code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(problem) => Some(problem.code),
            _ => None,
        }
    }

    /// The whole problem+json body, when the server sent one: its `errors`,
    /// `current` and `reason` say more than the code.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(problem) => Some(problem),
            _ => None,
        }
    }

    /// True when the session is over and the person must sign in again.
    pub fn is_signed_out(&self) -> bool {
        matches!(
            self.code(),
            Some(
                ErrorCode::Unauthenticated
                    | ErrorCode::TokenExpired
                    | ErrorCode::TokenInvalid
                    | ErrorCode::RefreshTokenInvalid
                    | ErrorCode::RefreshTokenReused
            )
        )
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// A request body, already encoded.
#[derive(Debug)]
pub(crate) enum Body {
    Empty,
    Json(Vec<u8>),
    Csv(String),
}

/// Where the refresh token is kept between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshStorage {
    /// In an HttpOnly cookie set by the server (browsers).
    Cookie,
    /// In this client's memory (integrations and tests).
    Memory,
}

#[derive(Debug, Default)]
struct Session {
    access_token: Option<String>,
    refresh_token: Option<String>,
}

/// A handle to one MUS server. Cheap to clone; clones share the session.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    api: Url,
    storage: RefreshStorage,
    session: Arc<Mutex<Session>>,
    refreshing: Arc<AsyncMutex<()>>,
}

impl Client {
    /// A client for the server at `base` (for example `http://localhost:8080`),
    /// keeping the refresh token in memory.
    pub fn new(base: &str) -> Result<Client> {
        Client::with_storage(base, RefreshStorage::Memory)
    }

    /// A client for a browser page served by the same server: the refresh
    /// token stays in the HttpOnly cookie, out of reach of scripts.
    pub fn for_browser(origin: &str) -> Result<Client> {
        Client::with_storage(origin, RefreshStorage::Cookie)
    }

    pub fn with_storage(base: &str, storage: RefreshStorage) -> Result<Client> {
        let base = Url::parse(base).map_err(|e| ClientError::Transport(e.to_string()))?;
        let api = base
            .join("/api/v1/")
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        Ok(Client {
            http: build_http(storage)?,
            api,
            storage,
            session: Arc::default(),
            refreshing: Arc::default(),
        })
    }

    /// The absolute URL of an API path such as `me` or `auth/login`.
    pub fn url(&self, path: &str) -> Url {
        self.api
            .join(path.trim_start_matches('/'))
            .expect("API paths are valid relative URLs")
    }

    /// The underlying HTTP client, for requests this client does not model.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The current access token, if signed in.
    pub fn access_token(&self) -> Option<String> {
        self.lock_session().access_token.clone()
    }

    /// The refresh token held in memory (never in cookie mode).
    pub fn refresh_token(&self) -> Option<String> {
        self.lock_session().refresh_token.clone()
    }

    /// Use this access token from now on (for example a personal API token).
    pub fn set_access_token(&self, token: impl Into<String>) {
        self.lock_session().access_token = Some(token.into());
    }

    // ---- auth -------------------------------------------------------------

    /// `GET /auth/methods`: how people can sign in here (password, the
    /// organisation's sign-in). Needs no session.
    pub async fn auth_methods(&self) -> Result<AuthMethods> {
        read_json(self.http.get(self.url("auth/methods"))).await
    }

    /// `POST /auth/login`: sign in and keep the session in this client.
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenResponse> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
            refresh_cookie: self.storage == RefreshStorage::Cookie,
        };
        let tokens: TokenResponse =
            read_json(self.http.post(self.url("auth/login")).json(&body)).await?;
        self.store(&tokens);
        Ok(tokens)
    }

    /// `POST /auth/refresh`: trade the refresh token for a new pair.
    ///
    /// In cookie mode any request made with no access token in memory (after
    /// a page load) refreshes first, which resumes the session.
    pub async fn refresh(&self) -> Result<TokenResponse> {
        let _one_at_a_time = self.refreshing.lock().await;
        self.refresh_locked().await
    }

    /// `POST /auth/logout`: end the session on the server and forget it here.
    pub async fn logout(&self) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: self.refresh_token(),
        };
        let result = expect_no_content(self.http.post(self.url("auth/logout")).json(&body)).await;
        *self.lock_session() = Session::default();
        result
    }

    /// `POST /auth/password`: change the own password. Every session of the
    /// person ends; this client carries on with the new one it gets back.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<TokenResponse> {
        let body = PasswordChange {
            current_password: current.to_owned(),
            new_password: new.to_owned(),
            refresh_cookie: self.storage == RefreshStorage::Cookie,
        };
        let tokens: TokenResponse = self
            .send(Method::POST, "auth/password", Some(&body))
            .await?;
        self.store(&tokens);
        Ok(tokens)
    }

    /// `POST /auth/password-reset`: ask for a link to choose a new password.
    /// Accepted whether or not the address is known.
    pub async fn request_password_reset(
        &self,
        email: &str,
        language: Option<Language>,
    ) -> Result<()> {
        let body = PasswordResetRequest {
            email: email.to_owned(),
            language,
        };
        expect_no_content(self.http.post(self.url("auth/password-reset")).json(&body)).await
    }

    /// `POST /auth/password-reset/complete`: choose a password with the
    /// secret from an invitation or reset link, and carry on signed in.
    pub async fn complete_password_reset(
        &self,
        token: &str,
        new_password: &str,
    ) -> Result<TokenResponse> {
        let body = PasswordResetCompletion {
            token: token.to_owned(),
            new_password: new_password.to_owned(),
            refresh_cookie: self.storage == RefreshStorage::Cookie,
        };
        let tokens: TokenResponse = read_json(
            self.http
                .post(self.url("auth/password-reset/complete"))
                .json(&body),
        )
        .await?;
        self.store(&tokens);
        Ok(tokens)
    }

    /// `GET /me`: who is signed in.
    pub async fn me(&self) -> Result<Me> {
        self.get("me").await
    }

    // ---- plumbing ---------------------------------------------------------

    /// An authenticated `GET` of an API path, decoded as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(Method::GET, path, None::<&()>).await
    }

    /// An authenticated request with an optional JSON body, decoded as `T`.
    /// An expired access token is refreshed once and the request retried.
    pub async fn send<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T> {
        let body = match body {
            Some(body) => Body::Json(
                serde_json::to_vec(body).map_err(|e| ClientError::Decode(e.to_string()))?,
            ),
            None => Body::Empty,
        };
        self.call(method, path, body).await
    }

    /// Sends `body` with the access token, refreshing once if it expired.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Body,
    ) -> Result<T> {
        let url = self.url(path);
        let build = |token: Option<&str>| {
            let mut request = self.http.request(method.clone(), url.clone());
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            match &body {
                Body::Empty => request,
                Body::Json(bytes) => request
                    .header("content-type", "application/json")
                    .body(bytes.clone()),
                Body::Csv(text) => request
                    .header("content-type", "text/csv; charset=utf-8")
                    .body(text.clone()),
            }
        };
        let mut token = self.access_token();
        if token.is_none() && self.storage == RefreshStorage::Cookie {
            // After a page load only the cookie remains: refresh first rather
            // than send a request that is certain to be refused.
            token = Some(self.refresh_after_failure(None).await?);
        }
        match read_json(build(token.as_deref())).await {
            Err(error) if self.should_refresh(&error) => {
                let fresh = self.refresh_after_failure(token.as_deref()).await?;
                read_json(build(Some(&fresh))).await
            }
            result => result,
        }
    }

    fn should_refresh(&self, error: &ClientError) -> bool {
        let can_refresh = self.storage == RefreshStorage::Cookie || self.refresh_token().is_some();
        error.code() == Some(ErrorCode::TokenExpired) && can_refresh
    }

    /// Refreshes unless another request already did so since `failed_with`
    /// was sent; returns the access token to retry with.
    async fn refresh_after_failure(&self, failed_with: Option<&str>) -> Result<String> {
        let _one_at_a_time = self.refreshing.lock().await;
        if let Some(current) = self.access_token()
            && Some(current.as_str()) != failed_with
        {
            return Ok(current);
        }
        Ok(self.refresh_locked().await?.access_token)
    }

    async fn refresh_locked(&self) -> Result<TokenResponse> {
        let body = RefreshRequest {
            refresh_token: self.refresh_token(),
        };
        let result: Result<TokenResponse> =
            read_json(self.http.post(self.url("auth/refresh")).json(&body)).await;
        match result {
            Ok(tokens) => {
                self.store(&tokens);
                Ok(tokens)
            }
            Err(error) => {
                if error.is_signed_out() {
                    *self.lock_session() = Session::default();
                }
                Err(error)
            }
        }
    }

    fn store(&self, tokens: &TokenResponse) {
        let mut session = self.lock_session();
        session.access_token = Some(tokens.access_token.clone());
        if self.storage == RefreshStorage::Memory {
            session.refresh_token.clone_from(&tokens.refresh_token);
        }
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn build_http(storage: RefreshStorage) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder();
    // Natively, a cookie store stands in for the browser's cookie jar.
    #[cfg(not(target_arch = "wasm32"))]
    let builder = builder.cookie_store(storage == RefreshStorage::Cookie);
    #[cfg(target_arch = "wasm32")]
    let _ = storage;
    builder
        .build()
        .map_err(|e| ClientError::Transport(e.to_string()))
}

async fn execute(request: RequestBuilder) -> Result<reqwest::Response> {
    let response = request
        .send()
        .await
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(problem_from(response).await)
    }
}

async fn read_json<T: DeserializeOwned>(request: RequestBuilder) -> Result<T> {
    let response = execute(request).await?;
    let bytes = response
        .bytes()
        .await
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    // `()` and other unit-like targets accept an empty body.
    let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
    serde_json::from_slice(bytes).map_err(|e| ClientError::Decode(e.to_string()))
}

async fn expect_no_content(request: RequestBuilder) -> Result<()> {
    execute(request).await.map(drop)
}

async fn problem_from(response: reqwest::Response) -> ClientError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ClientError::Api(Box::new(problem)),
        Err(_) => ClientError::Decode(format!(
            "status {status} without a problem document{}",
            if status == StatusCode::BAD_GATEWAY || status == StatusCode::SERVICE_UNAVAILABLE {
                " (is the server running?)"
            } else {
                ""
            }
        )),
    }
}
