//! Group conversations ("gruppeudviklingssamtale", GRUS): a manager and a
//! team hold the yearly conversation together, from private preparation per
//! participant to a group summary of team agreements that the manager signs
//! and each participant acknowledges, followed up quarterly.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::agreements::{AgreementCategory, AgreementOwner, AgreementStatus};
use crate::error::FieldError;
use crate::ids::{CheckInId, GroupConversationId, RoundId, TeamAgreementId, TemplateId, UserId};
use crate::meeting::Meeting;
use crate::people::{DepartmentRef, PersonRef};
use crate::preparation::Answer;
use crate::summary::{
    DraftedAgreement, MAX_TEXT_CHARS, SummaryIssue, agreement_issues, as_field_errors,
};

/// A group is a team: at most this many participants besides the manager.
pub const MAX_MEMBERS: usize = 30;
/// The name of a group, in characters.
pub const MAX_GROUP_NAME_CHARS: usize = 200;
/// A participant's note of disagreement, in characters.
pub const MAX_DISAGREEMENT_CHARS: usize = 4_000;
/// The manager's shared agenda, in characters.
pub const MAX_AGENDA_CHARS: usize = MAX_TEXT_CHARS;

/// Whether a note of disagreement can be kept: something written, within
/// [`MAX_DISAGREEMENT_CHARS`].
pub fn disagreement_fits(note: &str) -> bool {
    !note.trim().is_empty() && note.chars().count() <= MAX_DISAGREEMENT_CHARS
}

/// Whether an agenda can be saved: within [`MAX_AGENDA_CHARS`].
pub fn agenda_fits(text: &str) -> bool {
    text.chars().count() <= MAX_AGENDA_CHARS
}

/// How a round holds its conversations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundFormat {
    /// One conversation per employee with their manager.
    #[default]
    Individual,
    /// One group conversation per team, instead of the individual ones.
    Group,
    /// A group conversation per team, followed by a short individual one.
    GroupThenIndividual,
}

impl RoundFormat {
    pub const ALL: [RoundFormat; 3] = [
        RoundFormat::Individual,
        RoundFormat::Group,
        RoundFormat::GroupThenIndividual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RoundFormat::Individual => "individual",
            RoundFormat::Group => "group",
            RoundFormat::GroupThenIndividual => "group_then_individual",
        }
    }

    pub fn parse(s: &str) -> Option<RoundFormat> {
        RoundFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether the round holds group conversations.
    pub fn has_groups(self) -> bool {
        self != RoundFormat::Individual
    }

    /// Whether the round holds individual conversations.
    pub fn has_individual(self) -> bool {
        self != RoundFormat::Group
    }
}

/// How far a group conversation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// No meeting yet: the participants prepare.
    Preparing,
    /// The meeting is set and has not begun.
    Scheduled,
    /// The meeting's day has come: the manager writes the summary.
    Held,
    /// The manager has signed; participants acknowledge.
    Signed,
    /// Every current participant has acknowledged the signed summary.
    Acknowledged,
}

impl GroupStatus {
    pub const ALL: [GroupStatus; 5] = [
        GroupStatus::Preparing,
        GroupStatus::Scheduled,
        GroupStatus::Held,
        GroupStatus::Signed,
        GroupStatus::Acknowledged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Preparing => "preparing",
            GroupStatus::Scheduled => "scheduled",
            GroupStatus::Held => "held",
            GroupStatus::Signed => "signed",
            GroupStatus::Acknowledged => "acknowledged",
        }
    }

    /// The status from what is recorded, on the Danish day `today`.
    pub fn of(
        meeting: Option<&Meeting>,
        signed: bool,
        all_acknowledged: bool,
        today: NaiveDate,
    ) -> GroupStatus {
        match (meeting, signed) {
            (_, true) if all_acknowledged => GroupStatus::Acknowledged,
            (_, true) => GroupStatus::Signed,
            (None, false) => GroupStatus::Preparing,
            (Some(m), false) if m.may_be_held_on(today) => GroupStatus::Held,
            (Some(_), false) => GroupStatus::Scheduled,
        }
    }
}

