//! The audit log, the caller's access log and data export.

use mus_domain::{AuditAction, AuditEntry, MyData, Page, UserId};

use crate::query::Query;
use crate::{Client, Result};

/// Filters for [`Client::audit`]; all optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<UserId>,
    pub subject: Option<UserId>,
    pub action: Option<AuditAction>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl Client {
    /// `GET /audit` (HR administrators).
    pub async fn audit(&self, query: &AuditQuery) -> Result<Page<AuditEntry>> {
        let path = Query::new()
            .with_some("actor", query.actor.map(|actor| actor.to_string()))
            .with_some("subject", query.subject.map(|subject| subject.to_string()))
            .with_some("action", query.action.map(AuditAction::as_str))
            .with_some("limit", query.limit.map(|limit| limit.to_string()))
            .with_some("cursor", query.cursor.as_deref())
            .after("audit");
        self.get(&path).await
    }

    /// `GET /me/access-log`: who read the caller's data, one page, newest
    /// first; `cursor` is the previous page's `next_cursor`.
    pub async fn access_log(&self, cursor: Option<&str>) -> Result<Page<AuditEntry>> {
        let path = Query::new()
            .with_some("cursor", cursor)
            .after("me/access-log");
        self.get(&path).await
    }

    /// `GET /me/export`: everything MUS holds about the caller.
    pub async fn export(&self) -> Result<MyData> {
        self.get("me/export").await
    }

    /// `GET /me/export` as the server wrote it, for a file to keep.
    pub async fn export_json(&self) -> Result<String> {
        self.text("me/export").await
    }
}
