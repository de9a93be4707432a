//! The summary and its signatures.

use http::Method;
use mus_domain::{ConversationId, SignRequest, Summary, SummaryVersionInfo, SummaryWrite};

use crate::{Client, Result};

impl Client {
    /// `GET /conversations/{id}/summary`: the current version, or a
    /// proposal (revision 0) before anyone wrote one.
    pub async fn summary(&self, id: ConversationId) -> Result<Summary> {
        self.get(&format!("conversations/{id}/summary")).await
    }

    /// `PUT /conversations/{id}/summary`: a stale `version` or `revision`
    /// fails with `version_conflict`, the summary now in the problem's
    /// `current`.
    pub async fn save_summary(&self, id: ConversationId, write: &SummaryWrite) -> Result<Summary> {
        self.send(
            Method::PUT,
            &format!("conversations/{id}/summary"),
            Some(write),
        )
        .await
    }

    /// `POST /conversations/{id}/summary/sign`.
    pub async fn sign_summary(&self, id: ConversationId, request: &SignRequest) -> Result<Summary> {
        self.send(
            Method::POST,
            &format!("conversations/{id}/summary/sign"),
            Some(request),
        )
        .await
    }

    /// `POST /conversations/{id}/summary/amend`.
    pub async fn amend_summary(&self, id: ConversationId) -> Result<Summary> {
        self.send(
            Method::POST,
            &format!("conversations/{id}/summary/amend"),
            None::<&()>,
        )
        .await
    }

    /// `GET /conversations/{id}/summary/versions`.
    pub async fn summary_versions(&self, id: ConversationId) -> Result<Vec<SummaryVersionInfo>> {
        self.get(&format!("conversations/{id}/summary/versions"))
            .await
    }

    /// `GET /conversations/{id}/summary/versions/{n}`.
    pub async fn summary_version(&self, id: ConversationId, n: u32) -> Result<Summary> {
        self.get(&format!("conversations/{id}/summary/versions/{n}"))
            .await
    }
}
