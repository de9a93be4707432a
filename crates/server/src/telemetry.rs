//! Structured logs on stderr (stdout stays free for command output such as
//! `mus openapi`). `MUS_LOG` filters, `MUS_LOG_FORMAT=json` switches to JSON.

use std::io::IsTerminal;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{RootSpanBuilder, root_span};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::error::AppError;

const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn";

pub fn init() {
    let filter =
        EnvFilter::try_from_env("MUS_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let json =
        std::env::var("MUS_LOG_FORMAT").is_ok_and(|format| format.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // A request's span closing is its access-log line, with request id,
        // route, status and duration.
        .with_span_events(FmtSpan::CLOSE);
    let without_secrets = filter_fn(|metadata| !records_connect_options(metadata));
    // Several initialisations (tests) are harmless: the first one wins.
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .finish()
            .with(without_secrets)
            .try_init()
    } else {
        builder.finish().with(without_secrets).try_init()
    };
}

/// sea-orm opens a connection inside a `trace` span that records its
/// `ConnectOptions` (`options`) by `Debug`: the database URL with its
/// password. With `MUS_LOG=trace` that span, and every line logged inside
/// it, carried the password; it is left out whatever the filter says.
fn records_connect_options(metadata: &tracing::Metadata<'_>) -> bool {
    metadata.is_span()
        && metadata.target().starts_with("sea_orm")
        && metadata.fields().field("options").is_some()
}

/// The span of each request, whose closing is its access-log line: method,
/// route, path, request id, status, timings, and for a refused request the
/// problem's `code` (`error.code`).
///
/// tracing-actix-web's default also records the error's `Display` and
/// `Debug` (`exception.message`, `exception.details`); for a
/// `version_conflict` those held the whole current document, an unshared
/// preparation or a summary, and a serde message quotes the value it did
/// not expect. They stay empty here, and the crate's warning event on every
/// error, which carries the same `Debug`, is turned off (its default feature
/// `emit_event_on_error`). A 500's cause is logged by
/// `AppError::error_response`, without content.
#[derive(Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        root_span!(request, error.code = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        span.record("http.status_code", status.as_u16());
        span.record(
            "otel.status_code",
            if status.is_server_error() {
                "ERROR"
            } else {
                "OK"
            },
        );
        if let Some(error) = error.and_then(|error| error.as_error::<AppError>()) {
            span.record("error.code", error.code().as_str());
        }
    }
}
