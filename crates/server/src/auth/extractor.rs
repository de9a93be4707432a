//! `AuthUser`: the caller, proven by a bearer access token or API token.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use mus_domain::{ApiTokenId, ErrorCode, Role, UserId};

use crate::error::{AppError, ScimError};
use crate::services::api_tokens;
use crate::state::AppState;

/// A caller with a valid credential: a session's access token or a personal
/// API token. Taking it as a handler argument is what makes an endpoint
/// require sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
    pub credential: Credential,
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A signed-in person: may do all their role allows.
    Session,
    /// A personal API token: may do what its owner may, narrowed by scope.
    ApiToken { id: ApiTokenId, can_write: bool },
}

impl AuthUser {
    /// Whether the credential may change things; the [`Writer`] and
    /// [`HrWriter`] extractors ask it.
    fn ensure_can_write(&self) -> Result<(), AppError> {
        match self.credential {
            Credential::Session
            | Credential::ApiToken {
                can_write: true, ..
            } => Ok(()),
            Credential::ApiToken {
                can_write: false, ..
            } => Err(AppError::Forbidden(
                "this API token has only the read scope".into(),
            )),
        }
    }

    /// Managing credentials needs a signed-in person: a leaked API token must
    /// not be able to mint itself successors.
    pub fn ensure_session(&self) -> Result<(), AppError> {
        match self.credential {
            Credential::Session => Ok(()),
            Credential::ApiToken { .. } => Err(AppError::Forbidden(
                "API tokens are managed by a signed-in person, not by API tokens".into(),
            )),
        }
    }
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await })
    }
}

/// A caller with the HR administrator role: HR-only endpoints take this
/// instead of `AuthUser`, so the check cannot be forgotten in the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HrAdmin(pub AuthUser);

impl FromRequest for HrAdmin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(&req).await?;
            match user.role {
                Role::HrAdmin => Ok(HrAdmin(user)),
                _ => Err(AppError::Forbidden(
                    "only HR administrators may do this".into(),
                )),
            }
        })
    }
}

/// A caller who may change things: signed in, or holding an API token with
/// the write scope. Every handler that changes something takes this (or
/// [`HrWriter`]) instead of `AuthUser`, so the check cannot be forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer(pub AuthUser);

impl FromRequest for Writer {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(&req).await?;
            user.ensure_can_write()?;
            Ok(Writer(user))
        })
    }
}

/// An HR administrator who may change things: [`HrAdmin`] and [`Writer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HrWriter(pub AuthUser);

impl FromRequest for HrWriter {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let hr = HrAdmin::from_request(req, payload);
        Box::pin(async move {
            let HrAdmin(user) = hr.await?;
            user.ensure_can_write()?;
            Ok(HrWriter(user))
        })
    }
}

/// The caller at `/scim/v2`: an HR administrator's API token with the
/// `scim` scope, and nothing else (no session, no `read` or `write` token).
/// Refusals are SCIM errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScimClient(pub AuthUser);

impl FromRequest for ScimClient {
    type Error = ScimError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let refused = || {
                ScimError::from(AppError::Forbidden(
                    "SCIM takes an HR administrator's API token with the scim scope".into(),
                ))
            };
            let (token, state) = match presented(&req)? {
                Presented::ApiToken(token, state) => (token, state),
                Presented::AccessToken(..) => return Err(refused()),
            };
            let owner = api_tokens::authenticate(&state.db, &token).await?;
            if !owner.scim || owner.role != Role::HrAdmin {
                return Err(refused());
            }
            Ok(ScimClient(AuthUser {
                id: owner.user,
                role: owner.role,
                credential: Credential::ApiToken {
                    id: owner.token,
                    can_write: false,
                },
            }))
        })
    }
}

/// The bearer credential of a request, told apart by its form.
enum Presented {
    ApiToken(String, web::Data<AppState>),
    AccessToken(String, web::Data<AppState>),
}

fn presented(req: &HttpRequest) -> Result<Presented, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state is missing")))?;
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(AppError::Unauthorized(ErrorCode::Unauthenticated));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or(AppError::Unauthorized(ErrorCode::TokenInvalid))?;
    Ok(if token.starts_with(api_tokens::PREFIX) {
        Presented::ApiToken(token.to_owned(), state)
    } else {
        Presented::AccessToken(token.to_owned(), state)
    })
}

async fn authenticate(req: &HttpRequest) -> Result<AuthUser, AppError> {
    match presented(req)? {
        Presented::ApiToken(token, state) => {
            // Reads the owner's role and leaving day as stored, with the token.
            let owner = api_tokens::authenticate(&state.db, &token).await?;
            // Checked here, where every extractor of `/api/v1` passes, so no
            // endpoint can forget it.
            if owner.scim {
                return Err(AppError::Forbidden(
                    "this API token provisions people through SCIM (/scim/v2) and is valid nowhere else"
                        .into(),
                ));
            }
            Ok(AuthUser {
                id: owner.user,
                role: owner.role,
                credential: Credential::ApiToken {
                    id: owner.token,
                    can_write: owner.can_write,
                },
            })
        }
        Presented::AccessToken(token, state) => {
            let claims = state.keys.verify(&token)?;
            Ok(AuthUser {
                id: claims.sub,
                role: state.standings.role(&state.db, claims.sub).await?,
                credential: Credential::Session,
            })
        }
    }
}
