//! Rounds: HR's yearly set of conversations, and the conversations in them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::ConversationStatus;
use crate::error::FieldError;
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
    #[cfg_attr(feature = "openapi", schema(example = "MUS 2027"))]
    pub name: String,
    /// The form both sides prepare from; it is frozen from now on.
    pub template_id: TemplateId,
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
    /// shared is reminded: 0 is the deadline's own day. Absent: 7 and 1.
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
}
