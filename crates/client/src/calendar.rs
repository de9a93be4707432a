//! Files rather than JSON: meeting invitations and the liaison committee's
//! report.

use mus_domain::{ConversationId, GroupConversationId, Language, Problem, RoundId};

use crate::{Client, ClientError, Result};

impl Client {
    /// `GET /conversations/{id}/meeting.ics`: the RFC 5545 invitation, as
    /// text to save or hand to a calendar. Call it with a fresh session: it
    /// does not refresh an expired access token.
    pub async fn meeting_invitation(&self, id: ConversationId) -> Result<String> {
        self.text(&format!("conversations/{id}/meeting.ics")).await
    }

    /// `GET /group-conversations/{id}/meeting.ics`, as
    /// [`Client::meeting_invitation`].
    pub async fn group_meeting_invitation(&self, id: GroupConversationId) -> Result<String> {
        self.text(&format!("group-conversations/{id}/meeting.ics"))
            .await
    }

    /// `GET /rounds/{id}/report.csv`, headed in `language`.
    pub async fn round_report_csv(&self, id: RoundId, language: Language) -> Result<String> {
        self.text(&format!(
            "rounds/{id}/report.csv?lang={}",
            language.as_str()
        ))
        .await
    }

    /// An authenticated `GET` of a path whose answer is text, not JSON.
    async fn text(&self, path: &str) -> Result<String> {
        let mut request = self.http().get(self.url(path));
        if let Some(token) = self.access_token() {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        if response.status().is_success() {
            return response
                .text()
                .await
                .map_err(|e| ClientError::Transport(e.to_string()));
        }
        let problem: Problem = response
            .json()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        Err(ClientError::Api(Box::new(problem)))
    }
}
