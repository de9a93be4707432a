//! Who may see a page, as every page asks it: a conversation's parties, or
//! HR. Anyone else is told there is nothing there, exactly as for an
//! address that does not exist.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use mus_client::ClientError;
use mus_domain::{Conversation, ConversationId, ErrorCode, Me, Party, Problem, Role};

/// The `:id` of a conversation route, if it is one.
pub fn conversation_param(params: Memo<ParamsMap>) -> Option<ConversationId> {
    params.with(|p| p.get("id").and_then(|id| id.parse().ok()))
}

/// What a malformed id gets: the same answer as an id that is not the caller's.
pub fn not_found() -> ClientError {
    ClientError::Api(Box::new(Problem::new(ErrorCode::NotFound)))
}

/// The caller's side of `conversation`; anyone else is told it is not there.
pub fn side_in(conversation: &Conversation, me: &Me) -> Result<Party, ClientError> {
    conversation.side_of(me.id).ok_or_else(not_found)
}

/// HR's pages.
pub fn hr_only(me: &Me) -> Result<(), ClientError> {
    if me.role == Role::HrAdmin {
        Ok(())
    } else {
        Err(not_found())
    }
}
