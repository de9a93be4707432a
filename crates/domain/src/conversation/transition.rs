//! The transitions: what may happen to a conversation in which status, and
//! what the conversation looks like afterwards.

use serde::{Deserialize, Serialize};

use super::party::Party;
use super::signature::Signature;
use super::state::{ConversationState, CurrentSummary};
use super::status::ConversationStatus;
use super::summary::{ContentHash, SummaryVersion};

/// Something a party (or HR) did to a conversation. Each maps to one endpoint,
/// and the server applies it before it writes anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ConversationEvent {
    /// `PUT …/preparations/{side}`: a party wrote (or autosaved) their
    /// preparation. The first word from either side moves a planned
    /// conversation to preparing.
    PreparationSaved { by: Party },
    /// `POST …/preparations/{side}/share`: a party let the other side see
    /// their preparation. Sharing cannot be taken back (the other side may
    /// already have read it), so sharing again changes nothing. When both
    /// have shared, the conversation is ready.
    PreparationShared { by: Party },
    /// `PUT …/meeting`: the meeting was scheduled or moved. It does not change
    /// the status; it is what allows the meeting to be held.
    MeetingScheduled,
    /// `DELETE …/meeting`: the meeting was taken off the calendar before it
    /// took place; a new time may be set later. It does not change the
    /// status.
    MeetingCancelled,
    /// `POST …/held`: the meeting took place. It needs a scheduled meeting
    /// but not both preparations: a conversation still happens when one side
    /// did not prepare, and the status history shows that it was not ready.
    MeetingHeld,
    /// `PUT …/summary`: the current summary version now has this content.
    /// The first edit after the meeting creates version 1. An edit that
    /// changes the text voids every signature on it; one that leaves the text
    /// as it was (an autosave with nothing new) voids nothing, because the
    /// signed text is still exactly what is there.
    SummaryEdited { content_hash: ContentHash },
    /// `POST …/summary/sign`: a party signed exactly this version and text.
    Signed(Signature),
    /// `POST …/summary/amend`: a signed summary is reopened as the next
    /// version, starting from this content, with no signatures. The signed
    /// version stays as it was and stays readable.
    Amended { content_hash: ContentHash },
    /// HR took the conversation out of its round (the employee left, or is on
    /// long leave), so the round can be completed without it.
    Cancelled,
}

impl ConversationEvent {
    /// A stable snake_case name, for the audit log and for messages.
    pub fn name(&self) -> &'static str {
        match self {
            ConversationEvent::PreparationSaved { .. } => "preparation_saved",
            ConversationEvent::PreparationShared { .. } => "preparation_shared",
            ConversationEvent::MeetingScheduled => "meeting_scheduled",
            ConversationEvent::MeetingCancelled => "meeting_cancelled",
            ConversationEvent::MeetingHeld => "meeting_held",
            ConversationEvent::SummaryEdited { .. } => "summary_edited",
            ConversationEvent::Signed(_) => "signed",
            ConversationEvent::Amended { .. } => "amended",
            ConversationEvent::Cancelled => "cancelled",
        }
    }
}

/// Why an event cannot happen to the conversation as it is now. Each variant
/// has a stable [`code`](TransitionError::code) for problem+json; the doc
/// comment names the HTTP status it should be answered with
/// ([`status`](TransitionError::status) returns it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// 409 Conflict: Nothing happens to a cancelled conversation.
    #[error("the conversation has been cancelled")]
    ConversationCancelled,
    /// 409 Conflict: Preparation belongs before the meeting; once it is held, each side's
    /// preparation stays as it was when they met.
    #[error("the meeting has been held, so preparation is closed")]
    PreparationClosed,
    /// 409 Conflict: The meeting cannot be moved or held again once it took place.
    #[error("the meeting has already been held")]
    MeetingAlreadyHeld,
    /// 409 Conflict: A meeting must have a time and place before it can be held.
    #[error("the meeting has not been scheduled")]
    MeetingNotScheduled,
    /// 409 Conflict: The summary is the record of a meeting, so it waits for one.
    #[error("the meeting has not been held yet")]
    MeetingNotHeld,
    /// 409 Conflict: There is no summary to sign until someone writes it.
    #[error("no summary has been written yet")]
    SummaryNotStarted,
    /// 409 Conflict: Both parties signed this version; only an amendment can change it.
    #[error("the summary is signed by both and locked; amend it to make changes")]
    SummaryLocked,
    /// 409 Conflict: Only a summary both have signed can be amended; a draft is edited.
    #[error("only a summary signed by both can be amended")]
    SummaryNotSigned,
    /// 409 Conflict: The signature names a version that is not the current one (an amendment
    /// started, or the signer's copy is out of date).
    #[error("version {signed} is not the current version of the summary ({current})")]
    StaleSummaryVersion {
        current: SummaryVersion,
        signed: SummaryVersion,
    },
    /// 409 Conflict: The text changed after the signer read it; they must read it again.
    #[error("the summary has changed since it was read")]
    SummaryChanged,
    /// 409 Conflict: A party signs a version once. A second signature, even an identical one, is
    /// refused rather than ignored, so that the signature on record (with its time and comment) is
    /// never silently replaced.
    #[error("the {by} has already signed this version of the summary")]
    AlreadySigned { by: Party },
    /// 422 Unprocessable Content: Signing as "seen, not agreed" is the employee's right; the
    /// manager writes the summary and can change what they disagree with.
    #[error("only the employee can sign as seen, not agreed")]
    SeenNotAgreedEmployeeOnly,
    /// 409 Conflict: A signed summary is a record both parties rely on; it is not cancelled, not
    /// even while an amendment is under way.
    #[error("a conversation whose summary has been signed cannot be cancelled")]
    CannotCancelSigned,
}

