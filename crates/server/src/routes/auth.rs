use std::net::IpAddr;

use super::Routes;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use mus_domain::{
    AuthMethods, ErrorCode, LoginRequest, LogoutRequest, OidcMethod, PasswordChange,
    PasswordResetCompletion, PasswordResetRequest, Problem, RefreshRequest, TokenResponse,
};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::services::sessions::{self, IssuedSession};
use crate::services::sign_in_links;
use crate::state::AppState;

use super::OIDC_LOGIN;

/// The refresh-token cookie. Scoped to the auth endpoints, so it travels with
/// no other request, and HttpOnly, so no script in the page can read it.
const REFRESH_COOKIE: &str = "mus_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";
/// Beside the refresh cookie, for the web app, which cannot read that one:
/// a session may be resumed (it holds nothing but `1`). Without it the app
/// does not ask, so a visitor who never signed in sees no refused refresh.
const HINT_COOKIE: &str = mus_domain::auth::SESSION_HINT_COOKIE;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(auth_methods)
        .service(login)
        .service(refresh)
        .service(logout)
        .service(change_password)
        .service(password_reset)
        .service(password_reset_complete);
}

/// Ask for a link to choose a new password, sent to the e-mail address.
///
/// Always answers 202 at once, whether or not the address belongs to
/// anyone, so the answer and its timing tell nothing about who has an
/// account. A mail with a single-use link (valid for an hour) goes out
/// when the address belongs to someone who has not left and who has been
/// sent fewer than 3 such mails within the hour; an earlier link stops
/// working. Refused while password sign-in is switched off.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted; a mail goes out if the address is known"),
        (status = 403, description = "Password sign-in is switched off (`password_sign_in_off`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No e-mail, or one too long (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset")]
