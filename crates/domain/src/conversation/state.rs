//! What the state machine knows about one conversation.

use serde::{Deserialize, Serialize};

use super::party::Party;
use super::signature::Signature;
use super::status::ConversationStatus;
use super::summary::{ContentHash, SummaryVersion};

/// Everything the lifecycle rules depend on, and nothing else: the status,
/// who has shared their preparation, whether the meeting is scheduled, and
/// the current summary version with the signatures on it.
///
/// The fields are private so that every state is either the starting state
/// ([`ConversationState::new`]), the result of a transition, or a stored
/// state that [`ConversationState::restore`] checked. The server therefore
/// cannot save a status the rules would never have produced (a `signed`
/// conversation with one signature, say), and `apply` never has to guess
/// what such a state would mean.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ConversationSnapshot", into = "ConversationSnapshot")]
pub struct ConversationState {
    pub(super) status: ConversationStatus,
    pub(super) employee_preparation_shared: bool,
    pub(super) manager_preparation_shared: bool,
    pub(super) meeting_scheduled: bool,
    pub(super) summary: Option<CurrentSummary>,
}

/// The version being drafted or signed, with at most one signature per party,
/// each covering exactly this version and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct CurrentSummary {
    pub(super) version: SummaryVersion,
    pub(super) content_hash: ContentHash,
    pub(super) employee_signature: Option<Signature>,
    pub(super) manager_signature: Option<Signature>,
}

impl CurrentSummary {
    pub(super) fn unsigned(version: SummaryVersion, content_hash: ContentHash) -> CurrentSummary {
        CurrentSummary {
            version,
            content_hash,
            employee_signature: None,
            manager_signature: None,
        }
    }

    pub(super) fn signature_of(&self, party: Party) -> Option<&Signature> {
        match party {
            Party::Employee => self.employee_signature.as_ref(),
            Party::Manager => self.manager_signature.as_ref(),
        }
    }

    pub(super) fn signature_slot(&mut self, party: Party) -> &mut Option<Signature> {
        match party {
            Party::Employee => &mut self.employee_signature,
            Party::Manager => &mut self.manager_signature,
        }
    }

    fn signature_count(&self) -> usize {
        Party::ALL
            .into_iter()
            .filter(|party| self.signature_of(*party).is_some())
            .count()
    }

    fn restore(snapshot: SummarySnapshot) -> Result<CurrentSummary, InconsistentState> {
        let mut summary = CurrentSummary::unsigned(snapshot.version, snapshot.content_hash);
        for signature in snapshot.signatures {
            if !signature.covers(summary.version, &summary.content_hash) {
                return Err(InconsistentState(
                    "a signature covers another version or text than the current summary",
                ));
            }
            if signature.by == Party::Manager && signature.seen_not_agreed.is_some() {
                return Err(InconsistentState(
                    "only the employee signs as seen, not agreed",
                ));
            }
            let slot = summary.signature_slot(signature.by);
            if slot.is_some() {
                return Err(InconsistentState(
                    "a party has signed the current version twice",
                ));
            }
            *slot = Some(signature);
        }
        Ok(summary)
    }
}

impl ConversationState {
    /// A conversation as a round creates it: planned, nothing prepared or
    /// shared, no meeting scheduled, no summary.
    pub fn new() -> ConversationState {
        ConversationState {
            status: ConversationStatus::Planned,
            employee_preparation_shared: false,
            manager_preparation_shared: false,
            meeting_scheduled: false,
            summary: None,
        }
    }

    /// Rebuilds a stored state, refusing one that no sequence of transitions
    /// could have produced. A refusal means the store and the rules disagree,
    /// which is a bug to log, not something to show the user.
    pub fn restore(snapshot: ConversationSnapshot) -> Result<ConversationState, InconsistentState> {
        use ConversationStatus as S;

        let ConversationSnapshot {
            status,
            employee_preparation_shared: employee_shared,
            manager_preparation_shared: manager_shared,
            meeting_scheduled,
            summary,
        } = snapshot;
        let summary = summary.map(CurrentSummary::restore).transpose()?;

        let shares_fit = match status {
            S::Planned => !employee_shared && !manager_shared,
            S::Preparing => !(employee_shared && manager_shared),
            S::Ready => employee_shared && manager_shared,
            S::Held | S::SummaryDraft | S::AwaitingSignatures | S::Signed | S::Cancelled => true,
        };
        if !shares_fit {
            return Err(InconsistentState(
                "who has shared their preparation does not fit the status",
            ));
        }

        let meeting_fits = match status {
            S::Held | S::SummaryDraft | S::AwaitingSignatures | S::Signed => meeting_scheduled,
            S::Planned | S::Preparing | S::Ready | S::Cancelled => true,
        };
        if !meeting_fits {
            return Err(InconsistentState(
                "a meeting was held without being scheduled",
            ));
        }

        let signatures = summary.as_ref().map(CurrentSummary::signature_count);
        let summary_fits = match status {
            S::Planned | S::Preparing | S::Ready | S::Held => summary.is_none(),
            S::SummaryDraft => signatures == Some(0),
            S::AwaitingSignatures => signatures == Some(1),
            S::Signed => signatures == Some(2),
            // Only a conversation that never had a signed summary can be cancelled.
            S::Cancelled => summary.as_ref().is_none_or(|summary| {
                summary.version == SummaryVersion::FIRST && summary.signature_count() < 2
            }),
        };
        if !summary_fits {
            return Err(InconsistentState(
                "the summary and its signatures do not fit the status",
            ));
        }

        Ok(ConversationState {
            status,
            employee_preparation_shared: employee_shared,
            manager_preparation_shared: manager_shared,
            meeting_scheduled,
            summary,
        })
    }

