//! The lifecycle as a whole: the status × event table, the signature rules,
//! amendments, and the states the rules can reach.

use std::collections::{HashSet, VecDeque};

use super::*;
use ConversationStatus as S;

fn hash(digit: char) -> ContentHash {
    ContentHash::parse(&digit.to_string().repeat(64)).unwrap()
}

/// The text as first written.
fn text_a() -> ContentHash {
    hash('a')
}

/// The text after an edit.
fn text_b() -> ContentHash {
    hash('b')
}

fn version(number: u32) -> SummaryVersion {
    SummaryVersion::new(number).unwrap()
}

fn comment(text: &str) -> SeenNotAgreedComment {
    SeenNotAgreedComment::parse(text).unwrap()
}

fn saved(by: Party) -> ConversationEvent {
    ConversationEvent::PreparationSaved { by }
}

fn shared(by: Party) -> ConversationEvent {
    ConversationEvent::PreparationShared { by }
}

fn edited(content_hash: ContentHash) -> ConversationEvent {
    ConversationEvent::SummaryEdited { content_hash }
}

fn amended(content_hash: ContentHash) -> ConversationEvent {
    ConversationEvent::Amended { content_hash }
}

fn signs(by: Party, version: SummaryVersion, content_hash: ContentHash) -> ConversationEvent {
    ConversationEvent::Signed(Signature::agreed(by, version, content_hash))
}

/// `by` signs, agreeing, whatever the conversation currently shows.
fn signs_current(by: Party, state: &ConversationState) -> ConversationEvent {
    let (version, content_hash) = current_text(state);
    signs(by, version, content_hash)
}

fn signs_seen_not_agreed(
    version: SummaryVersion,
    content_hash: ContentHash,
    text: &str,
) -> ConversationEvent {
    ConversationEvent::Signed(Signature::seen_not_agreed(
        version,
        content_hash,
        comment(text),
    ))
}

fn current_text(state: &ConversationState) -> (SummaryVersion, ContentHash) {
    (
        state.summary_version().unwrap_or(SummaryVersion::FIRST),
        state.content_hash().cloned().unwrap_or_else(text_a),
    )
}

#[track_caller]
fn then(state: &ConversationState, event: ConversationEvent) -> ConversationState {
    match apply(state, &event) {
        Ok(next) => next,
        Err(error) => panic!(
            "{} in {} was refused: {error}",
            event.name(),
            state.status()
        ),
    }
}

#[track_caller]
fn refused(state: &ConversationState, event: ConversationEvent) -> TransitionError {
    match apply(state, &event) {
        Ok(next) => panic!(
            "{} in {} was accepted, giving {}",
            event.name(),
            state.status(),
            next.status()
        ),
        Err(error) => error,
    }
}

#[track_caller]
fn walk(events: impl IntoIterator<Item = ConversationEvent>) -> ConversationState {
    events
        .into_iter()
        .fold(ConversationState::new(), |state, event| then(&state, event))
}

// One conversation in each status, with the meeting scheduled, so that the
// table below shows what the status allows rather than what a missing
// meeting forbids.

fn planned() -> ConversationState {
    walk([ConversationEvent::MeetingScheduled])
}

fn preparing() -> ConversationState {
    then(&planned(), shared(Party::Employee))
}

fn ready() -> ConversationState {
    then(&preparing(), shared(Party::Manager))
}

fn held() -> ConversationState {
    then(&ready(), ConversationEvent::MeetingHeld)
}

fn summary_draft() -> ConversationState {
    then(&held(), edited(text_a()))
}

fn awaiting_signatures() -> ConversationState {
    then(
        &summary_draft(),
        signs(Party::Employee, SummaryVersion::FIRST, text_a()),
    )
}

fn signed() -> ConversationState {
    then(
        &awaiting_signatures(),
        signs(Party::Manager, SummaryVersion::FIRST, text_a()),
    )
}

fn amendment_draft() -> ConversationState {
    then(&signed(), amended(text_a()))
}

fn amendment_awaiting_signatures() -> ConversationState {
    then(
        &amendment_draft(),
        signs(Party::Employee, version(2), text_a()),
    )
}

fn cancelled() -> ConversationState {
    then(&preparing(), ConversationEvent::Cancelled)
}

// ---------------------------------------------------------------------------
// The full table: every status × every event.

