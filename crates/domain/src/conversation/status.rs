//! Where a conversation is in its life.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a conversation stands. Dashboards show it and round progress counts
/// by it; only [`apply`](super::apply) changes it.
///
/// There is no separate "amending" status. An amendment goes through exactly
/// the same drafting and signing as the first summary, so it reuses
/// `summary_draft` and `awaiting_signatures` with a summary version above 1;
/// a status of its own would need a copy of each of those two and of every
/// rule about them. That a signed version exists is a fact beside the status:
/// [`ConversationState::has_signed_summary`](super::ConversationState::has_signed_summary)
/// answers it, and round completion should count by it rather than by
/// `signed` alone, so that amending an old summary does not un-complete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The round created it; neither side has written or shared anything yet.
    Planned,
    /// At least one side has started preparing, but not both have shared.
    Preparing,
    /// Both sides have shared their preparation, so the agenda is complete.
    /// Whether a meeting is scheduled is shown beside the status, not by it:
    /// a scheduled meeting with nothing prepared is not ready.
    Ready,
    /// The meeting took place; the summary has not been started.
    Held,
    /// A summary (or an amendment of one) is being written; nobody has signed
    /// this version.
    SummaryDraft,
    /// One side has signed the current version; the other has not yet.
    AwaitingSignatures,
    /// Both sides signed the same version, which is now locked. Only an
    /// amendment (a new version) can change what was agreed.
    Signed,
    /// Taken out of the round before any summary was signed, for example
    /// because the employee left or is on long leave, so that the round can
    /// still be completed. Final: nothing happens to a cancelled conversation.
    Cancelled,
}

impl ConversationStatus {
    pub const ALL: [ConversationStatus; 8] = [
        ConversationStatus::Planned,
        ConversationStatus::Preparing,
        ConversationStatus::Ready,
        ConversationStatus::Held,
        ConversationStatus::SummaryDraft,
        ConversationStatus::AwaitingSignatures,
        ConversationStatus::Signed,
        ConversationStatus::Cancelled,
    ];

    /// The stable machine name, as used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Planned => "planned",
            ConversationStatus::Preparing => "preparing",
            ConversationStatus::Ready => "ready",
            ConversationStatus::Held => "held",
            ConversationStatus::SummaryDraft => "summary_draft",
            ConversationStatus::AwaitingSignatures => "awaiting_signatures",
            ConversationStatus::Signed => "signed",
            ConversationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ConversationStatus> {
        ConversationStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
    }

    /// Before the meeting, while each side may still write and share their
    /// preparation.
    pub fn is_before_meeting(self) -> bool {
        matches!(
            self,
            ConversationStatus::Planned | ConversationStatus::Preparing | ConversationStatus::Ready
        )
    }

    /// After the meeting and before both have signed, while the summary may
    /// be written (and each side may sign). The summary's transitions ask
    /// this, and so does the web app before it offers the editor.
    pub fn summary_is_open(self) -> bool {
        matches!(
            self,
            ConversationStatus::Held
                | ConversationStatus::SummaryDraft
                | ConversationStatus::AwaitingSignatures
        )
    }

    /// Whether a party may sign now: the summary is open and has been
    /// written, and they have not signed its current version. The web app
    /// asks this before it offers the button; signing refuses exactly the
    /// other cases (a test in `conversation/tests.rs` holds the two together).
    pub fn may_sign(self, summary_written: bool, signed_already: bool) -> bool {
        self.summary_is_open() && summary_written && !signed_already
    }
}

impl fmt::Display for ConversationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_machine_names() {
        for status in ConversationStatus::ALL {
            assert_eq!(ConversationStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
            assert_eq!(
                serde_json::from_value::<ConversationStatus>(status.as_str().into()).unwrap(),
                status
            );
        }
        assert_eq!(ConversationStatus::parse("amended"), None);
        assert_eq!(ConversationStatus::parse("SummaryDraft"), None);
    }

    #[test]
    fn all_lists_every_status_once_in_lifecycle_order() {
        let mut sorted = ConversationStatus::ALL;
        sorted.sort();
        assert_eq!(sorted, ConversationStatus::ALL);
        assert!(sorted.windows(2).all(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn only_the_first_three_statuses_are_before_the_meeting() {
        let before: Vec<_> = ConversationStatus::ALL
            .into_iter()
            .filter(|status| status.is_before_meeting())
            .collect();
        assert_eq!(
            before,
            [
                ConversationStatus::Planned,
                ConversationStatus::Preparing,
                ConversationStatus::Ready
            ]
        );
    }
}
