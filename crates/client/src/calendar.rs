//! The meeting invitation, which is a calendar file rather than JSON.

use mus_domain::{ConversationId, Problem};

use crate::{Client, ClientError, Result};

impl Client {
    /// `GET /conversations/{id}/meeting.ics`: the RFC 5545 invitation, as
    /// text to save or hand to a calendar. Call it with a fresh session: it
    /// does not refresh an expired access token.
    pub async fn meeting_invitation(&self, id: ConversationId) -> Result<String> {
        let mut request = self
            .http()
            .get(self.url(&format!("conversations/{id}/meeting.ics")));
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
