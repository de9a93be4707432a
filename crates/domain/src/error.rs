//! Errors as the API reports them: RFC 9457 problem details with a stable code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. Clients match on it (the SPA
/// translates it); the human-readable `title` and `detail` may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON.
    MalformedJson,
    /// The body is JSON but does not have the expected shape or values.
    InvalidBody,
    /// A path or query parameter is malformed.
    InvalidParameter,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The request's content type is not one the endpoint accepts.
    UnsupportedMediaType,
    /// E-mail and password do not match an account.
    InvalidCredentials,
    /// Too many failed sign-ins from here; wait for `Retry-After` seconds.
    TooManyAttempts,
    /// Passwords are switched off: people sign in through the organisation.
    PasswordSignInOff,
    /// No access token was sent.
    Unauthenticated,
    /// The access token has expired; refresh it.
    TokenExpired,
    /// The access token is malformed, forged or signed with an unknown key.
    TokenInvalid,
    /// The refresh token is unknown, expired or revoked; sign in again.
    RefreshTokenInvalid,
    /// A refresh token was used twice; the session has been ended for safety.
    RefreshTokenReused,
    /// The signed-in person may not do this.
    Forbidden,
    /// Nothing here, or nothing you may see.
    NotFound,
    /// The method is not supported on this resource.
    MethodNotAllowed,
    /// The request conflicts with the current state.
    Conflict,
    /// Something with this e-mail or name exists already.
    AlreadyExists,
    /// The person has a password already; HR can only set a first one.
    PasswordAlreadySet,
    /// The document was changed since the client read it; `current` holds it now.
    VersionConflict,
    /// The conversation is not in a state that allows this (see `detail`).
    WrongState,
    /// Something went wrong on the server; it has been logged.
    Internal,
    /// The server cannot serve requests right now.
    Unavailable,
    /// A link sent by e-mail (an invitation, a password reset) has been
    /// used, replaced by a newer one, or has expired; ask for a new one.
    LinkInvalid,
    /// Not yet: the meeting's day, or the check-in's opening day, has not
    /// come (`available_from` says when it will; `reason` says which).
    TooEarly,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 25] = [
        ErrorCode::MalformedJson,
        ErrorCode::InvalidBody,
        ErrorCode::InvalidParameter,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidCredentials,
        ErrorCode::TooManyAttempts,
        ErrorCode::PasswordSignInOff,
        ErrorCode::Unauthenticated,
        ErrorCode::TokenExpired,
        ErrorCode::TokenInvalid,
        ErrorCode::RefreshTokenInvalid,
        ErrorCode::RefreshTokenReused,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::AlreadyExists,
        ErrorCode::PasswordAlreadySet,
        ErrorCode::VersionConflict,
        ErrorCode::WrongState,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
        ErrorCode::LinkInvalid,
        ErrorCode::TooEarly,
    ];

    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedJson | ErrorCode::InvalidParameter => 400,
            ErrorCode::InvalidBody => 422,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::InvalidCredentials
            | ErrorCode::Unauthenticated
            | ErrorCode::TokenExpired
            | ErrorCode::TokenInvalid
            | ErrorCode::RefreshTokenInvalid
            | ErrorCode::RefreshTokenReused => 401,
            ErrorCode::Forbidden | ErrorCode::PasswordSignInOff => 403,
            ErrorCode::TooManyAttempts => 429,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict
            | ErrorCode::AlreadyExists
            | ErrorCode::PasswordAlreadySet
            | ErrorCode::VersionConflict
            | ErrorCode::WrongState
            | ErrorCode::TooEarly => 409,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
            ErrorCode::LinkInvalid => 410,
        }
    }

    /// A short English title, the same for every occurrence of the code.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "The request body is not valid JSON",
            ErrorCode::InvalidBody => "The request body is not valid",
            ErrorCode::InvalidParameter => "A request parameter is not valid",
            ErrorCode::PayloadTooLarge => "The request body is too large",
            ErrorCode::UnsupportedMediaType => "Unsupported content type",
            ErrorCode::InvalidCredentials => "Wrong e-mail or password",
            ErrorCode::TooManyAttempts => "Too many failed sign-ins",
            ErrorCode::PasswordSignInOff => "Passwords are switched off",
            ErrorCode::Unauthenticated => "Sign-in required",
            ErrorCode::TokenExpired => "The access token has expired",
            ErrorCode::TokenInvalid => "The access token is not valid",
            ErrorCode::RefreshTokenInvalid => "The session has ended",
            ErrorCode::RefreshTokenReused => "The session was ended for safety",
            ErrorCode::Forbidden => "Not allowed",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::AlreadyExists => "Exists already",
            ErrorCode::PasswordAlreadySet => "A password is set already",
            ErrorCode::VersionConflict => "Changed meanwhile",
            ErrorCode::WrongState => "Not possible in this state",
            ErrorCode::Internal => "Internal server error",
            ErrorCode::Unavailable => "Service unavailable",
            ErrorCode::LinkInvalid => "The link has been used or has expired",
            ErrorCode::TooEarly => "Not possible yet",
        }
    }

    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::PasswordSignInOff => "password_sign_in_off",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::TokenExpired => "token_expired",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::RefreshTokenInvalid => "refresh_token_invalid",
            ErrorCode::RefreshTokenReused => "refresh_token_reused",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::AlreadyExists => "already_exists",
            ErrorCode::PasswordAlreadySet => "password_already_set",
            ErrorCode::VersionConflict => "version_conflict",
            ErrorCode::WrongState => "wrong_state",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::LinkInvalid => "link_invalid",
            ErrorCode::TooEarly => "too_early",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Where in the body, as a JSON-pointer-like path (`email`, `answers/3/text`).
    #[cfg_attr(feature = "openapi", schema(example = "email"))]
    pub field: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "an e-mail address cannot be empty")
    )]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An `application/problem+json` body (RFC 9457).
