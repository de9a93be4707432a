//! The audit log: who did what to whose data, and when. It never holds
//! content, only what happened.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::directory::ApiToken;
use crate::people::{Me, PersonRef};

/// What happened. Stable snake_case names; new actions are added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignedIn,
    PersonCreated,
    PersonUpdated,
    PeopleImported,
    DepartmentCreated,
    ApiTokenCreated,
    ApiTokenRevoked,
    /// Someone other than the person read their record.
    PersonRead,
    DataExported,
    TemplateCreated,
    TemplateChanged,
    RoundOpened,
    RoundChanged,
    PreparationSaved,
    PreparationShared,
    /// The other side read a shared preparation.
    PreparationRead,
    MeetingScheduled,
    /// The meeting was taken off the calendar.
    MeetingCancelled,
    MeetingHeld,
    SummaryEdited,
    SummarySigned,
    SummaryAmended,
    /// The other party read the summary, or one of its versions.
    SummaryRead,
    PreviousAgreementReviewed,
    AgreementUpdated,
    /// A manager read a report's agreements or check-ins.
    AgreementsRead,
    CheckInCompleted,
    /// An author deleted their own preparation notes after signing.
    PreparationDeleted,
    /// A retention run removed the content of people who left long ago.
    RetentionApplied,
    /// Someone changed their own password; their other sessions ended.
    PasswordChanged,
    /// The person got a new nearest manager, who reads their record from
    /// now on: shown in the person's access log.
    ManagerChanged,
    /// A leaver's sessions and API tokens ended on their leaving day.
    AccessEnded,
    /// HR had an invitation to choose a password sent to the person's own
    /// mailbox.
    InvitationSent,
    /// The person chose a password through a link sent to their mailbox;
    /// every earlier session ended.
    PasswordSet,
    /// HR registered a webhook endpoint.
    WebhookCreated,
    /// HR gave a webhook endpoint a new signing secret.
    WebhookSecretRotated,
    /// HR removed a webhook endpoint.
    WebhookDeleted,
    /// A group conversation (GRUS) was created, by a round or by hand.
    GroupCreated,
    /// Someone joined or left a group conversation.
    GroupMembersChanged,
    /// A participant acknowledged a signed group summary.
    SummaryAcknowledged,
    /// A goal was added to an employee's development plan.
    DevelopmentGoalAdded,
    /// A development goal was changed.
    DevelopmentGoalUpdated,
    /// The manager read a report's development plan.
    DevelopmentPlanRead,
}

