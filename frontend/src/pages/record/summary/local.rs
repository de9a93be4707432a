//! The browser's copy of a summary typed but not yet saved.

use super::*;
use crate::storage;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    pub version: u32,
    pub content: SummaryContent,
}

fn key(id: mus_domain::ConversationId, side: Party) -> String {
    format!("mus.summary-draft.{id}.{side}")
}

pub fn load(id: mus_domain::ConversationId, side: Party) -> Option<Draft> {
    storage::get_json(&key(id, side))
}

pub fn store(id: mus_domain::ConversationId, side: Party, draft: &Draft) {
    // A full or disabled storage leaves the server copy as the only one.
    storage::set_json(&key(id, side), draft);
}

pub fn clear(id: mus_domain::ConversationId, side: Party) {
    storage::remove(&key(id, side));
}
