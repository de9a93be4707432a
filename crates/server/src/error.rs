//! The one error type of the HTTP layer. Every error leaves the server as an
//! `application/problem+json` body with a stable `code`, except at
//! `/scim/v2`, where SCIM's own error body is the contract ([`ScimError`]).

use std::fmt;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use mus_domain::{ErrorCode, FieldError, Problem};
use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr};

pub const PROBLEM_JSON: &str = "application/problem+json";
pub const SCIM_JSON: &str = "application/scim+json";

/// An error at `/scim/v2`, answered as RFC 7644 §3.12 says: the SCIM error
/// schema, `status` as a string, and a `scimType` for 400 and 409.
#[derive(Debug)]
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: Option<String>,
    /// Kept to be logged as `AppError` logs it.
    cause: Option<AppError>,
}

impl ScimError {
    pub fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        detail: impl Into<String>,
    ) -> ScimError {
        ScimError {
            status,
            scim_type,
            detail: Some(detail.into()),
            cause: None,
        }
    }

    pub fn not_found() -> ScimError {
        ScimError::new(StatusCode::NOT_FOUND, None, "no such resource")
    }
}

impl From<mus_domain::scim::ScimRefusal> for ScimError {
    fn from(refusal: mus_domain::scim::ScimRefusal) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some(refusal.scim_type.as_str()),
            refusal.detail,
        )
    }
}

impl From<AppError> for ScimError {
    fn from(error: AppError) -> ScimError {
        let problem = error.problem();
        let status = error.status_code();
        let scim_type = match status {
            StatusCode::BAD_REQUEST => Some("invalidSyntax"),
            StatusCode::CONFLICT => Some("uniqueness"),
            _ => None,
        };
        // A value MUS refuses is a 400 `invalidValue` in SCIM, not a 422.
        let (status, scim_type) = if matches!(error, AppError::Validation(_)) {
            (StatusCode::BAD_REQUEST, Some("invalidValue"))
        } else {
            (status, scim_type)
        };
        let cause = matches!(error, AppError::Internal(_)).then_some(error);
        ScimError {
            status,
            scim_type,
            detail: problem.detail.or(Some(problem.title)),
            cause,
        }
    }
}

impl From<DbErr> for ScimError {
    fn from(error: DbErr) -> ScimError {
        AppError::from(error).into()
    }
}

impl fmt::Display for ScimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SCIM error {}", self.status.as_u16())
    }
}

impl ResponseError for ScimError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            // Logs the cause; the client gets only the opaque answer below.
            let _ = cause.error_response();
        }
        let mut body = serde_json::json!({
            "schemas": [mus_domain::scim::ERROR_SCHEMA],
            "status": self.status.as_u16().to_string(),
        });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = scim_type.into();
        }
        if let Some(detail) = &self.detail {
            body["detail"] = detail.clone().into();
        }
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, SCIM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(body.to_string())
    }
}

/// The `Display` of an error is its answer to the client, which may quote
/// what the client sent (a serde message, a refused value) or, in a
/// `version_conflict`, carry a whole document; only the `Debug` (below) may
/// go into the log.
#[derive(thiserror::Error)]
pub enum AppError {
    /// 400, 413 or 415: the request could not be read (see the code).
    #[error("{detail}")]
    BadRequest { code: ErrorCode, detail: String },
    /// 422: the body was read but some values are not acceptable.
    #[error("invalid request body")]
    Validation(Vec<FieldError>),
    /// 401: e-mail and password do not match.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401: no, an expired or an invalid access token (see the code).
    #[error("{0}")]
    Unauthorized(ErrorCode),
    /// 429: too many failed sign-ins; `Retry-After` says when to try again.
    #[error("too many failed sign-ins; retry in {} seconds", retry_after.as_secs())]
    TooManyAttempts { retry_after: std::time::Duration },
    /// 503 `unavailable`: every password hasher stayed busy for as long as
    /// a request may wait for one; `Retry-After` says when to try again.
    #[error("too many passwords to check at once; retry in {} seconds", retry_after.as_secs())]
    Busy { retry_after: std::time::Duration },
    /// 403: the caller is known but their role or token scope does not allow
    /// this action. Never used for reads of someone else's content: those
    /// are 404, so that ids leak nothing.
    #[error("{0}")]
    Forbidden(String),
    /// 404: nothing here, or nothing the caller may see.
    #[error("not found")]
    NotFound,
    /// 409: conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// A fully formed problem (for example a 409 carrying the current document).
    #[error("{0}")]
    Problem(Box<Problem>),
    /// 500: logged with its cause; the client sees nothing of it.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// A 409 with its own code, for conflicts a client tells apart.
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> AppError {
        AppError::Problem(Box::new(Problem::new(code).with_detail(detail)))
    }