    /// The state as plain data, to store or to send.
    pub fn snapshot(&self) -> ConversationSnapshot {
        ConversationSnapshot::from(self.clone())
    }

    pub fn status(&self) -> ConversationStatus {
        self.status
    }

    /// Whether this party has shared their preparation with the other side.
    pub fn has_shared_preparation(&self, party: Party) -> bool {
        match party {
            Party::Employee => self.employee_preparation_shared,
            Party::Manager => self.manager_preparation_shared,
        }
    }

    pub fn meeting_scheduled(&self) -> bool {
        self.meeting_scheduled
    }

    /// The version being drafted, awaiting signatures or signed; `None`
    /// before anyone has written a summary.
    pub fn summary_version(&self) -> Option<SummaryVersion> {
        self.summary.as_ref().map(|summary| summary.version)
    }

    /// The hash of the current summary version's text, which a signature
    /// must name.
    pub fn content_hash(&self) -> Option<&ContentHash> {
        self.summary.as_ref().map(|summary| &summary.content_hash)
    }

    /// This party's signature on the current version, if they have signed it.
    pub fn signature_of(&self, party: Party) -> Option<&Signature> {
        self.summary
            .as_ref()
            .and_then(|summary| summary.signature_of(party))
    }

    /// The signatures on the current version, the employee's first.
    pub fn signatures(&self) -> impl Iterator<Item = &Signature> {
        Party::ALL
            .into_iter()
            .filter_map(|party| self.signature_of(party))
    }

    /// Whether the current version is an amendment of a signed summary
    /// rather than the first summary of the meeting.
    pub fn is_amendment(&self) -> bool {
        self.summary_version() > Some(SummaryVersion::FIRST)
    }

    /// The newest version both parties signed. While an amendment is drafted
    /// or awaits signatures, that is the version before it, which stays in
    /// force until the amendment is signed.
    pub fn last_signed_version(&self) -> Option<SummaryVersion> {
        let version = self.summary_version()?;
        if self.status == ConversationStatus::Signed {
            Some(version)
        } else {
            // Versions only grow by amending a signed one, so the one before
            // the current version was signed by both.
            version.previous()
        }
    }

    /// Whether both parties have ever signed a version of the summary: the
    /// conversation counts as completed in its round, follow-up has started,
    /// and it can no longer be cancelled.
    pub fn has_signed_summary(&self) -> bool {
        self.last_signed_version().is_some()
    }

    pub(super) fn both_preparations_shared(&self) -> bool {
        self.employee_preparation_shared && self.manager_preparation_shared
    }

    pub(super) fn mark_preparation_shared(&mut self, party: Party) {
        match party {
            Party::Employee => self.employee_preparation_shared = true,
            Party::Manager => self.manager_preparation_shared = true,
        }
    }
}

impl Default for ConversationState {
    fn default() -> Self {
        Self::new()
    }
}

/// A [`ConversationState`] as plain data: what the server stores and reads
/// back through [`ConversationState::restore`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSnapshot {
    pub status: ConversationStatus,
    pub employee_preparation_shared: bool,
    pub manager_preparation_shared: bool,
    pub meeting_scheduled: bool,
    pub summary: Option<SummarySnapshot>,
}

/// The current summary version as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySnapshot {
    pub version: SummaryVersion,
    pub content_hash: ContentHash,
    /// At most one per party, each on exactly `version` and `content_hash`.
    pub signatures: Vec<Signature>,
}

impl From<ConversationState> for ConversationSnapshot {
    fn from(state: ConversationState) -> Self {
        ConversationSnapshot {
            status: state.status,
            employee_preparation_shared: state.employee_preparation_shared,
            manager_preparation_shared: state.manager_preparation_shared,
            meeting_scheduled: state.meeting_scheduled,
            summary: state.summary.map(|summary| SummarySnapshot {
                version: summary.version,
                content_hash: summary.content_hash,
                signatures: summary
                    .employee_signature
                    .into_iter()
                    .chain(summary.manager_signature)
                    .collect(),
            }),
        }
    }
}

impl TryFrom<ConversationSnapshot> for ConversationState {
    type Error = InconsistentState;

    fn try_from(snapshot: ConversationSnapshot) -> Result<Self, Self::Error> {
        ConversationState::restore(snapshot)
    }
}

/// A stored conversation state that the lifecycle rules could not have
/// produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent conversation state: {0}")]
pub struct InconsistentState(&'static str);

impl InconsistentState {
    /// What does not fit, in words for the log.
    pub fn reason(&self) -> &'static str {
        self.0
    }
}