/// Body of `POST /group-conversations`: a group beside those the round
/// made, e.g. when a large team meets in two halves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGroupConversation {
    /// A round whose format holds group conversations.
    pub round_id: RoundId,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, example = "Borgerservice, hold A")
    )]
    pub name: String,
    /// The manager who holds it. A manager creates only their own; HR names one.
    #[serde(default)]
    pub manager_id: Option<UserId>,
    /// The participants: active people other than the manager. A manager
    /// adds only their direct reports.
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub members: Vec<UserId>,
}

/// Body of `PUT /group-conversations/{id}/members`: who is in the group
/// from now on. Someone left out leaves (keeping what they acknowledged);
/// someone new joins and sees the team agreements from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub members: Vec<UserId>,
}

/// The name and size of a group as asked for, before the database is asked
/// who the people are.
pub fn check_group(name: Option<&str>, members: &[UserId], manager: UserId) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(name) = name {
        let length = name.trim().chars().count();
        if length == 0 || name.chars().count() > MAX_GROUP_NAME_CHARS {
            errors.push(FieldError::new(
                "name",
                format!("1 to {MAX_GROUP_NAME_CHARS} characters"),
            ));
        }
    }
    if members.len() > MAX_MEMBERS {
        errors.push(FieldError::new(
            "members",
            format!("at most {MAX_MEMBERS} participants"),
        ));
    }
    let mut distinct = members.to_vec();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != members.len() {
        errors.push(FieldError::new("members", "each participant once"));
    }
    if members.contains(&manager) {
        errors.push(FieldError::new(
            "members",
            "the manager holds the conversation and is not a participant",
        ));
    }
    errors
}

/// One participant of a group, as the group sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    pub person: PersonRef,
    pub joined_at: DateTime<Utc>,
    /// When they left the group; absent while they are in it.
    pub left_at: Option<DateTime<Utc>>,
    /// When they shared their preparation with the group.
    pub shared_at: Option<DateTime<Utc>>,
    /// When they acknowledged the signed summary.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Acknowledged as seen, not agreed ("set, men ikke enig"). The note
    /// itself is read by the manager and its author only.
    pub disagrees: bool,
}

/// A participant's preparation as the group reads it once shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedPreparation {
    pub person: PersonRef,
    pub answers: BTreeMap<String, Answer>,
    pub shared_at: DateTime<Utc>,
}

/// The caller's own preparation for the group: private until shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupPreparation {
    pub group_conversation_id: GroupConversationId,
    /// By question key.
    pub answers: BTreeMap<String, Answer>,
    /// 0 before the first save; every save adds one.
    pub version: u32,
    /// When it was shared with the group; absent while private.
    pub shared_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// In the answer to a save: the answers that were not saved because
    /// they are too long (field `answers/<key>`, with the limit). Each keeps
    /// the text saved before; every other answer was saved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_saved: Vec<FieldError>,
}

/// Body of `PUT /group-conversations/{id}/agenda`: the manager's shared
/// agenda, replaced whole, from the version last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupAgendaWrite {
    pub version: u32,
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 10000,
            example = "1. Det, der lykkedes i år\n2. Vores drøm for næste år\n3. Aftaler"
        )
    )]
    pub text: String,
}

/// A group conversation as a participant, its manager or HR reads it.
/// HR reads its shape only: who, when and how far; `agenda`,
/// `shared_preparations` and `team_agreements` are empty for HR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupConversation {
    pub id: GroupConversationId,
    pub round_id: RoundId,
    pub round_name: String,
    pub name: String,
    pub manager: PersonRef,
    pub department: Option<DepartmentRef>,
    /// The group form everyone prepares from.
    pub template_id: TemplateId,
    pub status: GroupStatus,
    pub meeting: Option<Meeting>,
    /// Everyone who has been in the group, current participants first.
    pub members: Vec<GroupMember>,
    /// The manager's shared agenda.
    pub agenda: String,
    /// The version of the agenda, for `PUT …/agenda`.
    pub agenda_version: u32,
    /// The preparations participants have shared with the group.
    pub shared_preparations: Vec<SharedPreparation>,
    /// The team agreements, once the manager has signed.
    pub team_agreements: Vec<TeamAgreement>,
    /// The quarterly check-ins on the team agreements.
    pub check_ins: Vec<GroupCheckIn>,
    /// What the caller may do here.
    pub my_role: GroupRole,
    pub signed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The caller's place in a group conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupRole {
    Manager,
    /// In the group now.
    Participant,
    /// Left the group: reads what they acknowledged, nothing new.
    FormerParticipant,
    /// HR: the group's shape and progress, no content.
    Administrator,
}

