//! Structured logs on stderr (stdout stays free for command output such as
//! `mus openapi`). `MUS_LOG` filters, `MUS_LOG_FORMAT=json` switches to JSON.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

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
    // Several initialisations (tests) are harmless: the first one wins.
    let _ = if json {
        builder.json().with_current_span(true).try_init()
    } else {
        builder.try_init()
    };
}