/// One event of each kind, with arguments that fit `state`: the manager acts
/// (the employee has already shared and signed in the sample states), a
/// signature names the current version and text, an edit changes the text.
fn one_event_of_each_kind(state: &ConversationState) -> [ConversationEvent; 9] {
    let events = [
        saved(Party::Manager),
        shared(Party::Manager),
        ConversationEvent::MeetingScheduled,
        ConversationEvent::MeetingHeld,
        edited(text_b()),
        signs_current(Party::Manager, state),
        amended(text_a()),
        ConversationEvent::Cancelled,
        ConversationEvent::MeetingCancelled,
    ];
    for (column, event) in events.iter().enumerate() {
        assert_eq!(column_of(event), column);
    }
    events
}

/// Where each kind of event sits in the table. Being an exhaustive match, it
/// stops compiling when an event is added, until the table has a column for it.
fn column_of(event: &ConversationEvent) -> usize {
    match event {
        ConversationEvent::PreparationSaved { .. } => 0,
        ConversationEvent::PreparationShared { .. } => 1,
        ConversationEvent::MeetingScheduled => 2,
        ConversationEvent::MeetingHeld => 3,
        ConversationEvent::SummaryEdited { .. } => 4,
        ConversationEvent::Signed(_) => 5,
        ConversationEvent::Amended { .. } => 6,
        ConversationEvent::Cancelled => 7,
        ConversationEvent::MeetingCancelled => 8,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    To(ConversationStatus),
    No(&'static str),
}
use Outcome::{No, To};

type Row = (&'static str, fn() -> ConversationState, [Outcome; 9]);

#[rustfmt::skip]
const TABLE: [Row; 10] = [
    //                                                       saved              shared              scheduled                   held                        edited                    signed                         amended                    cancelled            unscheduled
    ("planned",                       planned,               [To(S::Preparing), To(S::Preparing),  To(S::Planned),             To(S::Held),                No("meeting_not_held"),   No("meeting_not_held"),        No("summary_not_signed"),  To(S::Cancelled), To(S::Planned)]),
    ("preparing",                     preparing,             [To(S::Preparing), To(S::Ready),      To(S::Preparing),           To(S::Held),                No("meeting_not_held"),   No("meeting_not_held"),        No("summary_not_signed"),  To(S::Cancelled), To(S::Preparing)]),
    ("ready",                         ready,                 [To(S::Ready),     To(S::Ready),      To(S::Ready),               To(S::Held),                No("meeting_not_held"),   No("meeting_not_held"),        No("summary_not_signed"),  To(S::Cancelled), To(S::Ready)]),
    ("held",                          held,                  [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), To(S::SummaryDraft), No("summary_not_started"), No("summary_not_signed"), To(S::Cancelled), No("meeting_already_held")]),
    ("summary_draft",                 summary_draft,         [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), To(S::SummaryDraft), To(S::AwaitingSignatures), No("summary_not_signed"), To(S::Cancelled), No("meeting_already_held")]),
    ("awaiting_signatures",           awaiting_signatures,   [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), To(S::SummaryDraft), To(S::Signed),           No("summary_not_signed"), To(S::Cancelled), No("meeting_already_held")]),
    ("signed",                        signed,                [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), No("summary_locked"), No("already_signed"),      To(S::SummaryDraft),      No("cannot_cancel_signed"), No("meeting_already_held")]),
    ("summary_draft (amendment)",     amendment_draft,       [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), To(S::SummaryDraft), To(S::AwaitingSignatures), No("summary_not_signed"), No("cannot_cancel_signed"), No("meeting_already_held")]),
    ("awaiting_signatures (amendment)", amendment_awaiting_signatures, [No("preparation_closed"), No("preparation_closed"), No("meeting_already_held"), No("meeting_already_held"), To(S::SummaryDraft), To(S::Signed), No("summary_not_signed"), No("cannot_cancel_signed"), No("meeting_already_held")]),
    ("cancelled",                     cancelled,             [No("conversation_cancelled"); 9]),
];