/// A row of `GET /group-conversations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupConversationRow {
    pub id: GroupConversationId,
    pub round_id: RoundId,
    pub round_name: String,
    pub name: String,
    pub manager: PersonRef,
    pub status: GroupStatus,
    pub meeting_starts_at: Option<DateTime<Utc>>,
    /// Current participants.
    pub members: u32,
    /// Of those, how many have acknowledged the signed summary.
    pub acknowledged: u32,
    pub my_role: GroupRole,
}

/// Filters of `GET /group-conversations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct GroupQuery {
    /// Only this round's groups.
    pub round: Option<RoundId>,
}

/// One team agreement as written in the group summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamAgreementDraft {
    /// Absent for a new agreement; keep it when editing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<TeamAgreementId>,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            example = "Fast fagligt fokus hver fredag"
        )
    )]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "30 minutter hver fredag, hvor én deler noget, vedkommende har lært."
        )
    )]
    pub description: String,
    /// `employee`: the team carries it out; `manager`; or `both`.
    pub owner: AgreementOwner,
    pub category: AgreementCategory,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// What the group summary says: the manager writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupSummaryContent {
    /// What the group talked about and found, in the manager's words.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Vi er stolte af omlægningen af telefontiden."
        )
    )]
    pub notes: String,
    /// The team's development plan: what the team and the manager will do.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, max_items = 30))]
    pub agreements: Vec<TeamAgreementDraft>,
}

impl DraftedAgreement for TeamAgreementDraft {
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> &str {
        &self.description
    }
    fn due_on(&self) -> Option<NaiveDate> {
        self.due_on
    }
    fn followed_as(&self) -> Option<uuid::Uuid> {
        self.id.map(|id| id.0)
    }
}

impl GroupSummaryContent {
    /// What is wrong with it, field by field (`content/notes`,
    /// `content/agreements/0/title`, …), checked as an individual summary's
    /// agreements are ([`agreement_issues`]): empty when it can be saved.
    /// The web app words each issue in the reader's language.
    pub fn issues(&self, due_window: (NaiveDate, NaiveDate)) -> Vec<(String, SummaryIssue)> {
        let mut issues = Vec::new();
        if self.notes.chars().count() > MAX_TEXT_CHARS {
            issues.push((
                "content/notes".to_owned(),
                SummaryIssue::TooLong {
                    max: MAX_TEXT_CHARS,
                },
            ));
        }
        issues.extend(agreement_issues(
            "content/agreements",
            &self.agreements,
            due_window,
        ));
        issues
    }

    /// [`issues`](GroupSummaryContent::issues) as the API's field errors.
    pub fn validate(&self, due_window: (NaiveDate, NaiveDate)) -> Result<(), Vec<FieldError>> {
        as_field_errors(self.issues(due_window))
    }
}

/// Body of `PUT /group-conversations/{id}/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupSummaryWrite {
    /// The version last read; a stale one saves nothing (409).
    pub version: u32,
    pub content: GroupSummaryContent,
}

/// Body of `POST /group-conversations/{id}/summary/sign`. The manager signs
/// the version read; a participant acknowledges the signed summary, and may
/// note that they do not agree ("set, men ikke enig").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupSignRequest {
    /// The version read.
    pub version: u32,
    /// A participant only: what they do not agree with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 4000,
            example = "Jeg synes ikke, fredagsmødet skal være obligatorisk."
        )
    )]
    pub disagreement: Option<String>,
}

/// One acknowledgement of the signed group summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub person: PersonRef,
    pub at: DateTime<Utc>,
    /// The note of disagreement: present for the manager and its author;
    /// to the rest of the group only that there is one (`disagrees`).
    pub disagreement: Option<String>,
    pub disagrees: bool,
}

