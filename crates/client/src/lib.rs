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
pub use http::Method;
use mus_domain::{
    AuthMethods, ErrorCode, Language, LoginRequest, Me, PasswordChange, PasswordResetCompletion,
    PasswordResetRequest, Problem, RefreshRequest, TokenResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
mod query;
mod rounds;
mod summary;
mod transport;
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

impl Body {
    fn json<B: Serialize + ?Sized>(body: &B) -> Result<Body> {
        serde_json::to_vec(body)
            .map(Body::Json)
            .map_err(|e| ClientError::Decode(e.to_string()))
    }
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
    transport: transport::Transport,
    /// Scheme and authority, such as `http://localhost:8080`.
    origin: String,
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
        Ok(Client {
            transport: transport::Transport::new(storage)?,
            origin: origin(base)?.to_owned(),
            storage,
            session: Arc::default(),
            refreshing: Arc::default(),
        })
    }

    /// The absolute URL of an API path such as `me` or `auth/login`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{}", self.origin, path.trim_start_matches('/'))
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
        decode(
            &self
                .exchange(&Method::GET, "auth/methods", None, &Body::Empty)
                .await?,
        )
    }

    /// `POST /auth/login`: sign in and keep the session in this client.
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenResponse> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
            refresh_cookie: self.storage == RefreshStorage::Cookie,
        };
        self.sign_in("auth/login", &body).await
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
        let body = Body::json(&RefreshRequest {
            refresh_token: self.refresh_token(),
        })?;
        let result = self
            .exchange(&Method::POST, "auth/logout", None, &body)
            .await;
        *self.lock_session() = Session::default();
        result.map(drop)
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
        let body = Body::json(&PasswordResetRequest {
            email: email.to_owned(),
            language,
        })?;
        self.exchange(&Method::POST, "auth/password-reset", None, &body)
            .await
            .map(drop)
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
        self.sign_in("auth/password-reset/complete", &body).await
    }

    /// `GET /me`: who is signed in.
    pub async fn me(&self) -> Result<Me> {
        self.get("me").await
    }

    // ---- plumbing ---------------------------------------------------------

    /// An authenticated `GET` of an API path, decoded as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.call(Method::GET, path, Body::Empty).await
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
            Some(body) => Body::json(body)?,
            None => Body::Empty,
        };
        self.call(method, path, body).await
    }

    /// Sends `body` with the access token, refreshing once if it expired,
    /// and decodes the answer as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Body,
    ) -> Result<T> {
        decode(&self.authorised(&method, path, &body).await?)
    }

    /// An authenticated `GET` of a path whose answer is text, not JSON.
    pub(crate) async fn text(&self, path: &str) -> Result<String> {
        let body = self.authorised(&Method::GET, path, &Body::Empty).await?;
        String::from_utf8(body).map_err(|e| ClientError::Decode(e.to_string()))
    }

    /// The body of the answer to `body` sent with the access token,
    /// refreshing once if it expired. Not generic, so that it is compiled
    /// once, not once for each type of answer.
    async fn authorised(&self, method: &Method, path: &str, body: &Body) -> Result<Vec<u8>> {
        let mut token = self.access_token();
        if token.is_none() && self.storage == RefreshStorage::Cookie {
            // After a page load only the cookie remains: refresh first rather
            // than send a request that is certain to be refused.
            token = Some(self.refresh_after_failure(None).await?);
        }
        match self.exchange(method, path, token.as_deref(), body).await {
            Err(error) if self.should_refresh(&error) => {
                let fresh = self.refresh_after_failure(token.as_deref()).await?;
                self.exchange(method, path, Some(&fresh), body).await
            }
            result => result,
        }
    }

    /// One request and the body of its answer; a problem the server reports
    /// is an error.
    async fn exchange(
        &self,
        method: &Method,
        path: &str,
        token: Option<&str>,
        body: &Body,
    ) -> Result<Vec<u8>> {
        let answer = self
            .transport
            .send(transport::Request {
                method,
                url: &self.url(path),
                token,
                body,
            })
            .await?;
        if (200..300).contains(&answer.status) {
            Ok(answer.body)
        } else {
            Err(problem(answer))
        }
    }

    /// Signs in at `path` with `body` and keeps the session it starts.
    async fn sign_in<B: Serialize>(&self, path: &str, body: &B) -> Result<TokenResponse> {
        let body = Body::json(body)?;
        let tokens: TokenResponse =
            decode(&self.exchange(&Method::POST, path, None, &body).await?)?;
        self.store(&tokens);
        Ok(tokens)
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
        let result = self.sign_in("auth/refresh", &body).await;
        if let Err(error) = &result
            && error.is_signed_out()
        {
            *self.lock_session() = Session::default();
        }
        result
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

/// The scheme and authority of `base` (`http://localhost:8080` of
/// `http://localhost:8080/anything`): the API is always at the root.
fn origin(base: &str) -> Result<&str> {
    let invalid = || ClientError::Transport(format!("not an http(s) address: {base}"));
    let after_scheme = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            base.get(..scheme.len())
                .filter(|prefix| prefix.eq_ignore_ascii_case(scheme))
                .map(|_| scheme.len())
        })
        .ok_or_else(invalid)?;
    let authority = base[after_scheme..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    if authority.is_empty() {
        return Err(invalid());
    }
    Ok(&base[..after_scheme + authority.len()])
}

/// The answer's body as `T`; an empty body is read as `null`, which `()`
/// and other unit-like types accept.
///
/// The body is parsed into a JSON tree first, once for every type, and `T`
/// is read from the tree: a type's decoder over a tree is much less code
/// than over the streaming parser, which matters in the web app, where
/// every type of answer it reads is code the browser downloads.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let body = if body.is_empty() { b"null" } else { body };
    let tree = serde_json::from_slice(body).map_err(|e| ClientError::Decode(e.to_string()))?;
    serde_json::from_value(tree).map_err(|e| ClientError::Decode(e.to_string()))
}

/// The error for an answer that is not a success: the server's problem
/// document, when it sent one.
fn problem(answer: transport::Answer) -> ClientError {
    match decode::<Problem>(&answer.body) {
        Ok(problem) => ClientError::Api(Box::new(problem)),
        Err(_) => ClientError::Decode(format!(
            "status {} without a problem document{}",
            answer.status,
            if matches!(answer.status, 502 | 503) {
                " (is the server running?)"
            } else {
                ""
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn the_api_is_at_the_root_of_the_address() {
        assert_eq!(
            origin("http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        assert_eq!(
            origin("https://mus.example.dk/some/page?x#y").unwrap(),
            "https://mus.example.dk"
        );
        assert_eq!(origin("HTTP://[::1]:80/").unwrap(), "HTTP://[::1]:80");
    }

    #[test]
    fn an_address_without_http_or_host_is_refused() {
        assert!(origin("localhost:8080").is_err());
        assert!(origin("ftp://example.dk").is_err());
        assert!(origin("http:///api").is_err());
    }
}
