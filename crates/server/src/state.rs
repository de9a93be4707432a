//! What every request handler can reach.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::auth::{Standings, TokenKeys};
use crate::services::autosave::Autosaves;
use crate::services::cache::DashboardCache;
use crate::services::oidc::Oidc;

/// Shared by all workers; holds nothing a second server instance would need,
/// so instances can run side by side on one database (dashboards kept in
/// memory go stale at the other instances' writes, `store::notices`).
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub keys: TokenKeys,
    pub refresh_token_ttl: Duration,
    /// Take the client's address from the last `X-Forwarded-For` entry.
    pub behind_proxy: bool,
    /// Dashboards read since the last write (`services::cache`).
    pub dashboards: DashboardCache,
    /// Roles and leaving days read since the last write (`auth::Standings`).
    pub standings: Standings,
    /// Preparation saves waiting to be committed together (`services::autosave`).
    pub autosaves: Autosaves,
    /// How far the other instances have heard of this one's writes
    /// (`store::notices`).
    pub notices: crate::store::notices::Notices,
    /// Where people reach MUS, ending in `/`: `MUS_PUBLIC_URL`, or the
    /// address listened on.
    pub public_url: url::Url,
    /// `MUS_PASSWORD_SIGN_IN`: whether passwords are accepted at all.
    pub password_sign_in: bool,
    /// Wakes this process's outbox worker once a message is committed.
    pub outbox: crate::outbox::Wake,
    /// The organisation's sign-in (`MUS_OIDC_*`), when set up.
    pub oidc: Option<Arc<Oidc>>,
    /// `MUS_WEBHOOKS_ALLOW_PRIVATE`: endpoints on private addresses allowed.
    pub webhooks_allow_private: bool,
}