#[test]
fn every_event_in_every_status_has_the_outcome_in_the_table() {
    let mut statuses_covered = HashSet::new();
    let mut cases = 0;
    let mut wrong = Vec::new();
    for (row, make_state, expected) in TABLE {
        let state = make_state();
        assert!(
            row.starts_with(state.status().as_str()),
            "the {row} row starts from a {} conversation",
            state.status()
        );
        statuses_covered.insert(state.status());
        for (event, expected) in one_event_of_each_kind(&state).into_iter().zip(expected) {
            cases += 1;
            let outcome = match apply(&state, &event) {
                Ok(next) => {
                    assert_eq!(
                        ConversationState::restore(next.snapshot()).as_ref(),
                        Ok(&next),
                        "{} in {row} gave a state the rules call inconsistent",
                        event.name()
                    );
                    To(next.status())
                }
                Err(error) => No(error.code()),
            };
            if outcome != expected {
                wrong.push(format!(
                    "{} in {row}: expected {expected:?}, got {outcome:?}",
                    event.name()
                ));
            }
        }
    }
    assert_eq!(
        statuses_covered.len(),
        ConversationStatus::ALL.len(),
        "every status has a row"
    );
    assert_eq!(cases, TABLE.len() * 9);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// Preparation and the meeting.

#[test]
fn the_first_word_from_either_side_starts_preparation() {
    for party in Party::ALL {
        let state = walk([saved(party)]);
        assert_eq!(state.status(), S::Preparing);
        assert!(!state.has_shared_preparation(party));
        assert_eq!(then(&state, saved(party.other())).status(), S::Preparing);
    }
}

#[test]
fn ready_means_both_have_shared_in_either_order() {
    for first in Party::ALL {
        let state = walk([shared(first)]);
        assert_eq!(state.status(), S::Preparing);
        assert!(state.has_shared_preparation(first));
        assert!(!state.has_shared_preparation(first.other()));

        let state = then(&state, shared(first.other()));
        assert_eq!(state.status(), S::Ready);
        assert!(Party::ALL.iter().all(|p| state.has_shared_preparation(*p)));
    }
}

#[test]
fn sharing_twice_changes_nothing_and_does_not_make_ready() {
    let once = walk([saved(Party::Employee), shared(Party::Employee)]);
    let twice = then(&once, shared(Party::Employee));
    assert_eq!(twice, once);
    assert_eq!(twice.status(), S::Preparing);
}

#[test]
fn a_scheduled_meeting_alone_does_not_make_a_conversation_ready() {
    let state = walk([ConversationEvent::MeetingScheduled]);
    assert_eq!(state.status(), S::Planned);
    assert!(state.meeting_scheduled());
}

#[test]
fn preparation_can_go_on_while_ready_and_the_meeting_can_be_moved() {
    let state = then(&ready(), saved(Party::Employee));
    assert_eq!(state, ready());
    let moved = then(&state, ConversationEvent::MeetingScheduled);
    assert_eq!(moved, ready());
}

#[test]
fn a_meeting_must_be_scheduled_before_it_is_held() {
    for state in [
        ConversationState::new(),
        walk([saved(Party::Manager)]),
        walk([shared(Party::Employee), shared(Party::Manager)]),
    ] {
        assert_eq!(
            refused(&state, ConversationEvent::MeetingHeld),
            TransitionError::MeetingNotScheduled
        );
        let scheduled = then(&state, ConversationEvent::MeetingScheduled);
        assert_eq!(
            then(&scheduled, ConversationEvent::MeetingHeld).status(),
            S::Held
        );
    }
}

#[test]
fn a_meeting_can_be_held_although_one_side_never_prepared() {
    let state = walk([
        shared(Party::Manager),
        ConversationEvent::MeetingScheduled,
        ConversationEvent::MeetingHeld,
    ]);
    assert_eq!(state.status(), S::Held);
    assert!(!state.has_shared_preparation(Party::Employee));
}

// ---------------------------------------------------------------------------
// Drafting and signing.

#[test]
fn the_first_edit_after_the_meeting_creates_version_one() {
    let state = held();
    assert_eq!(state.summary_version(), None);
    assert_eq!(state.content_hash(), None);

    let state = then(&state, edited(text_a()));
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.summary_version(), Some(SummaryVersion::FIRST));
    assert_eq!(state.content_hash(), Some(&text_a()));
    assert!(!state.is_amendment());
    assert_eq!(state.last_signed_version(), None);
}

#[test]
fn edits_to_a_draft_change_its_hash_but_not_its_version() {
    let state = then(&summary_draft(), edited(text_b()));
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.summary_version(), Some(SummaryVersion::FIRST));
    assert_eq!(state.content_hash(), Some(&text_b()));
}

#[test]
fn the_first_signature_awaits_the_other_and_the_second_locks() {
    for first in Party::ALL {
        let state = then(
            &summary_draft(),
            signs(first, SummaryVersion::FIRST, text_a()),
        );
        assert_eq!(state.status(), S::AwaitingSignatures);
        assert!(state.signature_of(first).is_some());
        assert!(state.signature_of(first.other()).is_none());

        let state = then(
            &state,
            signs(first.other(), SummaryVersion::FIRST, text_a()),
        );
        assert_eq!(state.status(), S::Signed);
        assert_eq!(state.signatures().count(), 2);
        assert!(
            state
                .signatures()
                .all(|signature| signature.covers(SummaryVersion::FIRST, &text_a()))
        );
        assert_eq!(state.last_signed_version(), Some(SummaryVersion::FIRST));
        assert!(state.has_signed_summary());
    }
}

