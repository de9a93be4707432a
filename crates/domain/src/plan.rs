//! The development plan ("kompetenceudviklingsplan"): one employee's
//! development goals and course and education agreements across the years,
//! with goals that employee and manager add between conversations.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::agreements::{Agreement, AgreementCategory, AgreementStatus};
use crate::error::FieldError;
use crate::ids::{DevelopmentGoalId, UserId};
use crate::people::{DepartmentRef, PersonRef};
use crate::summary::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};

/// A plan is current if something in it was agreed this long ago or less.
pub const CURRENT_MONTHS: u32 = 12;
/// At most this many goals per employee: a plan, not a wish list.
pub const MAX_GOALS_PER_EMPLOYEE: usize = 100;
/// A goal's progress note, in characters.
pub const MAX_GOAL_NOTE_CHARS: usize = 4_000;

/// The first day something agreed still makes a plan current on `today`.
pub fn current_since(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(CURRENT_MONTHS))
        .unwrap_or(today)
}

/// Body of `POST /development-goals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDevelopmentGoal {
    /// Whose plan: absent for the caller's own; a manager names a direct report.
    #[serde(default)]
    pub employee_id: Option<UserId>,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, example = "Certificering i Scrum")
    )]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 10000, example = "For at kunne lede teamets sprint.")
    )]
    pub description: String,
    pub category: AgreementCategory,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// Body of `PATCH /development-goals/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DevelopmentGoalPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<AgreementCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgreementStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// Progress so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: Option<String>,
}

fn check_title(field: &str, title: &str, errors: &mut Vec<FieldError>) {
    let length = title.trim().chars().count();
    if length == 0 || title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new(
            field,
            format!("1 to {MAX_TITLE_CHARS} characters"),
        ));
    }
}

fn check_text(field: &str, text: &str, max: usize, errors: &mut Vec<FieldError>) {
    if text.chars().count() > max {
        errors.push(FieldError::new(field, format!("at most {max} characters")));
    }
}

fn check_due(due_on: Option<NaiveDate>, today: NaiveDate, errors: &mut Vec<FieldError>) {
    let latest = today.checked_add_months(Months::new(60)).unwrap_or(today);
    if due_on.is_some_and(|due| due > latest) {
        errors.push(FieldError::new("due_on", "at most five years ahead"));
    }
}

impl NewDevelopmentGoal {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_title("title", &self.title, &mut errors);
        check_text(
            "description",
            &self.description,
            MAX_TEXT_CHARS,
            &mut errors,
        );
        check_due(self.due_on, today, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl DevelopmentGoalPatch {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(title) = &self.title {
            check_title("title", title, &mut errors);
        }
        if let Some(description) = &self.description {
            check_text("description", description, MAX_TEXT_CHARS, &mut errors);
        }
        if let Some(note) = &self.note {
            check_text("note", note, MAX_GOAL_NOTE_CHARS, &mut errors);
        }
        check_due(self.due_on, today, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A development goal added between conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentGoal {
    pub id: DevelopmentGoalId,
    pub employee: PersonRef,
    pub title: String,
    pub description: String,
    pub category: AgreementCategory,
    pub status: AgreementStatus,
    pub due_on: Option<NaiveDate>,
    pub note: String,
    pub overdue: bool,
    /// Who added it: the employee or their manager.
    pub created_by: PersonRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A course or education agreement of a signed summary, with the year it
/// was agreed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanAgreement {
    #[serde(flatten)]
    pub agreement: Agreement,
    pub round_name: String,
    /// When both had signed the summary it belongs to.
    pub agreed_on: NaiveDate,
}

/// What the plan asks of its owner next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanStep {
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// `GET /me/development-plan`, `GET /users/{id}/development-plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentPlan {
    pub employee: PersonRef,
    pub department: Option<DepartmentRef>,
    /// Something in it was agreed within the last 12 months.
    pub current: bool,
    /// Goals added between conversations, the newest first.
    pub goals: Vec<DevelopmentGoal>,
    /// Course and education agreements of every signed summary, the newest
    /// first; one carried into a later summary is followed up there.
    pub agreements: Vec<PlanAgreement>,
    /// The open goal or agreement due first.
    pub next_step: Option<PlanStep>,
}

impl DevelopmentPlan {
    /// The open item due first (an item without a date comes last).
    pub fn next_step_of(
        goals: &[DevelopmentGoal],
        agreements: &[PlanAgreement],
    ) -> Option<PlanStep> {
        let open_goals = goals
            .iter()
            .filter(|g| g.status.is_open())
            .map(|g| (g.due_on, &g.title, g.overdue));
        let open_agreements = agreements
            .iter()
            .map(|p| &p.agreement)
            .filter(|a| a.status.is_open() && a.carried_into.is_none())
            .map(|a| (a.due_on, &a.title, a.overdue));
        open_goals
            .chain(open_agreements)
            .min_by_key(|(due, _, _)| (due.is_none(), *due))
            .map(|(due_on, title, overdue)| PlanStep {
                title: title.clone(),
                due_on,
                overdue,
            })
    }
}

/// HR's figures on development plans for one department: counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentPlans {
    /// Absent for people with no department.
    pub id: Option<uuid::Uuid>,
    pub name: Option<String>,
    /// Active employees (not HR administrators).
    pub employees: u32,
    /// Of those, how many have a current plan.
    pub with_current_plan: u32,
}

/// How many goals and course agreements have one category and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalCount {
    pub category: AgreementCategory,
    pub status: AgreementStatus,
    pub count: u32,
}

/// `GET /dashboard/organisation`'s part on development plans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanFigures {
    pub employees: u32,
    pub with_current_plan: u32,
    pub by_department: Vec<DepartmentPlans>,
    /// Development goals and course and education agreements together.
    pub goals: Vec<GoalCount>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::AgreementOwner;
    use crate::ids::{AgreementId, ConversationId};

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    fn person() -> PersonRef {
        PersonRef {
            id: UserId::new(),
            name: "Anne".into(),
        }
    }

