//! Rounds: HR's yearly set of conversations, and the conversations in them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::ConversationStatus;
use crate::error::FieldError;
use crate::group::RoundFormat;
use crate::ids::{ConversationId, DepartmentId, RoundId, TemplateId, UserId};
use crate::people::{DepartmentRef, PersonRef};

pub const MAX_ROUND_NAME_CHARS: usize = 200;
/// A round is yearly; its meeting window cannot be longer than a year.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// Body of `POST /rounds`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRound {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "MUS 2027", min_length = 1, max_length = 200)
    )]
    pub name: String,
    /// The form both sides prepare from; it is frozen from now on. In a
    /// `group` round, the group form.
    pub template_id: TemplateId,
    /// Individual conversations (the default), group conversations (GRUS)
    /// per team, or a group conversation followed by a short individual one.
    #[serde(default)]
    pub format: RoundFormat,
    /// In a `group_then_individual` round: the group form (`kind`
    /// `group`); absent otherwise.
    #[serde(default)]
    pub group_template_id: Option<TemplateId>,
    /// Preparations should be shared by this day.
    pub preparation_deadline: NaiveDate,
    /// The first and last day meetings may be held.
    pub meetings_from: NaiveDate,
    pub meetings_until: NaiveDate,
    /// Only these departments; absent or empty for the whole organisation.
    #[serde(default)]
    pub departments: Vec<DepartmentId>,
    /// Both see each other's preparation only once both have shared.
    #[serde(default)]
    pub simultaneous_reveal: bool,
    /// Days before the preparation deadline on which everyone who has not
    /// shared is reminded: 0 is the deadline's own day, at most 60.
    /// Absent: 7 and 1.
    #[serde(default = "default_reminder_days")]
    #[cfg_attr(feature = "openapi", schema(max_items = 5, example = json!([7, 1])))]
    pub reminder_days: Vec<u16>,
}

/// Most reminder days per round, and the furthest before the deadline.
pub const MAX_REMINDER_DAYS: usize = 5;
pub const MAX_REMINDER_DAYS_BEFORE: u16 = 60;

/// A week before the deadline, and the day before.
pub fn default_reminder_days() -> Vec<u16> {
    vec![7, 1]
}

/// The reminder days as kept: each at most `MAX_REMINDER_DAYS_BEFORE`, at
/// most `MAX_REMINDER_DAYS` of them, furthest first, each once.
pub fn valid_reminder_days(days: &[u16]) -> Result<Vec<u16>, FieldError> {
    if days.len() > MAX_REMINDER_DAYS {
        return Err(FieldError::new(
            "reminder_days",
            format!("at most {MAX_REMINDER_DAYS} reminder days"),
        ));
    }
    if days.iter().any(|d| *d > MAX_REMINDER_DAYS_BEFORE) {
        return Err(FieldError::new(
            "reminder_days",
            format!("at most {MAX_REMINDER_DAYS_BEFORE} days before the deadline"),
        ));
    }
    let mut days = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    Ok(days)
}

/// Body of `PATCH /rounds/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparation_deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_until: Option<NaiveDate>,
}

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: RoundId,
    #[cfg_attr(feature = "openapi", schema(example = "MUS 2027"))]
    pub name: String,
    pub template_id: TemplateId,
    pub format: RoundFormat,
    /// The group form, in a `group_then_individual` round.
    pub group_template_id: Option<TemplateId>,
    pub preparation_deadline: NaiveDate,
    pub meetings_from: NaiveDate,
    pub meetings_until: NaiveDate,
    /// Empty for the whole organisation.
    pub departments: Vec<DepartmentRef>,
    pub simultaneous_reveal: bool,
    /// Days before the preparation deadline when those who have not shared
    /// are reminded, furthest first.
    pub reminder_days: Vec<u16>,
    /// How many of the round's conversations the caller may count: all of
    /// them for HR administrators, otherwise those the caller is a party to.
    pub conversations: u32,
    pub created_at: DateTime<Utc>,
}

/// The dates of a round, checked together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundDates {
    pub preparation_deadline: NaiveDate,
    pub meetings_from: NaiveDate,
    pub meetings_until: NaiveDate,
}