#[test]
fn an_edit_after_one_signature_voids_it() {
    let state = then(&awaiting_signatures(), edited(text_b()));
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.signatures().count(), 0);
    assert_eq!(state.summary_version(), Some(SummaryVersion::FIRST));

    // The voided signature cannot be replayed onto the new text...
    assert_eq!(
        refused(
            &state,
            signs(Party::Employee, SummaryVersion::FIRST, text_a())
        ),
        TransitionError::SummaryChanged
    );
    // ...and the other party's signature alone does not complete anything.
    let state = then(
        &state,
        signs(Party::Manager, SummaryVersion::FIRST, text_b()),
    );
    assert_eq!(state.status(), S::AwaitingSignatures);
    let state = then(
        &state,
        signs(Party::Employee, SummaryVersion::FIRST, text_b()),
    );
    assert_eq!(state.status(), S::Signed);
}

#[test]
fn editing_back_to_the_signed_text_does_not_revive_a_voided_signature() {
    let state = walk_from(awaiting_signatures(), [edited(text_b()), edited(text_a())]);
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.signatures().count(), 0);
}

#[test]
fn saving_the_same_text_again_keeps_the_signature() {
    let before = awaiting_signatures();
    let after = then(&before, edited(text_a()));
    assert_eq!(after, before);
    assert_eq!(after.status(), S::AwaitingSignatures);
}

#[test]
fn a_signature_on_another_version_is_stale() {
    for wrong_version in [version(2), version(7)] {
        let error = refused(
            &summary_draft(),
            signs(Party::Manager, wrong_version, text_a()),
        );
        assert_eq!(
            error,
            TransitionError::StaleSummaryVersion {
                current: SummaryVersion::FIRST,
                signed: wrong_version
            }
        );
        assert_eq!(error.code(), "stale_summary_version");
    }
}

#[test]
fn a_signature_on_text_the_signer_did_not_see_is_refused() {
    let error = refused(
        &awaiting_signatures(),
        signs(Party::Manager, SummaryVersion::FIRST, text_b()),
    );
    assert_eq!(error, TransitionError::SummaryChanged);
    assert_eq!(error.code(), "summary_changed");
}

#[test]
fn a_party_cannot_sign_the_same_version_twice() {
    let state = awaiting_signatures();
    let again = signs(Party::Employee, SummaryVersion::FIRST, text_a());
    assert_eq!(
        refused(&state, again.clone()),
        TransitionError::AlreadySigned {
            by: Party::Employee
        }
    );
    // Not even to change their mind about agreeing.
    let changed_mind = signs_seen_not_agreed(SummaryVersion::FIRST, text_a(), "Uenig");
    assert_eq!(refused(&state, changed_mind).code(), "already_signed");
    // Once locked, both have signed: a repeat is still "already signed".
    assert_eq!(
        refused(&signed(), again),
        TransitionError::AlreadySigned {
            by: Party::Employee
        }
    );
}

#[test]
fn nothing_can_be_signed_before_a_summary_is_written() {
    let error = refused(
        &held(),
        signs(Party::Employee, SummaryVersion::FIRST, text_a()),
    );
    assert_eq!(error, TransitionError::SummaryNotStarted);
    let error = refused(
        &ready(),
        signs(Party::Employee, SummaryVersion::FIRST, text_a()),
    );
    assert_eq!(error, TransitionError::MeetingNotHeld);
}

// ---------------------------------------------------------------------------
// Seen, not agreed.

#[test]
fn the_employee_may_sign_as_seen_not_agreed_and_the_summary_still_locks() {
    let state = then(
        &summary_draft(),
        signs_seen_not_agreed(
            SummaryVersion::FIRST,
            text_a(),
            "Jeg er ikke enig i vurderingen.",
        ),
    );
    assert_eq!(state.status(), S::AwaitingSignatures);
    let signature = state.signature_of(Party::Employee).unwrap();
    assert_eq!(
        signature
            .seen_not_agreed
            .as_ref()
            .map(|seen| seen.comment.as_str()),
        Some("Jeg er ikke enig i vurderingen.")
    );

    let state = then(
        &state,
        signs(Party::Manager, SummaryVersion::FIRST, text_a()),
    );
    assert_eq!(state.status(), S::Signed);
    assert_eq!(
        refused(&state, edited(text_b())),
        TransitionError::SummaryLocked
    );
}

#[test]
fn the_manager_cannot_sign_as_seen_not_agreed() {
    let manager_disagrees = ConversationEvent::Signed(Signature {
        by: Party::Manager,
        version: SummaryVersion::FIRST,
        content_hash: text_a(),
        seen_not_agreed: Some(SeenNotAgreed {
            comment: comment("Uenig"),
        }),
    });
    for state in [summary_draft(), awaiting_signatures()] {
        let error = refused(&state, manager_disagrees.clone());
        assert_eq!(error, TransitionError::SeenNotAgreedEmployeeOnly);
        assert_eq!(error.status(), 422);
    }
}

