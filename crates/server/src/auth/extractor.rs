//! `AuthUser`: the caller, proven by a bearer access token.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use mus_domain::{ErrorCode, Role, UserId};

use crate::error::AppError;
use crate::state::AppState;

/// A caller with a valid access token. Taking it as a handler argument is
/// what makes an endpoint require sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
    /// What the credential allows: a signed-in session may do all its owner
    /// may; a personal API token may be narrowed to reading.
    pub scope: Scope,
}

/// How far a credential reaches within what its owner may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    ReadOnly,
    ReadWrite,
}

impl AuthUser {
    /// Every handler that changes something calls this first.
    pub fn ensure_can_write(&self) -> Result<(), AppError> {
        match self.scope {
            Scope::ReadWrite => Ok(()),
            Scope::ReadOnly => Err(AppError::Forbidden(
                "this API token has only the read scope".into(),
            )),
        }
    }
}

/// A caller with the HR administrator role: HR-only endpoints take this
/// instead of `AuthUser`, so the check cannot be forgotten in the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HrAdmin(pub AuthUser);

impl FromRequest for HrAdmin {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| match user.role {
            Role::HrAdmin => Ok(HrAdmin(user)),
            _ => Err(AppError::Forbidden("only HR administrators may do this".into())),
        }))
    }
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

fn authenticate(req: &HttpRequest) -> Result<AuthUser, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
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
    let claims = state.keys.verify(token)?;
    Ok(AuthUser {
        id: claims.sub,
        role: claims.role,
        scope: Scope::ReadWrite,
    })
}