    /// 409 `wrong_state`: not possible in the state things are in, with the
    /// rule broken in `reason`.
    pub fn wrong_state(reason: &str, detail: impl Into<String>) -> AppError {
        let mut problem = Problem::new(ErrorCode::WrongState).with_detail(detail);
        problem.reason = Some(reason.to_owned());
        AppError::Problem(Box::new(problem))
    }

    /// 409 `version_conflict`: nothing was saved; `current` is the document
    /// as it is now, so both texts can be shown.
    pub fn stale(detail: impl Into<String>, current: &impl serde::Serialize) -> AppError {
        let mut problem = Problem::new(ErrorCode::VersionConflict).with_detail(detail);
        problem.current = serde_json::to_value(current).ok();
        AppError::Problem(Box::new(problem))
    }

    /// A write that met a unique index: `code` and `detail` when it was a
    /// unique violation, otherwise the database error. A check before the
    /// insert cannot see a concurrent insert of the same value; the index can.
    pub fn unique_violation(err: sea_orm::DbErr, code: ErrorCode, detail: &str) -> AppError {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::conflict(code, detail),
            _ => err.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest { code, .. } | AppError::Unauthorized(code) => *code,
            AppError::Validation(_) => ErrorCode::InvalidBody,
            AppError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AppError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            AppError::Busy { .. } => ErrorCode::Unavailable,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Problem(problem) => problem.code,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    fn problem(&self) -> Problem {
        if let AppError::Problem(problem) = self {
            return (**problem).clone();
        }
        let problem = Problem::new(self.code());
        match self {
            AppError::BadRequest { detail, .. } => problem.with_detail(detail.clone()),
            AppError::Validation(errors) => problem
                .with_detail(summarise(errors))
                .with_errors(errors.clone()),
            AppError::Conflict(detail) | AppError::Forbidden(detail) => {
                problem.with_detail(detail.clone())
            }
            AppError::TooManyAttempts { .. } => problem.with_detail(format!(
                "try again in {} seconds",
                retry_after_seconds(self)
            )),
            AppError::Busy { .. } => problem.with_detail(format!(
                "too many passwords are being checked at once; try again in {} seconds",
                retry_after_seconds(self)
            )),
            _ => problem,
        }
    }
}

fn summarise(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the log says of an error: its code and status, and for a 500 its
/// cause as far as that carries no content ([`Loggable`]). The log is read
/// by operators, who may not read what a person wrote; a 409 carrying an
/// unshared preparation once reached it through a derived `Debug`.
impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code();
        let mut out = f.debug_struct("AppError");
        out.field("code", &code.as_str())
            .field("status", &code.status());
        if let AppError::Internal(cause) = self {
            out.field("cause", &format_args!("{}", Loggable(&**cause)));
        }
        out.finish()
    }
}