#[test]
fn seen_not_agreed_without_a_usable_comment_cannot_even_be_expressed() {
    let body = |comment: &str| {
        serde_json::json!({
            "event": "signed",
            "by": "employee",
            "version": 1,
            "content_hash": "a".repeat(64),
            "seen_not_agreed": { "comment": comment },
        })
    };
    assert!(serde_json::from_value::<ConversationEvent>(body("")).is_err());
    assert!(serde_json::from_value::<ConversationEvent>(body("   ")).is_err());
    assert!(serde_json::from_value::<ConversationEvent>(body(&"x".repeat(2001))).is_err());
    let event = serde_json::from_value::<ConversationEvent>(body(&"x".repeat(2000))).unwrap();
    assert_eq!(
        then(&summary_draft(), event).status(),
        S::AwaitingSignatures
    );
}

// ---------------------------------------------------------------------------
// Locking and amending.

#[test]
fn a_signed_summary_is_locked_until_amended() {
    let state = signed();
    assert_eq!(
        refused(&state, edited(text_b())),
        TransitionError::SummaryLocked
    );
    assert_eq!(
        refused(&state, edited(text_a())),
        TransitionError::SummaryLocked
    );
    assert_eq!(TransitionError::SummaryLocked.code(), "summary_locked");
}

#[test]
fn amending_opens_the_next_version_with_no_signatures() {
    let state = then(&signed(), amended(text_a()));
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.summary_version(), Some(version(2)));
    assert_eq!(state.content_hash(), Some(&text_a()));
    assert_eq!(state.signatures().count(), 0);
    assert!(state.is_amendment());
    assert_eq!(state.last_signed_version(), Some(SummaryVersion::FIRST));
    assert!(state.has_signed_summary());
}

#[test]
fn signatures_on_the_old_version_do_not_carry_over_to_the_amendment() {
    let state = amendment_draft();
    for party in Party::ALL {
        assert_eq!(
            refused(&state, signs(party, SummaryVersion::FIRST, text_a())),
            TransitionError::StaleSummaryVersion {
                current: version(2),
                signed: SummaryVersion::FIRST
            }
        );
    }
    let state = then(&state, signs(Party::Manager, version(2), text_a()));
    assert_eq!(state.status(), S::AwaitingSignatures);
    let state = then(&state, signs(Party::Employee, version(2), text_a()));
    assert_eq!(state.status(), S::Signed);
    assert_eq!(state.last_signed_version(), Some(version(2)));
}

#[test]
fn each_amendment_counts_the_version_up() {
    let mut state = signed();
    for number in 2..=5 {
        state = then(&state, amended(text_b()));
        assert_eq!(state.summary_version(), Some(version(number)));
        assert_eq!(state.last_signed_version(), Some(version(number - 1)));
        state = walk_from(
            state,
            [
                edited(text_a()),
                signs(Party::Employee, version(number), text_a()),
                signs(Party::Manager, version(number), text_a()),
            ],
        );
        assert_eq!(state.status(), S::Signed);
    }
}

#[test]
fn an_amendment_in_progress_cannot_be_amended_again() {
    assert_eq!(
        refused(&amendment_draft(), amended(text_b())),
        TransitionError::SummaryNotSigned
    );
    assert_eq!(
        refused(&amendment_awaiting_signatures(), amended(text_b())),
        TransitionError::SummaryNotSigned
    );
}

#[test]
fn an_edit_to_an_amendment_voids_its_signature_but_not_the_signed_version() {
    let state = then(&amendment_awaiting_signatures(), edited(text_b()));
    assert_eq!(state.status(), S::SummaryDraft);
    assert_eq!(state.signatures().count(), 0);
    assert_eq!(state.summary_version(), Some(version(2)));
    assert_eq!(state.last_signed_version(), Some(SummaryVersion::FIRST));
}

#[test]
fn a_summary_out_of_version_numbers_stays_locked() {
    let last = SummaryVersion::new(u32::MAX).unwrap();
    let state = ConversationState::restore(ConversationSnapshot {
        status: S::Signed,
        employee_preparation_shared: true,
        manager_preparation_shared: true,
        meeting_scheduled: true,
        summary: Some(SummarySnapshot {
            version: last,
            content_hash: text_a(),
            signatures: vec![
                Signature::agreed(Party::Employee, last, text_a()),
                Signature::agreed(Party::Manager, last, text_a()),
            ],
        }),
    })
    .unwrap();
    assert_eq!(
        refused(&state, amended(text_b())),
        TransitionError::SummaryLocked
    );
}

