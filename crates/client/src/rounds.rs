//! Rounds and conversations.

use http::Method;
use mus_domain::{
    Agenda, Conversation, ConversationId, Meeting, NewRound, Party, Preparation, PreparationWrite,
    Round, RoundId, RoundPatch, RoundProgress,
};

use crate::{Client, Result};

impl Client {
    /// `GET /rounds`.
    pub async fn rounds(&self) -> Result<Vec<Round>> {
        self.get("rounds").await
    }

    /// `POST /rounds` (HR administrators).
    pub async fn open_round(&self, new: &NewRound) -> Result<Round> {
        self.send(Method::POST, "rounds", Some(new)).await
    }

    /// `GET /rounds/{id}`.
    pub async fn round(&self, id: RoundId) -> Result<Round> {
        self.get(&format!("rounds/{id}")).await
    }

    /// `PATCH /rounds/{id}` (HR administrators).
    pub async fn update_round(&self, id: RoundId, patch: &RoundPatch) -> Result<Round> {
        self.send(Method::PATCH, &format!("rounds/{id}"), Some(patch))
            .await
    }

    /// `GET /rounds/{id}/progress`.
    pub async fn round_progress(&self, id: RoundId) -> Result<RoundProgress> {
        self.get(&format!("rounds/{id}/progress")).await
    }

    /// `GET /conversations`: the caller's own.
    pub async fn conversations(&self) -> Result<Vec<Conversation>> {
        self.get("conversations").await
    }

    /// `GET /conversations/{id}`.
    pub async fn conversation(&self, id: ConversationId) -> Result<Conversation> {
        self.get(&format!("conversations/{id}")).await
    }

    /// `GET /conversations/{id}/preparations/{side}`.
    pub async fn preparation(&self, id: ConversationId, side: Party) -> Result<Preparation> {
        self.get(&format!("conversations/{id}/preparations/{side}"))
            .await
    }

    /// `PUT /conversations/{id}/preparations/{side}`: autosave. A stale
    /// `version` fails with `version_conflict`, the current text in the
    /// problem's `current`.
    pub async fn save_preparation(
        &self,
        id: ConversationId,
        side: Party,
        write: &PreparationWrite,
    ) -> Result<Preparation> {
        self.send(
            Method::PUT,
            &format!("conversations/{id}/preparations/{side}"),
            Some(write),
        )
        .await
    }

    /// `POST /conversations/{id}/preparations/{side}/share`.
    pub async fn share_preparation(&self, id: ConversationId, side: Party) -> Result<Preparation> {
        self.send(
            Method::POST,
            &format!("conversations/{id}/preparations/{side}/share"),
            None::<&()>,
        )
        .await
    }

    /// `PUT /conversations/{id}/meeting`.
    pub async fn schedule_meeting(
        &self,
        id: ConversationId,
        meeting: &Meeting,
    ) -> Result<Conversation> {
        self.send(
            Method::PUT,
            &format!("conversations/{id}/meeting"),
            Some(meeting),
        )
        .await
    }

    /// `POST /conversations/{id}/held` (the manager).
    pub async fn mark_held(&self, id: ConversationId) -> Result<Conversation> {
        self.send(
            Method::POST,
            &format!("conversations/{id}/held"),
            None::<&()>,
        )
        .await
    }

    /// `GET /conversations/{id}/agenda`.
    pub async fn agenda(&self, id: ConversationId) -> Result<Agenda> {
        self.get(&format!("conversations/{id}/agenda")).await
    }
}
