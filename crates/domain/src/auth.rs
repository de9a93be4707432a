//! Signing in, staying signed in and signing out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::forms::Language;
use crate::ids::UserId;

/// How long an invitation link works.
pub const INVITATION_HOURS: i64 = 72;
/// How long a password-reset link works.
pub const PASSWORD_RESET_MINUTES: i64 = 60;
/// Password-reset mails one person can be sent within an hour; further
/// requests are accepted and dropped, so nobody's mailbox can be flooded.
pub const MAX_PASSWORD_RESETS_PER_HOUR: u64 = 3;

/// Credentials for `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(example = "anne.jensen@example.dk"))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(example = "correct horse battery staple"))]
    pub password: String,
    /// When true, the refresh token is set as an HttpOnly cookie scoped to
    /// `/api/v1/auth` instead of being returned in the body. Browsers should
    /// ask for this so that no script can read the refresh token.
    #[serde(default)]
    pub refresh_cookie: bool,
}

/// Body of `POST /api/v1/auth/password`: the signed-in person changes their
/// own password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[cfg_attr(feature = "openapi", schema(example = "correct horse battery staple"))]
    pub current_password: String,
    /// 10 to 256 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "en ny og længere sætning",
            min_length = 10,
            max_length = 256
        )
    )]
    pub new_password: String,
    /// As for login: the new refresh token as an HttpOnly cookie.
    #[serde(default)]
    pub refresh_cookie: bool,
}

/// Body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
///
/// Clients that received their refresh token in a body send it back here;
/// browsers that hold it in the cookie send an empty object (or no body).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: Option<String>,
}

/// Body of `POST /api/v1/auth/logout`; same shape as a refresh.
pub type LogoutRequest = RefreshRequest;

/// A fresh access token, and (unless it went into a cookie) the refresh token
/// that replaces the one just used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    #[cfg_attr(feature = "openapi", schema(example = "Bearer"))]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
    /// Single use: each refresh returns a new one. Presenting a used refresh
    /// token again ends the whole session. Absent when it was set as a cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// Body of `POST /api/v1/users/{id}/invitation` (may be omitted).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// The language the person reads their mail in, kept for later mail.
    /// Omitted: as before (Danish for someone new).
    #[serde(default)]
    pub language: Option<Language>,
}

/// An invitation on its way to the person's own mailbox. The link itself
/// is never shown to whoever sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSent {
    pub person: UserId,
    /// When the link stops working (72 hours after it was sent).
    pub expires_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/auth/password-reset`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "anne.soerensen@solbakke.example", max_length = 320)
    )]
    pub email: String,
    /// The language of the mail (the page the person asked from).
    #[serde(default)]
    pub language: Option<Language>,
}

/// Body of `POST /api/v1/auth/password-reset/complete`: the secret from an
/// invitation or password-reset link, and the password the person chooses.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetCompletion {
    /// The part of the link after `#`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub token: String,
    /// 10 to 256 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "en lang sætning jeg selv har valgt",
            min_length = 10,
            max_length = 256
        )
    )]
    pub new_password: String,
    /// As for login: the refresh token as an HttpOnly cookie.
    #[serde(default)]
    pub refresh_cookie: bool,
}