// ---------------------------------------------------------------------------
// Cancelling.

#[test]
fn a_conversation_can_be_cancelled_until_a_summary_is_signed() {
    for state in [
        ConversationState::new(),
        preparing(),
        ready(),
        held(),
        summary_draft(),
        awaiting_signatures(),
    ] {
        let cancelled = then(&state, ConversationEvent::Cancelled);
        assert_eq!(cancelled.status(), S::Cancelled);
        // The record of what happened before stays.
        assert_eq!(cancelled.summary_version(), state.summary_version());
        assert_eq!(cancelled.signatures().count(), state.signatures().count());
    }
    for state in [signed(), amendment_draft(), amendment_awaiting_signatures()] {
        assert_eq!(
            refused(&state, ConversationEvent::Cancelled),
            TransitionError::CannotCancelSigned
        );
    }
}

#[test]
fn nothing_happens_to_a_cancelled_conversation() {
    let state = then(&awaiting_signatures(), ConversationEvent::Cancelled);
    for event in one_event_of_each_kind(&state) {
        assert_eq!(
            refused(&state, event),
            TransitionError::ConversationCancelled
        );
    }
    assert_eq!(
        refused(
            &state,
            signs(Party::Manager, SummaryVersion::FIRST, text_a())
        ),
        TransitionError::ConversationCancelled
    );
}

// ---------------------------------------------------------------------------
// The whole life, and every state the rules can reach.

#[test]
fn a_conversation_goes_from_planned_to_signed_and_through_an_amendment() {
    let state = walk([
        saved(Party::Employee),
        saved(Party::Manager),
        shared(Party::Manager),
        shared(Party::Employee),
        ConversationEvent::MeetingScheduled,
        ConversationEvent::MeetingHeld,
        edited(text_a()),
        edited(text_b()),
        signs(Party::Manager, SummaryVersion::FIRST, text_b()),
        signs_seen_not_agreed(SummaryVersion::FIRST, text_b(), "Uenig i punkt 2"),
        amended(text_b()),
        edited(text_a()),
        signs(Party::Employee, version(2), text_a()),
        signs(Party::Manager, version(2), text_a()),
    ]);
    assert_eq!(state.status(), S::Signed);
    assert_eq!(state.summary_version(), Some(version(2)));
    assert!(
        state
            .signatures()
            .all(|signature| signature.seen_not_agreed.is_none()),
        "the seen-not-agreed signature was on version 1"
    );
}

fn walk_from(
    state: ConversationState,
    events: impl IntoIterator<Item = ConversationEvent>,
) -> ConversationState {
    events
        .into_iter()
        .fold(state, |state, event| then(&state, event))
}

/// Every event worth trying on `state`: each kind, by each party, with the
/// current and with an old version and text.
fn every_event(state: &ConversationState) -> Vec<ConversationEvent> {
    let (current, content_hash) = current_text(state);
    let mut events = vec![
        ConversationEvent::MeetingScheduled,
        ConversationEvent::MeetingHeld,
        edited(text_a()),
        edited(text_b()),
        amended(text_a()),
        amended(text_b()),
        ConversationEvent::Cancelled,
        signs_seen_not_agreed(current, content_hash.clone(), "Uenig"),
        ConversationEvent::Signed(Signature {
            seen_not_agreed: Some(SeenNotAgreed {
                comment: comment("Uenig"),
            }),
            ..Signature::agreed(Party::Manager, current, content_hash.clone())
        }),
    ];
    for party in Party::ALL {
        events.extend([
            saved(party),
            shared(party),
            signs(party, current, content_hash.clone()),
            signs(party, SummaryVersion::FIRST, text_a()),
        ]);
    }
    events
}