impl RoundDates {
    /// Meetings end after they start, within a year, and preparation is due
    /// before the last meeting day.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.meetings_until < self.meetings_from {
            errors.push(FieldError::new(
                "meetings_until",
                "the meeting window ends before it starts",
            ));
        } else if (self.meetings_until - self.meetings_from).num_days() > MAX_WINDOW_DAYS {
            errors.push(FieldError::new(
                "meetings_until",
                format!("the meeting window is at most {MAX_WINDOW_DAYS} days"),
            ));
        }
        if self.preparation_deadline > self.meetings_until {
            errors.push(FieldError::new(
                "preparation_deadline",
                "preparation is due no later than the last meeting day",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A rule a new round's dates break. Each has a stable [`code`](Self::code),
/// the field it is about, and an English message for the API; the web app
/// words the same code in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningIssue {
    /// The preparation deadline has passed already (in Danish days).
    DeadlineInPast,
    /// Preparation is due after the first meeting day: the first meetings
    /// would be held before the preparations are.
    DeadlineAfterMeetingsStart,
    /// Someone in the new round is in another round whose meeting window
    /// overlaps this one (checked by the server against the rounds open).
    OverlapsRound,
}

impl OpeningIssue {
    pub const ALL: [OpeningIssue; 3] = [
        OpeningIssue::DeadlineInPast,
        OpeningIssue::DeadlineAfterMeetingsStart,
        OpeningIssue::OverlapsRound,
    ];

    /// The stable code, also the problem's `reason` when it is the only
    /// rule broken.
    pub fn code(self) -> &'static str {
        match self {
            OpeningIssue::DeadlineInPast => "deadline_in_past",
            OpeningIssue::DeadlineAfterMeetingsStart => "deadline_after_meetings_start",
            OpeningIssue::OverlapsRound => "round_overlaps",
        }
    }

    pub fn parse(code: &str) -> Option<OpeningIssue> {
        OpeningIssue::ALL
            .into_iter()
            .find(|issue| issue.code() == code)
    }

    /// The field of `NewRound` it is about.
    pub fn field(self) -> &'static str {
        match self {
            OpeningIssue::DeadlineInPast | OpeningIssue::DeadlineAfterMeetingsStart => {
                "preparation_deadline"
            }
            OpeningIssue::OverlapsRound => "meetings_from",
        }
    }

    /// The English message of the API's field error, starting with the code.
    pub fn message(self) -> String {
        let words = match self {
            OpeningIssue::DeadlineInPast => "the preparation deadline has passed",
            OpeningIssue::DeadlineAfterMeetingsStart => {
                "preparation is due no later than the first meeting day"
            }
            OpeningIssue::OverlapsRound => {
                "someone in this round is in another round whose meetings overlap these"
            }
        };
        format!("{}: {words}", self.code())
    }

    pub fn field_error(self) -> FieldError {
        FieldError::new(self.field(), self.message())
    }

    /// The rule a field error of the API names, if it is one of these.
    pub fn of(error: &FieldError) -> Option<OpeningIssue> {
        let (code, _) = error.message.split_once(':')?;
        OpeningIssue::parse(code).filter(|issue| issue.field() == error.field)
    }
}

impl RoundDates {
    /// The rules a new round's dates keep besides [`RoundDates::validate`]:
    /// the preparation deadline is not past on `today` (a Danish date), and
    /// preparation is due no later than the first meeting day.
    pub fn opening_issues(&self, today: NaiveDate) -> Vec<OpeningIssue> {
        let mut issues = Vec::new();
        if self.preparation_deadline < today {
            issues.push(OpeningIssue::DeadlineInPast);
        }
        if self.preparation_deadline > self.meetings_from {
            issues.push(OpeningIssue::DeadlineAfterMeetingsStart);
        }
        issues
    }

    /// Whether the meeting windows of two rounds share a day.
    pub fn meetings_overlap(&self, other: &RoundDates) -> bool {
        self.meetings_from <= other.meetings_until && other.meetings_from <= self.meetings_until
    }
}

/// How far a group of conversations has come: counts only, never content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupProgress {
    /// The department or manager; absent for people with no department.
    pub id: Option<uuid::Uuid>,
    pub name: String,
    pub total: u32,
    /// Conversations whose summary both have signed.
    pub signed: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: ConversationStatus,
    pub count: u32,
}