impl TransitionError {
    /// Every code [`TransitionError::code`] can return, for mapping them all
    /// onto the API's error codes.
    pub const CODES: [&'static str; 13] = [
        "conversation_cancelled",
        "preparation_closed",
        "meeting_already_held",
        "meeting_not_scheduled",
        "meeting_not_held",
        "summary_not_started",
        "summary_locked",
        "summary_not_signed",
        "stale_summary_version",
        "summary_changed",
        "already_signed",
        "seen_not_agreed_employee_only",
        "cannot_cancel_signed",
    ];

    /// The stable, machine-readable snake_case code clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::ConversationCancelled => "conversation_cancelled",
            TransitionError::PreparationClosed => "preparation_closed",
            TransitionError::MeetingAlreadyHeld => "meeting_already_held",
            TransitionError::MeetingNotScheduled => "meeting_not_scheduled",
            TransitionError::MeetingNotHeld => "meeting_not_held",
            TransitionError::SummaryNotStarted => "summary_not_started",
            TransitionError::SummaryLocked => "summary_locked",
            TransitionError::SummaryNotSigned => "summary_not_signed",
            TransitionError::StaleSummaryVersion { .. } => "stale_summary_version",
            TransitionError::SummaryChanged => "summary_changed",
            TransitionError::AlreadySigned { .. } => "already_signed",
            TransitionError::SeenNotAgreedEmployeeOnly => "seen_not_agreed_employee_only",
            TransitionError::CannotCancelSigned => "cannot_cancel_signed",
        }
    }

    /// The HTTP status to answer with: 422 for a request that could never
    /// succeed, 409 for one that conflicts with the conversation as it is now.
    pub fn status(&self) -> u16 {
        match self {
            TransitionError::SeenNotAgreedEmployeeOnly => 422,
            TransitionError::ConversationCancelled
            | TransitionError::PreparationClosed
            | TransitionError::MeetingAlreadyHeld
            | TransitionError::MeetingNotScheduled
            | TransitionError::MeetingNotHeld
            | TransitionError::SummaryNotStarted
            | TransitionError::SummaryLocked
            | TransitionError::SummaryNotSigned
            | TransitionError::StaleSummaryVersion { .. }
            | TransitionError::SummaryChanged
            | TransitionError::AlreadySigned { .. }
            | TransitionError::CannotCancelSigned => 409,
        }
    }
}

/// The conversation after `event`, or why `event` cannot happen now. The
/// state passed in is left as it was, so a refused event changes nothing.
pub fn apply(
    state: &ConversationState,
    event: &ConversationEvent,
) -> Result<ConversationState, TransitionError> {
    match event {
        ConversationEvent::PreparationSaved { .. } => save_preparation(state),
        ConversationEvent::PreparationShared { by } => share_preparation(state, *by),
        ConversationEvent::MeetingScheduled => schedule_meeting(state),
        ConversationEvent::MeetingCancelled => cancel_meeting(state),
        ConversationEvent::MeetingHeld => hold_meeting(state),
        ConversationEvent::SummaryEdited { content_hash } => edit_summary(state, content_hash),
        ConversationEvent::Signed(signature) => sign(state, signature),
        ConversationEvent::Amended { content_hash } => amend(state, content_hash),
        ConversationEvent::Cancelled => cancel(state),
    }
}

impl ConversationState {
    /// The same as [`apply`]`(self, event)`.
    pub fn apply(&self, event: &ConversationEvent) -> Result<ConversationState, TransitionError> {
        apply(self, event)
    }
}

/// Refuses whatever does not belong before the meeting, with the error that
/// says why in the conversation's current status.
fn before_meeting(
    state: &ConversationState,
    after_meeting: TransitionError,
) -> Result<(), TransitionError> {
    use ConversationStatus as S;
    match state.status {
        S::Planned | S::Preparing | S::Ready => Ok(()),
        S::Held | S::SummaryDraft | S::AwaitingSignatures | S::Signed => Err(after_meeting),
        S::Cancelled => Err(TransitionError::ConversationCancelled),
    }
}

fn save_preparation(state: &ConversationState) -> Result<ConversationState, TransitionError> {
    before_meeting(state, TransitionError::PreparationClosed)?;
    let mut next = state.clone();
    if next.status == ConversationStatus::Planned {
        next.status = ConversationStatus::Preparing;
    }
    Ok(next)
}

