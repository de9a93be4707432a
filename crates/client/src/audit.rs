//! The audit log, the caller's access log and data export.

use mus_domain::{AuditAction, AuditEntry, MyData, Page, UserId};

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
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        if let Some(actor) = query.actor {
            pairs.append_pair("actor", &actor.to_string());
        }
        if let Some(subject) = query.subject {
            pairs.append_pair("subject", &subject.to_string());
        }
        if let Some(action) = query.action {
            pairs.append_pair("action", action.as_str());
        }
        if let Some(limit) = query.limit {
            pairs.append_pair("limit", &limit.to_string());
        }
        if let Some(cursor) = &query.cursor {
            pairs.append_pair("cursor", cursor);
        }
        self.get(&format!("audit?{}", pairs.finish())).await
    }

    /// `GET /me/access-log`: who read the caller's data, one page, newest
    /// first; `cursor` is the previous page's `next_cursor`.
    pub async fn access_log(&self, cursor: Option<&str>) -> Result<Page<AuditEntry>> {
        match cursor {
            Some(cursor) => {
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("cursor", cursor)
                    .finish();
                self.get(&format!("me/access-log?{query}")).await
            }
            None => self.get("me/access-log").await,
        }
    }

    /// `GET /me/export`: everything MUS holds about the caller.
    pub async fn export(&self) -> Result<MyData> {
        self.get("me/export").await
    }
}