// Its `Debug` leaves out `detail`, the fields' messages and `current`: they
// may quote what was sent or hold a whole document (a preparation, a
// summary), and a `Debug` is what ends up in a log. (Not a doc comment: the
// doc comment is the schema's description in the OpenAPI document.)
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type: `urn:mus:problem:<code>`.
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "urn:mus:problem:invalid_credentials")
    )]
    pub type_uri: String,
    #[cfg_attr(feature = "openapi", schema(example = "Wrong e-mail or password"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(example = 401))]
    pub status: u16,
    /// What went wrong this time, in words for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    /// The fields that failed validation, when there are any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// With `version_conflict`: the document as it is now, so the client
    /// can show both texts and let the author choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = CurrentDocument))]
    pub current: Option<serde_json::Value>,
    /// With `wrong_state`: which lifecycle rule refused the request, as a
    /// stable code (`meeting_not_held`, `summary_locked`, …). With
    /// `too_early`: `meeting_not_yet` or `check_in_not_open`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "summary_locked"))]
    pub reason: Option<String>,
    /// With `too_early`: the first Danish day the request will be accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2027-02-14"))]
    pub available_from: Option<chrono::NaiveDate>,
}

/// The document a `version_conflict` carries in `current`, as it is now:
/// the preparation (`PUT …/preparations/{side}`), the summary
/// (`PUT …/summary`), or of a group conversation its own preparation
/// (`PUT …/preparation`), its summary (`PUT …/summary`) or the group with
/// its agenda (`PUT …/agenda`).
#[cfg(feature = "openapi")]
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum CurrentDocument {
    Preparation(crate::preparation::Preparation),
    Summary(crate::summary::Summary),
    GroupPreparation(crate::group::GroupPreparation),
    GroupSummary(crate::group::GroupSummary),
    GroupConversation(crate::group::GroupConversation),
}

impl Problem {
    pub fn new(code: ErrorCode) -> Problem {
        Problem {
            type_uri: format!("urn:mus:problem:{code}"),
            title: code.title().to_owned(),
            status: code.status(),
            detail: None,
            code,
            errors: Vec::new(),
            current: None,
            reason: None,
            available_from: None,
        }
    }

    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    /// A `too_early` problem: `reason` names the rule, `from` the first
    /// Danish day the request will be accepted.
    pub fn too_early(reason: &str, from: chrono::NaiveDate, detail: impl Into<String>) -> Problem {
        let mut problem = Problem::new(ErrorCode::TooEarly).with_detail(detail);
        problem.reason = Some(reason.to_owned());
        problem.available_from = Some(from);
        problem
    }

    #[must_use]
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Problem {
        self.errors = errors;
        self
    }
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.errors.iter().map(|e| e.field.as_str()).collect();
        f.debug_struct("Problem")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("reason", &self.reason)
            .field("fields", &fields)
            .field("has_detail", &self.detail.is_some())
            .field("has_current", &self.current.is_some())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.title, self.code)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_stable_names() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn problems_carry_type_title_and_status_of_their_code() {
        let problem = Problem::new(ErrorCode::InvalidCredentials).with_detail("try again");
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["type"], "urn:mus:problem:invalid_credentials");
        assert_eq!(json["status"], 401);
        assert_eq!(json["code"], "invalid_credentials");
        assert_eq!(json["detail"], "try again");
        assert!(json.get("errors").is_none());
    }

    #[test]
    fn a_problem_debug_names_its_code_but_not_its_content() {
        let mut problem = Problem::new(ErrorCode::VersionConflict)
            .with_detail("invalid type: string \"hemmelig detalje\"")
            .with_errors(vec![FieldError::new("answers/q1", "hemmelig besked")]);
        problem.current = Some(serde_json::json!({ "answers": { "q1": "hemmelig tekst" } }));

        let debug = format!("{problem:?}");

        assert!(debug.contains("VersionConflict"), "{debug}");
        assert!(debug.contains("answers/q1"), "{debug}");
        assert!(!debug.contains("hemmelig"), "{debug}");
    }
}