impl AuditAction {
    pub const ALL: [AuditAction; 43] = [
        AuditAction::SignedIn,
        AuditAction::PersonCreated,
        AuditAction::PersonUpdated,
        AuditAction::PeopleImported,
        AuditAction::DepartmentCreated,
        AuditAction::ApiTokenCreated,
        AuditAction::ApiTokenRevoked,
        AuditAction::PersonRead,
        AuditAction::DataExported,
        AuditAction::TemplateCreated,
        AuditAction::TemplateChanged,
        AuditAction::RoundOpened,
        AuditAction::RoundChanged,
        AuditAction::PreparationSaved,
        AuditAction::PreparationShared,
        AuditAction::PreparationRead,
        AuditAction::MeetingScheduled,
        AuditAction::MeetingCancelled,
        AuditAction::MeetingHeld,
        AuditAction::SummaryEdited,
        AuditAction::SummarySigned,
        AuditAction::SummaryAmended,
        AuditAction::SummaryRead,
        AuditAction::PreviousAgreementReviewed,
        AuditAction::AgreementUpdated,
        AuditAction::AgreementsRead,
        AuditAction::CheckInCompleted,
        AuditAction::PreparationDeleted,
        AuditAction::RetentionApplied,
        AuditAction::PasswordChanged,
        AuditAction::ManagerChanged,
        AuditAction::AccessEnded,
        AuditAction::InvitationSent,
        AuditAction::PasswordSet,
        AuditAction::WebhookCreated,
        AuditAction::WebhookSecretRotated,
        AuditAction::WebhookDeleted,
        AuditAction::GroupCreated,
        AuditAction::GroupMembersChanged,
        AuditAction::SummaryAcknowledged,
        AuditAction::DevelopmentGoalAdded,
        AuditAction::DevelopmentGoalUpdated,
        AuditAction::DevelopmentPlanRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::PersonCreated => "person_created",
            AuditAction::PersonUpdated => "person_updated",
            AuditAction::PeopleImported => "people_imported",
            AuditAction::DepartmentCreated => "department_created",
            AuditAction::ApiTokenCreated => "api_token_created",
            AuditAction::ApiTokenRevoked => "api_token_revoked",
            AuditAction::PersonRead => "person_read",
            AuditAction::DataExported => "data_exported",
            AuditAction::TemplateCreated => "template_created",
            AuditAction::TemplateChanged => "template_changed",
            AuditAction::RoundOpened => "round_opened",
            AuditAction::RoundChanged => "round_changed",
            AuditAction::PreparationSaved => "preparation_saved",
            AuditAction::PreparationShared => "preparation_shared",
            AuditAction::PreparationRead => "preparation_read",
            AuditAction::MeetingScheduled => "meeting_scheduled",
            AuditAction::MeetingCancelled => "meeting_cancelled",
            AuditAction::MeetingHeld => "meeting_held",
            AuditAction::SummaryEdited => "summary_edited",
            AuditAction::SummarySigned => "summary_signed",
            AuditAction::SummaryAmended => "summary_amended",
            AuditAction::SummaryRead => "summary_read",
            AuditAction::PreviousAgreementReviewed => "previous_agreement_reviewed",
            AuditAction::AgreementUpdated => "agreement_updated",
            AuditAction::AgreementsRead => "agreements_read",
            AuditAction::CheckInCompleted => "check_in_completed",
            AuditAction::PreparationDeleted => "preparation_deleted",
            AuditAction::RetentionApplied => "retention_applied",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::ManagerChanged => "manager_changed",
            AuditAction::AccessEnded => "access_ended",
            AuditAction::InvitationSent => "invitation_sent",
            AuditAction::PasswordSet => "password_set",
            AuditAction::WebhookCreated => "webhook_created",
            AuditAction::WebhookSecretRotated => "webhook_secret_rotated",
            AuditAction::WebhookDeleted => "webhook_deleted",
            AuditAction::GroupCreated => "group_created",
            AuditAction::GroupMembersChanged => "group_members_changed",
            AuditAction::SummaryAcknowledged => "summary_acknowledged",
            AuditAction::DevelopmentGoalAdded => "development_goal_added",
            AuditAction::DevelopmentGoalUpdated => "development_goal_updated",
            AuditAction::DevelopmentPlanRead => "development_plan_read",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// What the person's access log shows: every read of their data by
    /// someone else, and every change of who may read it.
    pub fn in_access_log(self) -> bool {
        self.is_read() || self == AuditAction::ManagerChanged
    }

    /// Reads of another person's data.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            AuditAction::PersonRead
                | AuditAction::PreparationRead
                | AuditAction::SummaryRead
                | AuditAction::AgreementsRead
                | AuditAction::DevelopmentPlanRead
        )
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Who acted; absent for the system itself.
    pub actor: Option<PersonRef>,
    pub action: AuditAction,
    /// Whose data it concerned.
    pub subject: Option<PersonRef>,
    /// The kind of thing acted on: `user`, `department`, `api_token`, …
    #[cfg_attr(feature = "openapi", schema(example = "user"))]
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
}

/// Everything MUS holds about the signed-in person (`GET /me/export`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub me: Me,
    pub api_tokens: Vec<ApiToken>,
    /// What the person did.
    pub activity: Vec<AuditEntry>,
    /// What others did with the person's data: all of it, never cut short.
    pub concerning_me: Vec<AuditEntry>,
    /// The person's conversations, as employee and as manager.
    pub conversations: Vec<crate::rounds::Conversation>,
    /// The preparations the person wrote.
    pub preparations: Vec<crate::preparation::Preparation>,
    /// Every version of the summaries of the person's own conversations.
    pub summaries: Vec<crate::summary::Summary>,
    /// The person's agreements, with their follow-up.
    pub agreements: Vec<crate::agreements::Agreement>,
    /// The check-ins of the person's own conversations.
    pub check_ins: Vec<crate::agreements::CheckIn>,
    /// The group conversations the person is or was in, as they read them.
    pub group_conversations: Vec<crate::group::GroupConversation>,
    /// The person's own preparations for group conversations.
    pub group_preparations: Vec<crate::group::GroupPreparation>,
    /// The person's development plan.
    pub development_plan: crate::plan::DevelopmentPlan,
    /// Everything MUS told the person, newest first.
    pub notifications: Vec<crate::notifications::Notification>,
    /// The e-mails the person chose to receive, and their language.
    pub notification_settings: crate::notifications::NotificationSettings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_names() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
    }
}
