//! What each role sees first: the employee their next step, the manager
//! their team, HR the organisation's figures.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::agreements::Agreement;
use crate::conversation::{ConversationStatus, Party};
use crate::group::{GroupConversationRow, RoundFormat, TeamAgreement};
use crate::ids::{ConversationId, RoundId};
use crate::meeting::Meeting;
use crate::people::{DepartmentRef, PersonRef};
use crate::plan::{PlanFigures, PlanStep};

/// `GET /dashboard/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDashboard {
    /// The newest conversation that is not cancelled, if any.
    pub conversation: Option<MyConversation>,
    /// My agreements still open or in progress, soonest due first.
    pub open_agreements: Vec<Agreement>,
    /// The next check-in not yet completed.
    pub next_check_in: Option<CheckInDue>,
    /// The group conversation (GRUS) I am in, the newest first.
    pub group: Option<GroupConversationRow>,
    /// What my development plan asks of me next.
    pub plan_next_step: Option<PlanStep>,
}

/// The employee's current conversation and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyConversation {
    pub id: ConversationId,
    pub round_id: RoundId,
    pub round_name: String,
    pub manager: PersonRef,
    pub status: ConversationStatus,
    pub preparation_deadline: NaiveDate,
    pub meeting: Option<Meeting>,
    /// Saves of my preparation so far (0: not started).
    pub my_preparation_version: u32,
    pub i_have_shared: bool,
    pub manager_has_shared: bool,
    /// Who has signed the current summary version.
    pub signed_by: Vec<Party>,
    /// What to do next, as a stable code the SPA words: `prepare`,
    /// `share`, `wait_for_meeting`, `wait_for_summary`, `sign`,
    /// `wait_for_signature`, `follow_up`.
    pub next_step: NextStep,
}

/// The employee's next step in their conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    Prepare,
    Share,
    WaitForMeeting,
    WaitForSummary,
    Sign,
    WaitForSignature,
    FollowUp,
}

impl NextStep {
    /// The step for a party, from what the conversation shows.
    pub fn for_party(
        status: ConversationStatus,
        my_version: u32,
        i_have_shared: bool,
        i_have_signed: bool,
    ) -> NextStep {
        use ConversationStatus as S;
        match status {
            S::Planned | S::Preparing | S::Ready if i_have_shared => NextStep::WaitForMeeting,
            S::Planned | S::Preparing | S::Ready if my_version > 0 => NextStep::Share,
            S::Planned | S::Preparing | S::Ready => NextStep::Prepare,
            S::Held => NextStep::WaitForSummary,
            S::SummaryDraft | S::AwaitingSignatures if i_have_signed => NextStep::WaitForSignature,
            S::SummaryDraft | S::AwaitingSignatures => NextStep::Sign,
            S::Signed | S::Cancelled => NextStep::FollowUp,
        }
    }

    /// How soon the step asks for the party's own hand, lowest first: the
    /// order of a manager's list of reports. A held meeting waits for the
    /// manager's summary, and a summary for a signature, before anything
    /// else; a conversation waiting for the other side, or in follow-up,
    /// asks for nothing today.
    pub fn urgency_for(self, party: Party) -> u8 {
        match (self, party) {
            (NextStep::WaitForSummary, Party::Manager) => 0,
            (NextStep::Sign, _) => 1,
            (NextStep::Share, _) => 2,
            (NextStep::Prepare, _) => 3,
            (NextStep::WaitForMeeting, _) => 4,
            (NextStep::WaitForSummary, Party::Employee) => 5,
            (NextStep::WaitForSignature, _) => 6,
            (NextStep::FollowUp, _) => 7,
        }
    }
}

/// A check-in coming up (or overdue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInDue {
    pub id: crate::ids::CheckInId,
    pub conversation_id: ConversationId,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

/// `GET /dashboard/team`: one row per direct report for the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamDashboard {
    /// The round shown: the one asked for, or the newest one the team is in.
    pub round: Option<RoundRef>,
    pub rows: Vec<TeamRow>,
    /// The team's course and education agreements still open: their
    /// development plan in one list.
    pub course_wishes: Vec<Agreement>,
    pub completion: Completion,
    /// The team's group conversations (GRUS) in the round.
    pub groups: Vec<GroupConversationRow>,
    /// The team agreements still open from the team's signed group
    /// summaries, soonest due first.
    pub team_agreements: Vec<TeamAgreement>,
}

/// A round as named on a dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundRef {
    pub id: RoundId,
    pub name: String,
    pub preparation_deadline: NaiveDate,
    pub meetings_until: NaiveDate,
}

/// One direct report on the team dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamRow {
    pub employee: PersonRef,
    pub department: Option<DepartmentRef>,
    /// Absent when the report has no conversation in the round.
    pub conversation_id: Option<ConversationId>,
    pub status: Option<ConversationStatus>,
    pub meeting_starts_at: Option<DateTime<Utc>>,
    pub employee_shared: bool,
    pub manager_shared: bool,
    /// Who has signed the current summary version.
    pub signed_by: Vec<Party>,
    /// The employee signed as "seen, but not agreed": they confirmed having
    /// read the summary while disagreeing with it. Their comment is in the
    /// summary itself.
    pub employee_seen_not_agreed: bool,
    pub open_agreements: u32,
    pub overdue_agreements: u32,
    pub next_check_in: Option<NaiveDate>,
}