fn share_preparation(
    state: &ConversationState,
    by: Party,
) -> Result<ConversationState, TransitionError> {
    before_meeting(state, TransitionError::PreparationClosed)?;
    let mut next = state.clone();
    next.mark_preparation_shared(by);
    next.status = if next.both_preparations_shared() {
        ConversationStatus::Ready
    } else {
        ConversationStatus::Preparing
    };
    Ok(next)
}

fn schedule_meeting(state: &ConversationState) -> Result<ConversationState, TransitionError> {
    before_meeting(state, TransitionError::MeetingAlreadyHeld)?;
    let mut next = state.clone();
    next.meeting_scheduled = true;
    Ok(next)
}

fn cancel_meeting(state: &ConversationState) -> Result<ConversationState, TransitionError> {
    before_meeting(state, TransitionError::MeetingAlreadyHeld)?;
    if !state.meeting_scheduled {
        return Err(TransitionError::MeetingNotScheduled);
    }
    let mut next = state.clone();
    next.meeting_scheduled = false;
    Ok(next)
}

fn hold_meeting(state: &ConversationState) -> Result<ConversationState, TransitionError> {
    before_meeting(state, TransitionError::MeetingAlreadyHeld)?;
    if !state.meeting_scheduled {
        return Err(TransitionError::MeetingNotScheduled);
    }
    let mut next = state.clone();
    next.status = ConversationStatus::Held;
    Ok(next)
}

fn edit_summary(
    state: &ConversationState,
    content_hash: &ContentHash,
) -> Result<ConversationState, TransitionError> {
    use ConversationStatus as S;
    match (state.status, &state.summary) {
        (S::Cancelled, _) => Err(TransitionError::ConversationCancelled),
        (status, _) if status.is_before_meeting() => Err(TransitionError::MeetingNotHeld),
        (status, _) if !status.summary_is_open() => Err(TransitionError::SummaryLocked),
        (_, Some(summary)) if &summary.content_hash == content_hash => Ok(state.clone()),
        (_, current) => {
            let version = current
                .as_ref()
                .map_or(SummaryVersion::FIRST, |summary| summary.version);
            let mut next = state.clone();
            next.status = S::SummaryDraft;
            next.summary = Some(CurrentSummary::unsigned(version, content_hash.clone()));
            Ok(next)
        }
    }
}

fn sign(
    state: &ConversationState,
    signature: &Signature,
) -> Result<ConversationState, TransitionError> {
    use ConversationStatus as S;
    let summary = match (state.status, &state.summary) {
        (S::Cancelled, _) => return Err(TransitionError::ConversationCancelled),
        (S::Planned | S::Preparing | S::Ready, _) => return Err(TransitionError::MeetingNotHeld),
        (_, None) => return Err(TransitionError::SummaryNotStarted),
        (S::Held | S::SummaryDraft | S::AwaitingSignatures | S::Signed, Some(summary)) => summary,
    };
    if signature.by == Party::Manager && signature.seen_not_agreed.is_some() {
        return Err(TransitionError::SeenNotAgreedEmployeeOnly);
    }
    if signature.version != summary.version {
        return Err(TransitionError::StaleSummaryVersion {
            current: summary.version,
            signed: signature.version,
        });
    }
    if signature.content_hash != summary.content_hash {
        return Err(TransitionError::SummaryChanged);
    }
    if summary.signature_of(signature.by).is_some() {
        return Err(TransitionError::AlreadySigned { by: signature.by });
    }

    let mut summary = summary.clone();
    *summary.signature_slot(signature.by) = Some(signature.clone());
    let both_signed = summary.signature_of(signature.by.other()).is_some();
    let mut next = state.clone();
    next.summary = Some(summary);
    next.status = if both_signed {
        S::Signed
    } else {
        S::AwaitingSignatures
    };
    Ok(next)
}

fn amend(
    state: &ConversationState,
    content_hash: &ContentHash,
) -> Result<ConversationState, TransitionError> {
    use ConversationStatus as S;
    let signed_version = match (state.status, &state.summary) {
        (S::Cancelled, _) => return Err(TransitionError::ConversationCancelled),
        (S::Signed, Some(summary)) => summary.version,
        (
            S::Planned
            | S::Preparing
            | S::Ready
            | S::Held
            | S::SummaryDraft
            | S::AwaitingSignatures
            | S::Signed,
            _,
        ) => return Err(TransitionError::SummaryNotSigned),
    };
    // Out of version numbers the summary cannot be amended, so it stays locked.
    let version = signed_version
        .next()
        .ok_or(TransitionError::SummaryLocked)?;
    let mut next = state.clone();
    next.status = S::SummaryDraft;
    next.summary = Some(CurrentSummary::unsigned(version, content_hash.clone()));
    Ok(next)
}

fn cancel(state: &ConversationState) -> Result<ConversationState, TransitionError> {
    if state.status == ConversationStatus::Cancelled {
        return Err(TransitionError::ConversationCancelled);
    }
    if state.has_signed_summary() {
        return Err(TransitionError::CannotCancelSigned);
    }
    let mut next = state.clone();
    next.status = ConversationStatus::Cancelled;
    Ok(next)
}
