//! Signing in through the organisation (OpenID Connect). Both endpoints are
//! for browsers: they answer with redirects, never with a body to read.

use super::Routes;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use mus_domain::{Problem, SsoError};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::session_cookies;
use crate::error::AppError;
use crate::services::oidc::{Answer, Refused, SIGN_IN_TTL};
use crate::state::AppState;

/// Ties the provider's answer to the browser that was sent off. `Lax`, not
/// `Strict`: the answer arrives as a navigation from the provider's site.
const SIGN_IN_COOKIE: &str = "mus_oidc";
const SIGN_IN_COOKIE_PATH: &str = "/api/v1/auth/oidc";

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(oidc_login).service(oidc_callback);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LoginQuery {
    /// The path on this site to come back to once signed in. Anything else
    /// (another site, `//host`, the sign-in page) counts as `/`.
    #[param(example = "/conversations")]
    return_to: Option<String>,
}

/// Start signing in through the organisation.
///
/// For browsers: sends the browser to the organisation's identity provider
/// (authorization code flow with PKCE), with a short-lived HttpOnly cookie
/// that ties the provider's answer to this browser. When the provider
/// cannot be reached, sends the browser to the sign-in page with
/// `sso_error=provider_error` instead. 404 when no organisation sign-in is
/// set up (`GET /auth/methods` says whether one is).
#[utoipa::path(
    tag = "auth",
    params(LoginQuery),
    responses(
        (status = 303, description = "To the provider's sign-in, or to the sign-in page with `sso_error` when the provider cannot be reached",
            headers(
                ("Location" = String, description = "The provider's authorization URL, or `/login?sso_error=provider_error`"),
                ("Set-Cookie" = String, description = "`mus_oidc`: ties the answer to this browser; HttpOnly, SameSite=Lax, 10 minutes"),
            )),
        (status = 404, description = "No organisation sign-in is set up (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/oidc/login")]
#[tracing::instrument(name = "oidc_login", skip_all)]
async fn oidc_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(oidc) = &state.oidc else {
        return Err(AppError::NotFound);
    };
    let return_to = mus_domain::auth::return_path(query.return_to.as_deref());
    match oidc.begin(&state.db, &return_to).await {
        Ok(started) => {
            let max_age =
                time::Duration::seconds(i64::try_from(SIGN_IN_TTL.as_secs()).unwrap_or(i64::MAX));
            let cookie = sign_in_cookie(&state, &req, started.cookie)
                .max_age(max_age)
                .finish();
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, started.authorization_url.as_str()))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .cookie(cookie)
                .finish())
        }
        Err(Refused::Sso { error, return_to }) => {
            Ok(to_sign_in_page(&state, error, return_to.as_deref()).finish())
        }
        Err(Refused::Internal(error)) => Err(error),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CallbackQuery {
    /// The authorization code.
    code: Option<String>,
    /// Must match the sign-in this browser started.
    state: Option<String>,
    /// The provider's error code, when it did not sign the person in
    /// (`access_denied` when they cancelled).
    error: Option<String>,
    /// The issuer that answered (RFC 9207); must be the configured one.
    iss: Option<String>,
}

/// Where the organisation's identity provider sends the browser back.
///
/// For browsers, not to be called directly: register
/// `<MUS_PUBLIC_URL>api/v1/auth/oidc/callback` as the redirect URI at the
/// provider. Checks the answer against the sign-in this browser started
/// (single use, 10 minutes), exchanges the code, verifies the ID token and
/// matches the person by the provider's stable id or a verified e-mail to
/// someone HR created. Signed in: the refresh token is set as the
/// HttpOnly `mus_refresh` cookie, as `POST /auth/login` with
/// `refresh_cookie` sets it, and the browser goes to where it was going.
/// Otherwise it goes to the sign-in page with `sso_error` (`cancelled`,
/// `expired`, `provider_error`, `not_verified`, `email_unverified`,
/// `unknown_person`, `left`, `other_account`) and nobody is signed in.
#[utoipa::path(
    tag = "auth",
    params(CallbackQuery),
    responses(
        (status = 303, description = "Signed in and on to where the browser was going, or refused and to the sign-in page with `sso_error`",
            headers(
                ("Location" = String, description = "The path the sign-in was started for, or `/login?sso_error=<reason>`"),
                ("Set-Cookie" = String, description = "`mus_refresh` when signed in; `mus_oidc` removed either way"),
            )),
        (status = 404, description = "No organisation sign-in is set up (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/oidc/callback")]
#[tracing::instrument(name = "oidc_callback", skip_all)]
async fn oidc_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(oidc) = &state.oidc else {
        return Err(AppError::NotFound);
    };
    let CallbackQuery {
        code,
        state: answer_state,
        error,
        iss,
    } = query.into_inner();
    let cookie = req.cookie(SIGN_IN_COOKIE).map(|c| c.value().to_owned());
    let answer = Answer {
        code,
        state: answer_state,
        error,
        iss,
    };
    let finished = oidc
        .finish(
            &state.db,
            &state.keys,
            state.refresh_token_ttl,
            cookie.as_deref(),
            answer,
        )
        .await;
    let mut used_up = sign_in_cookie(&state, &req, String::new()).finish();
    used_up.make_removal();
    match finished {
        Ok(signed_in) => {
            let mut response = HttpResponse::SeeOther();
            response
                .insert_header((header::LOCATION, on_this_site(&state, &signed_in.return_to)))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .cookie(used_up);
            for cookie in session_cookies(&state, &req, signed_in.session.refresh_token) {
                response.cookie(cookie);
            }
            Ok(response.finish())
        }
        Err(Refused::Sso { error, return_to }) => {
            Ok(to_sign_in_page(&state, error, return_to.as_deref())
                .cookie(used_up)
                .finish())
        }
        Err(Refused::Internal(error)) => Err(error),
    }
}

/// A path of the web app as the browser must ask for it: under the public
/// URL's path, when MUS is served below one.
fn on_this_site(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.public_url.path().trim_end_matches('/'))
}

/// 303 to the sign-in page with `sso_error`, and `next` when the person was
/// going somewhere other than home, so that trying again goes there too.
fn to_sign_in_page(
    state: &AppState,
    error: SsoError,
    return_to: Option<&str>,
) -> actix_web::HttpResponseBuilder {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("sso_error", error.as_str());
    if let Some(next) = return_to.filter(|path| *path != "/") {
        query.append_pair("next", next);
    }
    let location = format!(
        "{}?{}",
        on_this_site(state, mus_domain::auth::SIGN_IN_PAGE),
        query.finish()
    );
    let mut response = HttpResponse::SeeOther();
    response
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    response
}

fn sign_in_cookie(
    state: &AppState,
    req: &HttpRequest,
    value: String,
) -> actix_web::cookie::CookieBuilder<'static> {
    Cookie::build(SIGN_IN_COOKIE, value)
        .path(SIGN_IN_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.public_url.scheme() == "https" || req.connection_info().scheme() == "https")
}
