//! Removing content for good: the author's preparation notes after signing.

use http::Method;
use mus_domain::{ConversationId, Party};

use crate::{Body, Client, Result};

impl Client {
    /// `DELETE /conversations/{id}/preparations/{side}`: the caller's own
    /// notes, once the summary is signed (before that, `wrong_state`).
    pub async fn delete_preparation(&self, id: ConversationId, side: Party) -> Result<()> {
        self.call(
            Method::DELETE,
            &format!("conversations/{id}/preparations/{side}"),
            Body::Empty,
        )
        .await
    }
}
