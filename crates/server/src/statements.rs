//! Counts the SQL statements each request runs, so that tests and the
//! benchmark can show that a dashboard costs the same number of statements
//! whatever the size of the team or the organisation.
//!
//! The database connection reports every statement to [`count`]; the
//! request middleware scopes a counter around the handler and, when
//! enabled, returns the total in the `x-sql-statements` header.

use std::cell::Cell;
use std::future::Future;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
}

/// The header carrying the count, when the configuration turns it on.
pub const HEADER: &str = "x-sql-statements";

/// Called by the connection for each statement it runs.
pub fn count(_: &sea_orm::metric::Info<'_>) {
    // Outside a request (start-up, migrations) there is no counter: fine.
    let _ = STATEMENTS.try_with(|n| n.set(n.get() + 1));
}

/// Runs `request` with a fresh counter and returns its output with the
/// number of statements it ran.
pub async fn counted<F: Future>(request: F) -> (F::Output, u32) {
    STATEMENTS
        .scope(Cell::new(0), async move {
            let output = request.await;
            (output, STATEMENTS.with(Cell::get))
        })
        .await
}