    fn goal(title: &str, due: Option<&str>, status: AgreementStatus) -> DevelopmentGoal {
        DevelopmentGoal {
            id: DevelopmentGoalId::new(),
            employee: person(),
            title: title.into(),
            description: String::new(),
            category: AgreementCategory::CourseEducation,
            status,
            due_on: due.map(day),
            note: String::new(),
            overdue: false,
            created_by: person(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_next_step_is_the_open_item_due_first() {
        let goals = [
            goal("Later", Some("2027-09-01"), AgreementStatus::Open),
            goal("Done", Some("2027-01-01"), AgreementStatus::Done),
            goal("Undated", None, AgreementStatus::InProgress),
        ];
        let agreement = PlanAgreement {
            agreement: Agreement {
                id: AgreementId::new(),
                conversation_id: ConversationId::new(),
                employee: person(),
                title: "Course".into(),
                description: String::new(),
                owner: AgreementOwner::Employee,
                category: AgreementCategory::CourseEducation,
                due_on: Some(day("2027-05-01")),
                status: AgreementStatus::Open,
                note: String::new(),
                overdue: false,
                origin: None,
                carried_into: None,
                updated_at: Utc::now(),
            },
            round_name: "MUS 2027".into(),
            agreed_on: day("2027-02-01"),
        };
        let step = DevelopmentPlan::next_step_of(&goals, std::slice::from_ref(&agreement));
        assert_eq!(step.unwrap().title, "Course");
        assert_eq!(
            DevelopmentPlan::next_step_of(&goals, &[]).unwrap().title,
            "Later"
        );
        assert_eq!(
            DevelopmentPlan::next_step_of(&goals[2..], &[])
                .unwrap()
                .title,
            "Undated"
        );
        assert!(DevelopmentPlan::next_step_of(&goals[1..2], &[]).is_none());
    }

    #[test]
    fn a_goal_keeps_to_its_limits() {
        let today = day("2027-01-01");
        let mut new = NewDevelopmentGoal {
            employee_id: None,
            title: "Scrum".into(),
            description: String::new(),
            category: AgreementCategory::CourseEducation,
            due_on: Some(day("2028-01-01")),
        };
        assert!(new.validate(today).is_ok());
        new.title = "  ".into();
        new.due_on = Some(day("2033-01-01"));
        let fields: Vec<_> = new
            .validate(today)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "due_on"]);
        let patch = DevelopmentGoalPatch {
            note: Some("x".repeat(MAX_GOAL_NOTE_CHARS + 1)),
            ..Default::default()
        };
        assert_eq!(patch.validate(today).unwrap_err()[0].field, "note");
        assert_eq!(current_since(today), day("2026-01-01"));
    }
}