#[test]
fn every_reachable_state_is_consistent_and_a_signed_text_never_changes() {
    let mut seen = HashSet::from([ConversationState::new()]);
    let mut queue = VecDeque::from([(ConversationState::new(), 0)]);
    let mut transitions = 0;
    while let Some((state, depth)) = queue.pop_front() {
        if depth == 16 {
            continue;
        }
        for event in every_event(&state) {
            let Ok(next) = apply(&state, &event) else {
                continue;
            };
            transitions += 1;

            assert_eq!(
                ConversationState::restore(next.snapshot()).as_ref(),
                Ok(&next),
                "{} in {state:?}",
                event.name()
            );
            let json = serde_json::to_value(&next).unwrap();
            assert_eq!(
                serde_json::from_value::<ConversationState>(json).unwrap(),
                next
            );

            assert!(next.summary_version() >= state.summary_version());
            assert!(next.last_signed_version() >= state.last_signed_version());
            if state.status() == S::Signed {
                assert!(
                    matches!(event, ConversationEvent::Amended { .. }),
                    "{} changed a signed summary",
                    event.name()
                );
                assert_eq!(
                    next.summary_version(),
                    state.summary_version().and_then(SummaryVersion::next)
                );
            }
            if next.status() == S::Signed && state.status() != S::Signed {
                assert!(matches!(event, ConversationEvent::Signed(_)));
            }

            if seen.insert(next.clone()) {
                queue.push_back((next, depth + 1));
            }
        }
    }
    let statuses: HashSet<_> = seen.iter().map(ConversationState::status).collect();
    assert_eq!(
        statuses.len(),
        ConversationStatus::ALL.len(),
        "reached every status"
    );
    assert!(
        seen.iter().any(|state| state.status() == S::Signed
            && state.summary_version() == Some(version(3))),
        "reached a second signed amendment"
    );
    assert!(seen.len() > 200, "explored {} states", seen.len());
    assert!(transitions > 500, "explored {transitions} transitions");
}

// ---------------------------------------------------------------------------
// Storing and restoring.

#[test]
fn stored_states_come_back_as_they_were() {
    for (_, make_state, _) in TABLE {
        let state = make_state();
        assert_eq!(
            ConversationState::restore(state.snapshot()).as_ref(),
            Ok(&state)
        );
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(
            serde_json::from_str::<ConversationState>(&json).unwrap(),
            state
        );
    }
}

#[test]
fn a_snapshot_lists_the_employees_signature_first() {
    let state = then(
        &then(
            &summary_draft(),
            signs(Party::Manager, SummaryVersion::FIRST, text_a()),
        ),
        signs(Party::Employee, SummaryVersion::FIRST, text_a()),
    );
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(json["status"], "signed");
    assert_eq!(json["summary"]["version"], 1);
    assert_eq!(json["summary"]["signatures"][0]["by"], "employee");
    assert_eq!(json["summary"]["signatures"][1]["by"], "manager");
}

#[test]
fn states_the_rules_could_not_produce_are_refused_when_restored() {
    let good = signed().snapshot();
    let summary = good.summary.clone().unwrap();
    let employee_signature = summary.signatures[0].clone();
    let manager_signature = summary.signatures[1].clone();

    let mut cases: Vec<(&str, ConversationSnapshot)> = Vec::new();
    let with = |change: &dyn Fn(&mut ConversationSnapshot)| {
        let mut snapshot = good.clone();
        change(&mut snapshot);
        snapshot
    };
    cases.push((
        "signed with one signature",
        with(&|s| {
            s.summary.as_mut().unwrap().signatures.pop();
        }),
    ));
    cases.push((
        "awaiting with two signatures",
        with(&|s| {
            s.status = S::AwaitingSignatures;
        }),
    ));
    cases.push((
        "draft with signatures",
        with(&|s| s.status = S::SummaryDraft),
    ));
    cases.push(("held with a summary", with(&|s| s.status = S::Held)));
    cases.push(("signed without a summary", with(&|s| s.summary = None)));
    cases.push((
        "held without a meeting",
        with(&|s| {
            s.status = S::Held;
            s.summary = None;
            s.meeting_scheduled = false;
        }),
    ));
    cases.push((
        "signed without a meeting",
        with(&|s| s.meeting_scheduled = false),
    ));
    cases.push((
        "planned with a shared preparation",
        with(&|s| {
            s.status = S::Planned;
            s.summary = None;
            s.manager_preparation_shared = false;
        }),
    ));
    cases.push((
        "preparing with both shared",
        with(&|s| {
            s.status = S::Preparing;
            s.summary = None;
        }),
    ));
    cases.push((
        "ready with one shared",
        with(&|s| {
            s.status = S::Ready;
            s.summary = None;
            s.employee_preparation_shared = false;
        }),
    ));
    cases.push((
        "a party signing twice",
        with(&|s| {
            s.summary.as_mut().unwrap().signatures =
                vec![employee_signature.clone(), employee_signature.clone()];
        }),
    ));
    cases.push((
        "a signature on another version",
        with(&|s| {
            let summary = s.summary.as_mut().unwrap();
            summary.signatures[1].version = version(2);
        }),
    ));
    cases.push((
        "a signature on another text",
        with(&|s| {
            let summary = s.summary.as_mut().unwrap();
            summary.signatures[1].content_hash = text_b();
        }),
    ));
    cases.push((
        "a manager seen, not agreed",
        with(&|s| {
            let summary = s.summary.as_mut().unwrap();
            summary.signatures[1] = Signature {
                seen_not_agreed: Some(SeenNotAgreed {
                    comment: comment("Uenig"),
                }),
                ..manager_signature.clone()
            };
        }),
    ));
    cases.push((
        "cancelled after signing",
        with(&|s| s.status = S::Cancelled),
    ));
    cases.push(("cancelled during an amendment", {
        let mut snapshot = amendment_draft().snapshot();
        snapshot.status = S::Cancelled;
        snapshot
    }));

    assert!(ConversationState::restore(good.clone()).is_ok());
    for (case, snapshot) in cases {
        let json = serde_json::to_value(&snapshot).unwrap();
        assert!(
            ConversationState::restore(snapshot).is_err(),
            "{case} was accepted"
        );
        assert!(
            serde_json::from_value::<ConversationState>(json).is_err(),
            "{case} was accepted from JSON"
        );
    }
}

