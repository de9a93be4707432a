//! Signing in, staying signed in and signing out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::forms::Language;
use crate::ids::UserId;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted: bounds the work one request can cause.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Whether a new password has an acceptable length, counted in characters.
/// The same rule on the server and in the web app.
pub fn password_fits(password: &str) -> bool {
    (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&password.chars().count())
}

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

/// How people can sign in here (`GET /api/v1/auth/methods`), so that the
/// sign-in page shows only what works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthMethods {
    /// Whether e-mail and password are accepted (`POST /auth/login`).
    pub password: bool,
    /// The organisation's sign-in, when one is set up; `null` otherwise.
    pub oidc: Option<OidcMethod>,
}

/// Signing in through the organisation's identity provider (OpenID Connect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OidcMethod {
    /// The organisation's name for its sign-in, for the button; `null` when
    /// none is configured (the button then says "your organisation").
    #[cfg_attr(feature = "openapi", schema(example = "Solbakke Kommune"))]
    pub label: Option<String>,
    /// Where the browser goes to start: add `return_to` with the path to
    /// come back to after signing in.
    #[cfg_attr(feature = "openapi", schema(example = "/api/v1/auth/oidc/login"))]
    pub login_url: String,
}

/// Why a sign-in through the organisation did not sign the person in. The
/// server sends the browser to the sign-in page with it as `sso_error`, and
/// the page says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SsoError {
    /// The person cancelled at the provider, or did not allow the sign-in.
    Cancelled,
    /// The sign-in took too long, was used already, or was started in
    /// another tab or browser: start again.
    Expired,
    /// The provider could not be reached or answered with an error.
    ProviderError,
    /// The provider's answer did not pass the checks (signature, audience,
    /// expiry, nonce).
    NotVerified,
    /// The provider did not confirm the person's e-mail address.
    EmailUnverified,
    /// Nobody in MUS has this e-mail address: HR has not added the person.
    UnknownPerson,
    /// The person has left the organisation.
    Left,
    /// The person in MUS is linked to another account at the provider.
    OtherAccount,
}

impl SsoError {
    pub const ALL: [SsoError; 8] = [
        SsoError::Cancelled,
        SsoError::Expired,
        SsoError::ProviderError,
        SsoError::NotVerified,
        SsoError::EmailUnverified,
        SsoError::UnknownPerson,
        SsoError::Left,
        SsoError::OtherAccount,
    ];

    /// The value of `sso_error`.
    pub fn as_str(self) -> &'static str {
        match self {
            SsoError::Cancelled => "cancelled",
            SsoError::Expired => "expired",
            SsoError::ProviderError => "provider_error",
            SsoError::NotVerified => "not_verified",
            SsoError::EmailUnverified => "email_unverified",
            SsoError::UnknownPerson => "unknown_person",
            SsoError::Left => "left",
            SsoError::OtherAccount => "other_account",
        }
    }

    pub fn parse(value: &str) -> Option<SsoError> {
        SsoError::ALL
            .into_iter()
            .find(|error| error.as_str() == value)
    }
}

impl std::fmt::Display for SsoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The web app's sign-in page.
pub const SIGN_IN_PAGE: &str = "/login";

/// The cookie that tells the web app a session may be resumed: set beside
/// the HttpOnly refresh cookie, with its lifetime, and removed with it. It
/// holds nothing but `1`.
pub const SESSION_HINT_COOKIE: &str = "mus_session";

/// The path to go to after signing in, from what a request asked for.
///
/// Only a path on this site is accepted: anything else (`//evil.example`,
/// `https://…`, `/\evil.example`, which browsers read as `//`) would make
/// signing in an open redirect. Going back to the sign-in page itself would
/// be a loop. Either way the answer is the home page.
pub fn return_path(raw: Option<&str>) -> String {
    let Some(path) = raw else {
        return "/".to_owned();
    };
    let on_this_site = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    let is_sign_in = path == SIGN_IN_PAGE
        || path
            .strip_prefix(SIGN_IN_PAGE)
            .is_some_and(|rest| rest.starts_with(['?', '#']));
    if on_this_site && !is_sign_in && path.len() <= MAX_RETURN_PATH {
        path.to_owned()
    } else {
        "/".to_owned()
    }
}

/// Longer return paths are not kept (the home page instead).
pub const MAX_RETURN_PATH: usize = 2048;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for path in ["/", "/conversations/42", "/team?round=2027", "/søg#top"] {
            assert_eq!(return_path(Some(path)), path);
        }
    }

    #[test]
    fn anything_else_goes_home() {
        let long = format!("/{}", "a".repeat(MAX_RETURN_PATH));
        for raw in [
            "",
            "conversations",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/line\nbreak",
            "/login",
            "/login?next=/",
            "/login#top",
            long.as_str(),
        ] {
            assert_eq!(return_path(Some(raw)), "/", "{raw:?}");
        }
        assert_eq!(return_path(None), "/");
        assert_eq!(return_path(Some("/login-help")), "/login-help");
    }

    #[test]
    fn sso_errors_round_trip() {
        for error in SsoError::ALL {
            assert_eq!(SsoError::parse(error.as_str()), Some(error));
            assert_eq!(serde_json::to_value(error).unwrap(), error.as_str());
        }
        assert_eq!(SsoError::parse("nonsense"), None);
    }
}
