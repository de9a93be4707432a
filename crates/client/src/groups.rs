//! Group conversations (GRUS) and development plans.

use http::Method;
use mus_domain::{
    DevelopmentGoal, DevelopmentGoalId, DevelopmentGoalPatch, DevelopmentPlan, GroupAgendaWrite,
    GroupCheckIn, GroupCheckInCompletion, GroupConversation, GroupConversationId,
    GroupConversationRow, GroupMembers, GroupPreparation, GroupSignRequest, GroupSummary,
    GroupSummaryWrite, Meeting, NewDevelopmentGoal, NewGroupConversation, PreparationWrite,
    RoundId, RoundReport, UserId,
};

use crate::{Client, Result};

impl Client {
    /// `GET /group-conversations`: the groups the caller holds or is in
    /// (all of them for HR), optionally of one round.
    pub async fn group_conversations(
        &self,
        round: Option<RoundId>,
    ) -> Result<Vec<GroupConversationRow>> {
        match round {
            Some(round) => {
                self.get(&format!("group-conversations?round={round}"))
                    .await
            }
            None => self.get("group-conversations").await,
        }
    }

    /// `POST /group-conversations`.
    pub async fn create_group_conversation(
        &self,
        new: &NewGroupConversation,
    ) -> Result<GroupConversation> {
        self.send(Method::POST, "group-conversations", Some(new))
            .await
    }

    /// `GET /group-conversations/{id}`.
    pub async fn group_conversation(&self, id: GroupConversationId) -> Result<GroupConversation> {
        self.get(&format!("group-conversations/{id}")).await
    }

    /// `PUT /group-conversations/{id}/members`.
    pub async fn set_group_members(
        &self,
        id: GroupConversationId,
        members: &GroupMembers,
    ) -> Result<GroupConversation> {
        self.send(
            Method::PUT,
            &format!("group-conversations/{id}/members"),
            Some(members),
        )
        .await
    }

    /// `PUT /group-conversations/{id}/agenda`.
    pub async fn save_group_agenda(
        &self,
        id: GroupConversationId,
        write: &GroupAgendaWrite,
    ) -> Result<GroupConversation> {
        self.send(
            Method::PUT,
            &format!("group-conversations/{id}/agenda"),
            Some(write),
        )
        .await
    }

    /// `PUT /group-conversations/{id}/meeting`.
    pub async fn schedule_group_meeting(
        &self,
        id: GroupConversationId,
        meeting: &Meeting,
    ) -> Result<GroupConversation> {
        self.send(
            Method::PUT,
            &format!("group-conversations/{id}/meeting"),
            Some(meeting),
        )
        .await
    }

    /// `GET /group-conversations/{id}/preparation`: the caller's own.
    pub async fn group_preparation(&self, id: GroupConversationId) -> Result<GroupPreparation> {
        self.get(&format!("group-conversations/{id}/preparation"))
            .await
    }

    /// `PUT /group-conversations/{id}/preparation`.
    pub async fn save_group_preparation(
        &self,
        id: GroupConversationId,
        write: &PreparationWrite,
    ) -> Result<GroupPreparation> {
        self.send(
            Method::PUT,
            &format!("group-conversations/{id}/preparation"),
            Some(write),
        )
        .await
    }

    /// `POST /group-conversations/{id}/preparation/share`.
    pub async fn share_group_preparation(
        &self,
        id: GroupConversationId,
    ) -> Result<GroupPreparation> {
        self.send(
            Method::POST,
            &format!("group-conversations/{id}/preparation/share"),
            None::<&()>,
        )
        .await
    }

    /// `GET /group-conversations/{id}/summary`.
    pub async fn group_summary(&self, id: GroupConversationId) -> Result<GroupSummary> {
        self.get(&format!("group-conversations/{id}/summary")).await
    }

    /// `PUT /group-conversations/{id}/summary`.
    pub async fn save_group_summary(
        &self,
        id: GroupConversationId,
        write: &GroupSummaryWrite,
    ) -> Result<GroupSummary> {
        self.send(
            Method::PUT,
            &format!("group-conversations/{id}/summary"),
            Some(write),
        )
        .await
    }

    /// `POST /group-conversations/{id}/summary/sign`: the manager signs, a
    /// participant acknowledges.
    pub async fn sign_group_summary(
        &self,
        id: GroupConversationId,
        request: &GroupSignRequest,
    ) -> Result<GroupSummary> {
        self.send(
            Method::POST,
            &format!("group-conversations/{id}/summary/sign"),
            Some(request),
        )
        .await
    }

    /// `POST /group-conversations/{id}/check-ins/{check_in}/complete`.
    pub async fn complete_group_check_in(
        &self,
        id: GroupConversationId,
        check_in: mus_domain::CheckInId,
        completion: &GroupCheckInCompletion,
    ) -> Result<GroupCheckIn> {
        self.send(
            Method::POST,
            &format!("group-conversations/{id}/check-ins/{check_in}/complete"),
            Some(completion),
        )
        .await
    }

    /// `GET /me/development-plan`.
    pub async fn my_development_plan(&self) -> Result<DevelopmentPlan> {
        self.get("me/development-plan").await
    }

    /// `GET /users/{id}/development-plan`: a direct report's.
    pub async fn development_plan(&self, employee: UserId) -> Result<DevelopmentPlan> {
        self.get(&format!("users/{employee}/development-plan"))
            .await
    }

    /// `POST /development-goals`.
    pub async fn add_development_goal(&self, new: &NewDevelopmentGoal) -> Result<DevelopmentGoal> {
        self.send(Method::POST, "development-goals", Some(new))
            .await
    }

    /// `PATCH /development-goals/{id}`.
    pub async fn update_development_goal(
        &self,
        id: DevelopmentGoalId,
        patch: &DevelopmentGoalPatch,
    ) -> Result<DevelopmentGoal> {
        self.send(
            Method::PATCH,
            &format!("development-goals/{id}"),
            Some(patch),
        )
        .await
    }

    /// `GET /rounds/{id}/report`: the liaison committee's yearly figures.
    pub async fn round_report(&self, id: RoundId) -> Result<RoundReport> {
        self.get(&format!("rounds/{id}/report")).await
    }
}