/// How far a set of conversations has come.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    /// Conversations not cancelled.
    pub conversations: u32,
    /// Of those, how many have a summary signed by both.
    pub signed: u32,
    /// Of those, how many have had their meeting.
    pub held: u32,
}

/// `GET /dashboard/organisation`: counts only, never content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDashboard {
    pub round: Option<RoundRef>,
    pub total: Completion,
    pub by_department: Vec<GroupCompletion>,
    pub by_manager: Vec<GroupCompletion>,
    /// Open agreements past their due date, across the organisation.
    pub overdue_agreements: u32,
    /// Check-ins past their due date and not completed.
    pub overdue_check_ins: u32,
    /// The round's group conversations, if it holds any.
    pub groups: GroupFigures,
    /// Development plans across the organisation, not only the round.
    pub plans: PlanFigures,
}

/// How far a round's group conversations have come: counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    pub groups: u32,
    /// Of those, how many have had their meeting's day.
    pub held: u32,
    /// Signed by the manager.
    pub signed: u32,
    /// Current participants of all groups.
    pub members: u32,
    /// Of those, how many have acknowledged a signed summary.
    pub acknowledged: u32,
}

/// One line of the yearly report for the liaison committee
/// ("samarbejdsudvalget"): counts for one department, never content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLine {
    /// Absent for the total, and for people with no department.
    pub department_id: Option<uuid::Uuid>,
    pub department: Option<String>,
    /// Active employees of the department.
    pub employees: u32,
    /// Individual conversations of the round, not cancelled.
    pub conversations: u32,
    pub held: u32,
    pub signed: u32,
    /// Group conversations of the round, by the manager's department.
    pub groups: u32,
    pub groups_signed: u32,
    /// Employees with a current development plan.
    pub with_current_plan: u32,
    /// Check-ins of the round's conversations and groups due by today.
    pub check_ins_due: u32,
    /// Of those, how many were held.
    pub check_ins_done: u32,
}

/// `GET /rounds/{id}/report`: the round's use of MUS for the liaison
/// committee, by department, with no person's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundReport {
    pub round: RoundRef,
    pub format: RoundFormat,
    pub meetings_from: chrono::NaiveDate,
    pub meetings_until: chrono::NaiveDate,
    pub generated_at: chrono::DateTime<chrono::Utc>,
    pub departments: Vec<ReportLine>,
    pub total: ReportLine,
}

/// Completion for one department or manager. `id` and `name` are absent
/// for people with no department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupCompletion {
    pub id: Option<uuid::Uuid>,
    pub name: Option<String>,
    pub completion: Completion,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_follows_the_conversation() {
        use ConversationStatus as S;
        let step = NextStep::for_party;
        assert_eq!(step(S::Planned, 0, false, false), NextStep::Prepare);
        assert_eq!(step(S::Preparing, 0, false, false), NextStep::Prepare);
        assert_eq!(step(S::Preparing, 3, false, false), NextStep::Share);
        assert_eq!(step(S::Preparing, 3, true, false), NextStep::WaitForMeeting);
        assert_eq!(step(S::Ready, 3, true, false), NextStep::WaitForMeeting);
        assert_eq!(step(S::Held, 3, true, false), NextStep::WaitForSummary);
        assert_eq!(step(S::SummaryDraft, 3, true, false), NextStep::Sign);
        assert_eq!(step(S::AwaitingSignatures, 3, true, false), NextStep::Sign);
        assert_eq!(
            step(S::AwaitingSignatures, 3, true, true),
            NextStep::WaitForSignature
        );
        assert_eq!(step(S::Signed, 3, true, true), NextStep::FollowUp);
    }

    #[test]
    fn a_manager_meets_what_waits_for_them_first() {
        use ConversationStatus as S;
        let mut steps = [
            NextStep::for_party(S::Signed, 3, true, true),
            NextStep::for_party(S::Ready, 3, true, false),
            NextStep::for_party(S::Preparing, 0, false, false),
            NextStep::for_party(S::AwaitingSignatures, 3, true, false),
            NextStep::for_party(S::Held, 3, true, false),
        ];
        steps.sort_by_key(|step| step.urgency_for(Party::Manager));
        assert_eq!(
            steps,
            [
                NextStep::WaitForSummary,
                NextStep::Sign,
                NextStep::Prepare,
                NextStep::WaitForMeeting,
                NextStep::FollowUp,
            ]
        );
        // The same held meeting is the manager's to write up, not the
        // employee's: for her it waits.
        assert!(
            NextStep::WaitForSummary.urgency_for(Party::Employee)
                > NextStep::Prepare.urgency_for(Party::Employee)
        );
    }
}