#[tracing::instrument(name = "password reset", skip_all)]
async fn password_reset(
    state: web::Data<AppState>,
    body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, AppError> {
    refuse_if_passwords_off(&state)?;
    let PasswordResetRequest { email, language } = body.into_inner();
    if email.trim().is_empty() || email.len() > MAX_EMAIL_BYTES {
        return Err(AppError::validation(
            "email",
            format!("an e-mail address has 1 to {MAX_EMAIL_BYTES} characters"),
        ));
    }
    // Looked up after answering: the time to answer is the same for every
    // address.
    let state = state.into_inner();
    actix_web::rt::spawn(async move {
        let language = language.unwrap_or(mus_domain::Language::Da);
        match sign_in_links::request_reset(&state.db, &email, language, &state.public_url).await {
            Ok(true) => state.outbox.wake(),
            Ok(false) => {}
            Err(error) => tracing::error!(error = ?error, "a password reset could not be sent"),
        }
    });
    Ok(HttpResponse::Accepted().finish())
}

/// Choose a password with the secret from an invitation or password-reset
/// link, and be signed in.
///
/// The link is spent; every other link of the person stops working and
/// every session they had ends, on every device. Answers as a login does
/// (set `refresh_cookie` in a browser).
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetCompletion,
    responses(
        (status = 200, description = "The password is set; signed in", body = TokenResponse),
        (status = 403, description = "Password sign-in is switched off (`password_sign_in_off`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link has been used, replaced or has expired (`link_invalid`); ask for a new one", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is too short or too long (`invalid_body`, on `new_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many passwords are being hashed at once (`unavailable`); nothing was changed and the link still works; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
#[post("/auth/password-reset/complete")]
#[tracing::instrument(name = "password reset complete", skip_all)]
async fn password_reset_complete(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<PasswordResetCompletion>,
) -> Result<HttpResponse, AppError> {
    refuse_if_passwords_off(&state)?;
    let completion = body.into_inner();
    let in_cookie = completion.refresh_cookie;
    let session =
        sign_in_links::complete(&state.db, &state.keys, state.refresh_token_ttl, completion)
            .await?;
    Ok(respond(&state, &req, session, in_cookie))
}

/// The longest e-mail address accepted (RFC 5321's path limit).
const MAX_EMAIL_BYTES: usize = 320;

/// How people can sign in here: with a password, through the
/// organisation, or both. Public, so that the sign-in page can ask.
#[utoipa::path(
    operation_id = "list_auth_methods",
    tag = "auth",
    responses((status = 200, description = "The ways to sign in", body = AuthMethods))
)]
#[get("/auth/methods")]
async fn auth_methods(state: web::Data<AppState>) -> web::Json<AuthMethods> {
    let oidc = state.oidc.as_ref().map(|oidc| OidcMethod {
        label: oidc.label().map(str::to_owned),
        login_url: format!("{}{OIDC_LOGIN}", state.public_url.path()),
    });
    web::Json(AuthMethods {
        password: state.password_sign_in,
        oidc,
    })
}

/// Refuses password sign-in and password change when passwords are off.
pub(crate) fn refuse_if_passwords_off(state: &AppState) -> Result<(), AppError> {
    if state.password_sign_in {
        Ok(())
    } else {
        Err(AppError::Problem(Box::new(
            Problem::new(ErrorCode::PasswordSignInOff)
                .with_detail("sign in through your organisation instead"),
        )))
    }
}

/// Change your own password.
///
/// Needs the current password, checked and throttled like a sign-in (a wrong
/// one counts as a failed sign-in). Every session of the person ends, on
/// every device, and a new one is returned in place of the one used; set
/// `refresh_cookie` as for login. Only a signed-in person can do this, not
/// an API token.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed; the new session", body = TokenResponse),
        (status = 403, description = "Called with an API token (`forbidden`), or passwords are switched off (`password_sign_in_off`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The password was changed meanwhile (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one too short or long or the same (`invalid_body`, by field)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts (`too_many_attempts`); try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until an attempt from here is accepted again"))),
        (status = 503, description = "Too many passwords are being checked at once (`unavailable`); nothing was changed, and no failure counted; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
#[post("/auth/password")]
#[tracing::instrument(name = "change_password", skip_all, fields(user = %user.id))]
async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    user.ensure_session()?;
    refuse_if_passwords_off(&state)?;
    let change = body.into_inner();
    let in_cookie = change.refresh_cookie;
    let address = client_address(&req, state.behind_proxy);
    let session = sessions::change_password(
        &state.db,
        &state.keys,
        state.refresh_token_ttl,
        user.id,
        &address,
        change,
    )
    .await?;
    Ok(respond(&state, &req, session, in_cookie))
}

/// Sign in with e-mail and password.
///
/// Returns a short-lived access token (15 minutes) and a single-use refresh
/// token. Browsers should set `refresh_cookie: true` to receive the refresh
/// token as an HttpOnly cookie instead of in the body.
///
/// Failed sign-ins are throttled, counted per e-mail and client address over
/// 15 minutes: after 5 failures for one e-mail from one address, or 20 from
/// one address in all, the answer is 429 `too_many_attempts` with a
/// `Retry-After` header, without checking the password. An attempt counts
/// from the moment it arrives, so attempts sent in parallel count too. An
/// address that has not failed can always try, so strangers cannot lock a
/// known e-mail out. When the server is checking as many passwords as it
/// has cores and none frees up within 2 seconds, the answer is 503
/// `unavailable` with a `Retry-After` header, and the attempt is not
/// counted.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Passwords are switched off: sign in through the organisation (`password_sign_in_off`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or has the wrong type (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed sign-ins (`too_many_attempts`); try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a sign-in from here is accepted again"))),
        (status = 503, description = "Too many passwords are being checked at once (`unavailable`); the attempt was not counted; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
#[post("/auth/login")]
#[tracing::instrument(name = "login", skip_all)]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    refuse_if_passwords_off(&state)?;
    let LoginRequest {
        email,
        password,
        refresh_cookie,
    } = body.into_inner();
    let address = client_address(&req, state.behind_proxy);
    let session = sessions::login(
        &state.db,
        &state.keys,
        state.refresh_token_ttl,
        &email,
        &address,
        password,
    )
    .await?;
    Ok(respond(&state, &req, session, refresh_cookie))
}

/// Trade a refresh token for a new access token and a new refresh token.
///
/// The refresh token comes from the body or, for browsers, from the cookie.
/// Each refresh token works once: presenting a used one again ends the whole
/// session (`refresh_token_reused`), since it means the token was copied.
#[utoipa::path(
    operation_id = "refresh_session",
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Omit, or send `{}`, when the token is in the cookie"),
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown, expired or revoked (`refresh_token_invalid`), or reused (`refresh_token_reused`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(name = "refresh", skip_all)]
async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse, AppError> {
    let (token, from_cookie) = presented_token(&req, body.map(web::Json::into_inner))
        .ok_or(AppError::Unauthorized(ErrorCode::RefreshTokenInvalid))?;
    let session = sessions::refresh(&state.db, &state.keys, state.refresh_token_ttl, &token).await;
    match session {
        Ok(session) => Ok(respond(&state, &req, session, from_cookie)),
        // A dead cookie would be sent on every later refresh: clear it.
        Err(error) if from_cookie => {
            let mut response = actix_web::ResponseError::error_response(&error);
            for cookie in ended_cookies(&req) {
                response.add_cookie(&cookie).map_err(anyhow::Error::from)?;
            }
            Ok(response)
        }
        Err(error) => Err(error),
    }
}

/// End the session: the refresh token (and every token issued from the same
/// sign-in) stops working. The access token expires on its own within minutes.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<LogoutRequest>, description = "Omit, or send `{}`, when the token is in the cookie"),
    responses((status = 204, description = "Signed out (also when already signed out)"))
)]
#[post("/auth/logout")]
#[tracing::instrument(name = "logout", skip_all)]
async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<LogoutRequest>>,
) -> Result<HttpResponse, AppError> {
    if let Some((token, _)) = presented_token(&req, body.map(web::Json::into_inner)) {
        sessions::logout(&state.db, &token).await?;
    }
    let mut response = HttpResponse::NoContent();
    for cookie in ended_cookies(&req) {
        response.cookie(cookie);
    }
    Ok(response.finish())
}

/// The client's address as login throttling counts it. Behind a proxy, the
/// last `X-Forwarded-For` entry, which the proxy appended; earlier entries
/// are whatever the client claimed. An IPv6 address counts as its /64,
/// since one machine usually has a whole /64 to pick from.
fn client_address(req: &HttpRequest, behind_proxy: bool) -> String {
    let forwarded = behind_proxy
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    match forwarded.or_else(|| req.peer_addr().map(|peer| peer.ip())) {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
        Some(IpAddr::V6(v6)) => v6.to_canonical().to_string(),
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

/// The refresh token from the body if present, else from the cookie.
fn presented_token(req: &HttpRequest, body: Option<RefreshRequest>) -> Option<(String, bool)> {
    body.and_then(|b| b.refresh_token)
        .filter(|t| !t.is_empty())
        .map(|t| (t, false))
        .or_else(|| {
            req.cookie(REFRESH_COOKIE)
                .map(|c| (c.value().to_owned(), true))
        })
}

fn respond(
    state: &AppState,
    req: &HttpRequest,
    session: IssuedSession,
    in_cookie: bool,
) -> HttpResponse {
    let mut body = TokenResponse {
        access_token: session.access_token,
        token_type: "Bearer".into(),
        expires_in: session.expires_in,
        refresh_token: Some(session.refresh_token),
    };
    let mut response = HttpResponse::Ok();
    response.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    if in_cookie && let Some(token) = body.refresh_token.take() {
        for cookie in session_cookies(state, req, token) {
            response.cookie(cookie);
        }
    }
    response.json(body)
}

/// The cookies of a new session, kept as long as its refresh token: the
/// token itself, and the hint that the web app may resume it.
pub(super) fn session_cookies(
    state: &AppState,
    req: &HttpRequest,
    token: String,
) -> [Cookie<'static>; 2] {
    let max_age = time::Duration::seconds(
        i64::try_from(state.refresh_token_ttl.as_secs()).unwrap_or(i64::MAX),
    );
    [
        refresh_cookie(req, token).max_age(max_age).finish(),
        hint_cookie(req).max_age(max_age).finish(),
    ]
}

fn refresh_cookie(req: &HttpRequest, value: String) -> actix_web::cookie::CookieBuilder<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(req.connection_info().scheme() == "https")
}

/// Readable by the page (not HttpOnly) and sent to no API path that reads it.
fn hint_cookie(req: &HttpRequest) -> actix_web::cookie::CookieBuilder<'static> {
    Cookie::build(HINT_COOKIE, "1")
        .path("/")
        .same_site(SameSite::Strict)
        .secure(req.connection_info().scheme() == "https")
}

/// Removals of both session cookies.
fn ended_cookies(req: &HttpRequest) -> [Cookie<'static>; 2] {
    let mut token = refresh_cookie(req, String::new()).finish();
    token.make_removal();
    let mut hint = hint_cookie(req).finish();
    hint.make_removal();
    [token, hint]
}