// ---------------------------------------------------------------------------
// Events and errors as data.

#[test]
fn events_serialise_with_their_name_as_tag() {
    let events = [
        saved(Party::Employee),
        shared(Party::Manager),
        ConversationEvent::MeetingScheduled,
        ConversationEvent::MeetingHeld,
        edited(text_a()),
        signs_seen_not_agreed(SummaryVersion::FIRST, text_a(), "Uenig"),
        amended(text_b()),
        ConversationEvent::Cancelled,
    ];
    for event in events {
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["event"], event.name());
        assert_eq!(
            serde_json::from_value::<ConversationEvent>(json).unwrap(),
            event
        );
    }
    assert_eq!(
        serde_json::to_value(shared(Party::Manager)).unwrap(),
        serde_json::json!({ "event": "preparation_shared", "by": "manager" })
    );
}

/// One of each error. The exhaustive match stops compiling when a variant is
/// added, until it is listed here (and in `TransitionError::CODES`).
fn one_error_of_each_kind() -> Vec<TransitionError> {
    let errors = vec![
        TransitionError::ConversationCancelled,
        TransitionError::PreparationClosed,
        TransitionError::MeetingAlreadyHeld,
        TransitionError::MeetingNotScheduled,
        TransitionError::MeetingNotHeld,
        TransitionError::SummaryNotStarted,
        TransitionError::SummaryLocked,
        TransitionError::SummaryNotSigned,
        TransitionError::StaleSummaryVersion {
            current: version(2),
            signed: SummaryVersion::FIRST,
        },
        TransitionError::SummaryChanged,
        TransitionError::AlreadySigned {
            by: Party::Employee,
        },
        TransitionError::SeenNotAgreedEmployeeOnly,
        TransitionError::CannotCancelSigned,
    ];
    for error in &errors {
        match error {
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
            | TransitionError::SeenNotAgreedEmployeeOnly
            | TransitionError::CannotCancelSigned => {}
        }
    }
    errors
}

#[test]
fn every_error_has_its_own_stable_snake_case_code() {
    let errors = one_error_of_each_kind();
    let codes: Vec<_> = errors.iter().map(TransitionError::code).collect();
    assert_eq!(codes, TransitionError::CODES);
    let unique: HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len(), "codes are unique");
    for code in codes {
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{code} is snake_case"
        );
    }
    for error in &errors {
        assert!(matches!(error.status(), 409 | 422), "{error}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn errors_say_what_went_wrong() {
    assert_eq!(
        TransitionError::StaleSummaryVersion {
            current: version(3),
            signed: version(2)
        }
        .to_string(),
        "version 2 is not the current version of the summary (3)"
    );
    assert_eq!(
        TransitionError::AlreadySigned { by: Party::Manager }.to_string(),
        "the manager has already signed this version of the summary"
    );
}

#[test]
fn a_refused_event_leaves_the_state_as_it_was() {
    let state = signed();
    let before = state.clone();
    let _ = apply(&state, &edited(text_b()));
    let _ = state.apply(&ConversationEvent::Cancelled);
    assert_eq!(state, before);
}

#[test]
fn may_sign_says_what_signing_does() {
    let states = [
        planned(),
        preparing(),
        ready(),
        held(),
        summary_draft(),
        awaiting_signatures(),
        signed(),
        amendment_draft(),
        amendment_awaiting_signatures(),
        cancelled(),
    ];
    for state in states {
        for party in Party::ALL {
            let says = state.status().may_sign(
                state.summary_version().is_some(),
                state.signature_of(party).is_some(),
            );
            let does = apply(&state, &signs_current(party, &state)).is_ok();
            assert_eq!(says, does, "{party:?} signing in {}", state.status());
        }
    }
}
