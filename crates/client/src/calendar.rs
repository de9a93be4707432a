//! Files rather than JSON: meeting invitations and the liaison committee's
//! report.

use mus_domain::{ConversationId, GroupConversationId, Language, RoundId};

use crate::{Client, Result};

impl Client {
    /// `GET /conversations/{id}/meeting.ics`: the RFC 5545 invitation, as
    /// text to save or hand to a calendar.
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
}
