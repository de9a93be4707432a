//! One development conversation's life, from the round that plans it to the
//! summary both parties have signed, as a pure state machine.
//!
//! The server keeps a [`ConversationState`] per conversation and changes it
//! only by [`apply`]ing a [`ConversationEvent`]; whatever `apply` refuses, the
//! server refuses too, answering with the [`TransitionError`]'s stable code.
//! Keeping the rules here, free of I/O, lets every transition be tested as a
//! table and lets the SPA ask the same questions the server will.
//!
//! ```text
//! planned ──save or share──▶ preparing ──both shared──▶ ready
//!    │                          │                         │
//!    └─────────────── held (the meeting was scheduled) ◀──┘
//!                               │
//!                               │ first edit creates version 1
//!                               ▼
//!                         summary_draft ──sign──▶ awaiting_signatures ──sign──▶ signed
//!                            ▲      ▲                      │                      │
//!                            │      └── an edit voids it ──┘                      │
//!                            └────────────── amend: version + 1 ──────────────────┘
//!
//! never signed ──cancel──▶ cancelled
//! ```

mod party;
mod signature;
mod state;
mod status;
mod summary;
mod transition;

#[cfg(test)]
mod tests;

pub use party::Party;
pub use signature::{SeenNotAgreed, SeenNotAgreedComment, SeenNotAgreedCommentError, Signature};
pub use state::{ConversationSnapshot, ConversationState, InconsistentState, SummarySnapshot};
pub use status::ConversationStatus;
pub use summary::{ContentHash, ContentHashError, SummaryVersion, SummaryVersionError};
pub use transition::{ConversationEvent, TransitionError, apply};