/// An error's chain of causes as it may go into the log: every link in its
/// own words, except database and JSON errors, which can quote a stored or
/// submitted value (a PostgreSQL message quotes the input it refused and its
/// detail the whole failing row; a serde message the string it did not
/// expect) and are told by their kind, code and position instead.
///
/// Messages written in this crate (`anyhow!`, `.context`) name ids and
/// stored states only, never text a person wrote; that is what makes the
/// other links safe to show.
pub struct Loggable<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for Loggable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut link = Some(self.0);
        let mut first = true;
        while let Some(error) = link {
            if !first {
                f.write_str(": ")?;
            }
            first = false;
            if let Some(error) = error.downcast_ref::<DbErr>() {
                return write_db_err(f, error);
            }
            if let Some(error) = error.downcast_ref::<sqlx::Error>() {
                return write_sqlx_error(f, error);
            }
            if let Some(error) = error.downcast_ref::<serde_json::Error>() {
                return write!(
                    f,
                    "JSON {:?} error at line {} column {}",
                    error.classify(),
                    error.line(),
                    error.column()
                );
            }
            if let Some(error) = error.downcast_ref::<AppError>() {
                return write!(f, "{error:?}");
            }
            write!(f, "{error}")?;
            link = error.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Loggable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn write_db_err(f: &mut fmt::Formatter<'_>, error: &DbErr) -> fmt::Result {
    let runtime = |f: &mut fmt::Formatter<'_>, what: &str, error: &RuntimeErr| {
        write!(f, "{what}: ")?;
        match error {
            RuntimeErr::SqlxError(error) => write_sqlx_error(f, error),
            // sea-orm's own words (a closed connection, a version check).
            RuntimeErr::Internal(message) => f.write_str(message),
        }
    };
    match error {
        DbErr::Conn(error) => runtime(f, "database connection", error),
        DbErr::Exec(error) => runtime(f, "database execution", error),
        DbErr::Query(error) => runtime(f, "database query", error),
        // These carry a conversion's message, which may quote the value.
        DbErr::TryIntoErr { from, into, .. } => write!(f, "cannot convert {from} into {into}"),
        DbErr::Type(_) => f.write_str("a stored value of an unexpected type"),
        DbErr::Json(_) => f.write_str("a stored JSON value that does not parse"),
        DbErr::Custom(_) => f.write_str("a custom database error"),
        DbErr::RecordNotFound(_) => f.write_str("record not found"),
        DbErr::ConnectionAcquire(_)
        | DbErr::ConvertFromU64(_)
        | DbErr::UnpackInsertId
        | DbErr::UpdateGetPrimaryKey
        | DbErr::AttrNotSet(_)
        | DbErr::Migration(_)
        | DbErr::RecordNotInserted
        | DbErr::RecordNotUpdated
        | DbErr::BackendNotSupported { .. }
        | DbErr::KeyArityMismatch { .. }
        | DbErr::PrimaryKeyNotSet { .. }
        | DbErr::MutexPoisonError => write!(f, "{error}"),
        _ => f.write_str("a database error of another kind"),
    }
}

fn write_sqlx_error(f: &mut fmt::Formatter<'_>, error: &sqlx::Error) -> fmt::Result {
    match error {
        sqlx::Error::Database(error) => {
            f.write_str("database error")?;
            if let Some(code) = error.code() {
                write!(f, " {code}")?;
            }
            let kind = error.kind();
            if !matches!(kind, sqlx::error::ErrorKind::Other) {
                write!(f, " ({kind:?})")?;
            }
            if let Some(constraint) = error.constraint() {
                write!(f, " on constraint {constraint}")?;
            }
            if let Some(table) = error.table() {
                write!(f, " in table {table}")?;
            }
            // SQLite words its messages from the schema and the statement
            // ("UNIQUE constraint failed: users.email", "database is
            // locked"), never from a bound value; PostgreSQL's may quote one.
            if error
                .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                .is_some()
            {
                write!(f, ": {}", error.message())?;
            }
            Ok(())
        }
        sqlx::Error::ColumnDecode { index, .. } => write!(f, "cannot decode column {index}"),
        sqlx::Error::Decode(_) => f.write_str("cannot decode a value"),
        sqlx::Error::Encode(_) => f.write_str("cannot encode a value"),
        sqlx::Error::AnyDriverError(_) => f.write_str("an error of the Any driver"),
        sqlx::Error::Configuration(_) => f.write_str("an error in the database configuration"),
        other => write!(f, "{other}"),
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::Internal(err.into())
    }
}

