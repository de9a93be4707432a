//! What `GET /api/health` reports.

use serde::{Deserialize, Serialize};

/// The server's view of its own health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when every check passed, otherwise `degraded`.
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
    /// Whether the database answered a query.
    pub database_reachable: bool,
    /// Whether every migration has been applied.
    pub migrations_current: bool,
    #[cfg_attr(feature = "openapi", schema(example = "0.1.0"))]
    pub version: String,
}
