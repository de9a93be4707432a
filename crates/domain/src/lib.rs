//! The vocabulary of MUS, shared by the server, the typed client and the SPA.
//!
//! Nothing here performs I/O, so the crate compiles for native targets and for
//! `wasm32-unknown-unknown` alike. Types that the server documents in its
//! OpenAPI description derive `utoipa::ToSchema` behind the `openapi` feature.

pub mod agreements;
pub mod audit;
pub mod auth;
pub mod conversation;
pub mod dashboard;
pub mod directory;
pub mod error;
pub mod forms;
pub mod group;
pub mod health;
pub mod ids;
pub mod meeting;
pub mod notifications;
pub mod page;
pub mod people;
pub mod plan;
pub mod preparation;
pub mod rounds;
pub mod scim;
pub mod summary;
pub mod webhooks;

pub use agreements::{
    Agreement, AgreementCategory, AgreementOwner, AgreementPatch, AgreementQuery, AgreementStatus,
    CheckIn, CheckInCompletion, CheckInEntry, PreviousAgreement, ReviewDecision, ReviewWrite,
};
pub use audit::{AuditAction, AuditEntry, MyData};
pub use auth::{
    AuthMethods, INVITATION_HOURS, InvitationRequest, InvitationSent, LoginRequest, LogoutRequest,
    MAX_PASSWORD_RESETS_PER_HOUR, OidcMethod, PASSWORD_RESET_MINUTES, PasswordChange,
    PasswordResetCompletion, PasswordResetRequest, RefreshRequest, SsoError, TokenResponse,
};
pub use conversation::{
    ContentHash, ContentHashError, ConversationEvent, ConversationSnapshot, ConversationState,
    ConversationStatus, InconsistentState, Party, SeenNotAgreed, SeenNotAgreedComment,
    SeenNotAgreedCommentError, Signature, SummarySnapshot, SummaryVersion, SummaryVersionError,
    TransitionError,
};
pub use dashboard::{
    CheckInDue, Completion, GroupCompletion, GroupFigures, MyConversation, MyDashboard, NextStep,
    OrganisationDashboard, ReportLine, RoundRef, RoundReport, TeamDashboard, TeamRow,
};
pub use directory::{
    ApiToken, CreatedApiToken, Department, ImportReport, MAX_API_TOKEN_DAYS, NewApiToken,
    NewDepartment, NewUser, TokenScope, User, UserPatch,
};
pub use error::{ErrorCode, FieldError, Problem};
pub use forms::{
    Answerer, FormKind, Language, Question, QuestionKind, Section, Template, TemplateContent,
    TemplateUpdate,
};
pub use group::{
    Acknowledgement, GroupAgendaWrite, GroupCheckIn, GroupCheckInCompletion, GroupConversation,
    GroupConversationRow, GroupMember, GroupMembers, GroupPreparation, GroupQuery, GroupRole,
    GroupSignRequest, GroupStatus, GroupSummary, GroupSummaryContent, GroupSummaryWrite,
    NewGroupConversation, RoundFormat, SharedPreparation, TeamAgreement, TeamAgreementDraft,
    TeamCheckInEntry,
};
pub use health::Health;
pub use ids::{
    AgreementId, ApiTokenId, CheckInId, ConversationId, DepartmentId, DevelopmentGoalId,
    GroupConversationId, MessageId, NotificationId, RoundId, TeamAgreementId, TemplateId, UserId,
    WebhookId,
};
pub use meeting::Meeting;
pub use notifications::{
    DeadLetter, Deliveries, DeliveryCount, MAX_MARK_READ, MarkRead, Notification, NotificationKind,
    NotificationList, NotificationSettings, Unread,
};
pub use page::Page;
pub use people::{DepartmentRef, Email, EmailError, Me, PersonRef, Role, danish_order};
pub use plan::{
    DepartmentPlans, DevelopmentGoal, DevelopmentGoalPatch, DevelopmentPlan, GoalCount,
    NewDevelopmentGoal, PlanAgreement, PlanFigures, PlanStep,
};
pub use preparation::{Agenda, AgendaItem, AgendaSection, Answer, Preparation, PreparationWrite};
pub use rounds::{
    Conversation, GroupProgress, NewRound, Round, RoundDates, RoundPatch, RoundProgress,
    StatusCount,
};
pub use summary::{
    AgreementDraft, Assessment, SignRequest, SignatureRecord, Summary, SummaryContent,
    SummaryVersionInfo, SummaryWrite,
};
pub use webhooks::{
    AgreementChanged, CheckInCompleted, ConversationStateChanged, DeliveryState, NewWebhook,
    PersonChanged, RoundOpened, SummarySigned, Webhook, WebhookData, WebhookDelivery, WebhookEvent,
    WebhookMessage, WebhookRule, WebhookWithSecret,
};