/// A stored document that does not read back, or a value that cannot be
/// written: the server's fault, never the caller's, so a 500.
impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        AppError::Internal(err.into())
    }
}

/// A stored number out of the range the domain allows: the server's fault.
impl From<std::num::TryFromIntError> for AppError {
    fn from(err: std::num::TryFromIntError) -> Self {
        AppError::Internal(err.into())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = %Loggable(&**cause), "request failed");
        }
        let mut response = problem_response(&self.problem());
        if let AppError::TooManyAttempts { .. } | AppError::Busy { .. } = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds(self)),
            );
        }
        response
    }
}

/// Whole seconds, rounded up and at least one, so a client that waits as
/// told is not refused again.
fn retry_after_seconds(error: &AppError) -> u64 {
    match error {
        AppError::TooManyAttempts { retry_after } | AppError::Busy { retry_after } => {
            let whole = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            whole.max(1)
        }
        _ => 0,
    }
}

pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
    if status == StatusCode::UNAUTHORIZED {
        response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
    }
    response.json(problem)
}

/// Turns actix-web's JSON extractor failures into problems a client can act on.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app_error = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => AppError::BadRequest {
            code: ErrorCode::PayloadTooLarge,
            detail: format!("the body may be at most {limit} bytes"),
        },
        JsonPayloadError::ContentType => AppError::BadRequest {
            code: ErrorCode::UnsupportedMediaType,
            detail: "send the body as application/json".into(),
        },
        JsonPayloadError::Deserialize(json) if json.is_data() => {
            AppError::validation(json_field(json), json_message(json))
        }
        JsonPayloadError::Deserialize(json) => AppError::BadRequest {
            code: ErrorCode::MalformedJson,
            detail: json.to_string(),
        },
        _ => AppError::BadRequest {
            code: ErrorCode::MalformedJson,
            detail: err.to_string(),
        },
    };
    app_error.into()
}

// serde_json reports "missing field `email` at line 1 column 20"; pull the
// field name out so the client can point at the right input.
fn json_field(err: &serde_json::Error) -> String {
    let message = err.to_string();
    message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("body")
        .to_owned()
}

fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(position) => message[..position].to_owned(),
        None => message,
    }
}

/// A path parameter that is not of its type (an id that is not a UUID, a
/// side that is neither `employee` nor `manager`, a version that is not a
/// number): 400 `invalid_parameter` naming it. A well-formed id of nothing
/// the caller may see stays 404.
pub fn path_error(err: PathError, req: &HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, "malformed path parameter");
    let all: Vec<&str> = req.match_info().iter().map(|(name, _)| name).collect();
    let malformed: Vec<&str> = req
        .match_info()
        .iter()
        .filter(|(name, value)| !path_parameter_well_formed(name, value))
        .map(|(name, _)| name)
        .collect();
    let named = if malformed.is_empty() { all } else { malformed };
    let errors = named
        .iter()
        .map(|name| FieldError::new(*name, path_parameter_expected(name)))
        .collect();
    let problem = Problem::new(ErrorCode::InvalidParameter)
        .with_detail(format!("malformed path parameter: {}", named.join(", ")))
        .with_errors(errors);
    AppError::Problem(Box::new(problem)).into()
}

/// What a path parameter of this name must be.
fn path_parameter_expected(name: &str) -> &'static str {
    match name {
        "side" => "employee or manager",
        "n" => "a version number from 1",
        _ => "a UUID",
    }
}