/// The group summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub group_conversation_id: GroupConversationId,
    /// 0 before the first save; every save adds one.
    pub version: u32,
    pub content: GroupSummaryContent,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<PersonRef>,
    pub acknowledgements: Vec<Acknowledgement>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A team agreement, followed up at the group's check-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamAgreement {
    pub id: TeamAgreementId,
    pub group_conversation_id: GroupConversationId,
    pub title: String,
    pub description: String,
    pub owner: AgreementOwner,
    pub category: AgreementCategory,
    pub due_on: Option<NaiveDate>,
    pub status: AgreementStatus,
    pub note: String,
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
}

/// A quarterly check-in on the team agreements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupCheckIn {
    pub id: CheckInId,
    /// 3, 6, 9 or 12 months after signing.
    pub months_after: u32,
    pub due_on: NaiveDate,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<UserId>,
    pub entries: Vec<TeamCheckInEntry>,
}

/// Progress on one team agreement at a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamCheckInEntry {
    pub agreement_id: TeamAgreementId,
    pub status: AgreementStatus,
    /// The agreement's note from now on; empty leaves the note it has.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: String,
}

/// Body of `POST /group-conversations/{id}/check-ins/{check_in_id}/complete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupCheckInCompletion {
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub entries: Vec<TeamCheckInEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn meeting(day: u32) -> Meeting {
        Meeting {
            starts_at: Utc.with_ymd_and_hms(2027, 3, day, 9, 0, 0).unwrap(),
            minutes: 120,
            location: "Kantinen".into(),
        }
    }

    #[test]
    fn a_group_moves_from_preparing_to_acknowledged() {
        let today = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
        assert_eq!(
            GroupStatus::of(None, false, false, today),
            GroupStatus::Preparing
        );
        assert_eq!(
            GroupStatus::of(Some(&meeting(12)), false, false, today),
            GroupStatus::Scheduled
        );
        assert_eq!(
            GroupStatus::of(Some(&meeting(10)), false, false, today),
            GroupStatus::Held
        );
        assert_eq!(
            GroupStatus::of(Some(&meeting(10)), true, false, today),
            GroupStatus::Signed
        );
        assert_eq!(
            GroupStatus::of(Some(&meeting(10)), true, true, today),
            GroupStatus::Acknowledged
        );
    }

    #[test]
    fn a_group_is_a_team_without_its_manager_and_without_doubles() {
        let manager = UserId::new();
        let a = UserId::new();
        assert!(check_group(Some("Hold A"), &[a], manager).is_empty());
        let fields: Vec<_> = check_group(Some(" "), &[a, a, manager], manager)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "members", "members"]);
        let many: Vec<_> = (0..=MAX_MEMBERS).map(|_| UserId::new()).collect();
        assert_eq!(check_group(None, &many, manager).len(), 1);
    }

    #[test]
    fn a_group_summary_keeps_to_its_limits() {
        let window = (
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        );
        let draft = |title: &str, due_on| TeamAgreementDraft {
            id: None,
            title: title.into(),
            description: String::new(),
            owner: AgreementOwner::Both,
            category: AgreementCategory::Collaboration,
            due_on,
        };
        let fine = GroupSummaryContent {
            notes: "Godt møde".into(),
            agreements: vec![draft("Fredagsfokus", None)],
        };
        assert!(fine.validate(window).is_ok());
        let bad = GroupSummaryContent {
            notes: "x".repeat(MAX_TEXT_CHARS + 1),
            agreements: vec![
                draft("", None),
                draft("Før", NaiveDate::from_ymd_opt(2026, 1, 1)),
            ],
        };
        let fields: Vec<_> = bad
            .validate(window)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "content/notes",
                "content/agreements/0/title",
                "content/agreements/1/due_on"
            ]
        );
    }

    #[test]
    fn round_formats_have_stable_names() {
        for format in RoundFormat::ALL {
            assert_eq!(RoundFormat::parse(format.as_str()), Some(format));
        }
        assert!(RoundFormat::GroupThenIndividual.has_groups());
        assert!(RoundFormat::GroupThenIndividual.has_individual());
        assert!(!RoundFormat::Group.has_individual());
    }
}