/// `GET /rounds/{id}/progress`: the round's completion, as far as the caller
/// may see it (HR: everyone; a manager: their team; an employee: their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundProgress {
    pub round_id: RoundId,
    pub total: u32,
    pub signed: u32,
    pub by_status: Vec<StatusCount>,
    pub by_department: Vec<GroupProgress>,
    pub by_manager: Vec<GroupProgress>,
}

/// A conversation as its two parties see it in lists and headers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: ConversationId,
    pub round_id: RoundId,
    pub round_name: String,
    pub template_id: TemplateId,
    pub employee: PersonRef,
    pub manager: PersonRef,
    pub status: ConversationStatus,
    pub employee_shared: bool,
    pub manager_shared: bool,
    pub meeting: Option<crate::meeting::Meeting>,
    pub preparation_deadline: NaiveDate,
    pub meetings_from: NaiveDate,
    pub meetings_until: NaiveDate,
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    /// The caller's side of the conversation, if they are a party.
    pub fn side_of(&self, person: UserId) -> Option<crate::conversation::Party> {
        if self.employee.id == person {
            Some(crate::conversation::Party::Employee)
        } else if self.manager.id == person {
            Some(crate::conversation::Party::Manager)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn round_dates_hang_together() {
        let good = RoundDates {
            preparation_deadline: day("2027-02-15"),
            meetings_from: day("2027-02-01"),
            meetings_until: day("2027-03-31"),
        };
        assert!(good.validate().is_ok());
        let backwards = RoundDates {
            meetings_until: day("2027-01-01"),
            ..good
        };
        let fields: Vec<String> = backwards
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["meetings_until", "preparation_deadline"]);
        let too_long = RoundDates {
            meetings_until: day("2028-03-01"),
            ..good
        };
        assert!(too_long.validate().is_err());
    }

    #[test]
    fn a_new_round_prepares_before_its_meetings_and_not_in_the_past() {
        let good = RoundDates {
            preparation_deadline: day("2027-01-29"),
            meetings_from: day("2027-02-01"),
            meetings_until: day("2027-03-31"),
        };
        assert!(good.opening_issues(day("2027-01-10")).is_empty());
        // The deadline's own day and the first meeting day are allowed.
        assert!(good.opening_issues(day("2027-01-29")).is_empty());
        let on_first_day = RoundDates {
            preparation_deadline: day("2027-02-01"),
            ..good
        };
        assert!(on_first_day.opening_issues(day("2027-01-10")).is_empty());
        assert_eq!(
            good.opening_issues(day("2027-01-30")),
            [OpeningIssue::DeadlineInPast]
        );
        let late = RoundDates {
            preparation_deadline: day("2027-02-15"),
            ..good
        };
        assert_eq!(
            late.opening_issues(day("2027-03-01")),
            [
                OpeningIssue::DeadlineInPast,
                OpeningIssue::DeadlineAfterMeetingsStart
            ]
        );
        assert_eq!(
            late.opening_issues(day("2027-01-01"))[0]
                .field_error()
                .field,
            "preparation_deadline"
        );
    }

    #[test]
    fn meeting_windows_overlap_when_they_share_a_day() {
        let spring = RoundDates {
            preparation_deadline: day("2027-01-29"),
            meetings_from: day("2027-02-01"),
            meetings_until: day("2027-03-31"),
        };
        let autumn = RoundDates {
            preparation_deadline: day("2027-08-30"),
            meetings_from: day("2027-09-01"),
            meetings_until: day("2027-10-31"),
        };
        assert!(!spring.meetings_overlap(&autumn));
        assert!(!autumn.meetings_overlap(&spring));
        let touching = RoundDates {
            meetings_from: day("2027-03-31"),
            ..autumn
        };
        assert!(spring.meetings_overlap(&touching));
        assert!(touching.meetings_overlap(&spring));
        assert!(spring.meetings_overlap(&spring));
    }

    #[test]
    fn opening_issues_have_stable_codes() {
        for issue in OpeningIssue::ALL {
            assert_eq!(OpeningIssue::parse(issue.code()), Some(issue));
            assert!(issue.message().starts_with(issue.code()));
            assert_eq!(OpeningIssue::of(&issue.field_error()), Some(issue));
        }
    }
}