fn path_parameter_well_formed(name: &str, value: &str) -> bool {
    match name {
        "side" => matches!(value, "employee" | "manager"),
        "n" => value.parse::<u32>().is_ok(),
        _ => uuid::Uuid::parse_str(value).is_ok(),
    }
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest {
        code: ErrorCode::InvalidParameter,
        detail: err.to_string(),
    }
    .into()
}

/// Middleware hook: any error response without a JSON body (unknown routes,
/// wrong methods, framework errors) becomes a problem document.
pub fn ensure_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // Problems and deliberate JSON answers (such as an unhealthy health
    // check) pass through; bare framework errors get a problem body.
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/") && value.contains("json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let code = match res.status() {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        status if status.is_client_error() => ErrorCode::InvalidParameter,
        _ => ErrorCode::Internal,
    };
    let (req, res) = res.into_parts();
    let mut problem = problem_response(&Problem::new(code));
    // Keep headers such as `Allow` (405) and the request id.
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let res = ServiceResponse::new(req, problem.map_into_boxed_body()).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}

/// A tiny helper so handlers can say `no_content()`.
pub fn no_content() -> HttpResponse<BoxBody> {
    HttpResponse::NoContent().finish()
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

    use super::*;

    const SECRET: &str = "hemmelig-forberedelse";

    #[test]
    fn a_conflict_is_logged_by_its_code_without_the_current_document() {
        let mut problem = Problem::new(ErrorCode::VersionConflict).with_detail(SECRET);
        problem.current = Some(serde_json::json!({ "answers": { "q1": SECRET } }));
        let error = AppError::Problem(Box::new(problem));

        let debug = format!("{error:?}");

        assert_eq!(
            debug,
            r#"AppError { code: "version_conflict", status: 409 }"#
        );
    }

    #[test]
    fn refused_input_is_not_in_the_debug() {
        let quoted = serde_json::from_str::<u32>(&format!("\"{SECRET}\"")).unwrap_err();
        assert!(
            quoted.to_string().contains(SECRET),
            "serde quotes the value"
        );
        let errors = [
            AppError::BadRequest {
                code: ErrorCode::MalformedJson,
                detail: quoted.to_string(),
            },
            AppError::validation("answers/q1", quoted.to_string()),
            AppError::Forbidden(SECRET.into()),
            AppError::Conflict(SECRET.into()),
        ];
        for error in errors {
            let debug = format!("{error:?}");
            assert!(!debug.contains(SECRET), "{debug}");
            assert!(debug.contains(error.code().as_str()), "{debug}");
        }
    }

    #[test]
    fn an_internal_cause_keeps_our_words_and_drops_quoted_values() {
        let quoted = serde_json::from_str::<u32>(&format!("\"{SECRET}\"")).unwrap_err();
        let error = AppError::Internal(
            anyhow::Error::from(quoted).context("preparation 42 cannot be read"),
        );
        let stored = AppError::from(DbErr::Json(format!("invalid type: string \"{SECRET}\"")));

        let debug = format!("{error:?}");
        let stored = format!("{stored:?}");

        assert!(debug.contains("preparation 42 cannot be read"), "{debug}");
        assert!(debug.contains("JSON Data error at line 1"), "{debug}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(
            stored.contains("JSON value that does not parse"),
            "{stored}"
        );
        assert!(!stored.contains(SECRET), "{stored}");
    }

    #[tokio::test]
    async fn a_database_error_is_told_by_its_code_and_message() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)")
            .await
            .unwrap();
        let insert = || {
            Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO notes (text) VALUES (?)",
                [SECRET.into()],
            )
        };
        db.execute_raw(insert()).await.unwrap();
        let refused = db.execute_raw(insert()).await.unwrap_err();

        let logged = Loggable(&refused).to_string();

        assert!(
            logged.contains("database error 2067 (UniqueViolation)"),
            "{logged}"
        );
        assert!(
            logged.contains("UNIQUE constraint failed: notes.text"),
            "{logged}"
        );
        assert!(!logged.contains(SECRET), "{logged}");
    }
}
