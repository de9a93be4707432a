//! Follow-up: the agreements of signed summaries, the quarterly check-ins
//! on them, and how next year's conversation reviews them.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::Party;
use crate::error::FieldError;
use crate::ids::{AgreementId, CheckInId, ConversationId, UserId};
use crate::people::PersonRef;

/// A note on an agreement at a check-in, in characters.
pub const MAX_NOTE_CHARS: usize = 4_000;

/// How many days before its due date a check-in opens. A check-in records
/// a quarter's progress, so it is held near the quarter's end, not on the
/// day the summary is signed; two weeks leave room to meet a little early.
pub const CHECK_IN_OPENS_DAYS_BEFORE: u64 = 14;

/// Who carries an agreement out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementOwner {
    Employee,
    Manager,
    Both,
}

/// What kind of agreement it is; course and education agreements make up
/// the employee's development plan ("kompetenceudviklingsplan").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementCategory {
    CourseEducation,
    TaskProject,
    Collaboration,
    WayOfWorking,
    Rotation,
    WellBeing,
    Other,
}

/// How far an agreement has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

macro_rules! machine_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable machine name, as used in the API and the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            pub fn parse(s: &str) -> Option<$ty> {
                $ty::ALL.iter().copied().find(|value| value.as_str() == s)
            }
        }
    };
}

machine_names!(AgreementOwner {
    Employee => "employee",
    Manager => "manager",
    Both => "both",
});
machine_names!(AgreementCategory {
    CourseEducation => "course_education",
    TaskProject => "task_project",
    Collaboration => "collaboration",
    WayOfWorking => "way_of_working",
    Rotation => "rotation",
    WellBeing => "well_being",
    Other => "other",
});
machine_names!(AgreementStatus {
    Open => "open",
    InProgress => "in_progress",
    Done => "done",
    Dropped => "dropped",
});

impl AgreementStatus {
    /// Still to be done: open or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, AgreementStatus::Open | AgreementStatus::InProgress)
    }
}

/// An agreement from a signed summary, as followed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub id: AgreementId,
    pub conversation_id: ConversationId,
    pub employee: PersonRef,
    pub title: String,
    pub description: String,
    pub owner: AgreementOwner,
    pub category: AgreementCategory,
    pub due_on: Option<NaiveDate>,
    pub status: AgreementStatus,
    /// The latest note from a check-in or an update.
    pub note: String,
    /// Open or in progress with its due date passed.
    pub overdue: bool,
    /// The agreement of an earlier summary this one carries over.
    pub origin: Option<AgreementId>,
    /// The agreement of a later summary that carried this one over; it is
    /// followed up there from then on.
    pub carried_into: Option<AgreementId>,
    pub updated_at: DateTime<Utc>,
}

impl Agreement {
    /// Whether an agreement with this status and due date is overdue on `today`.
    pub fn is_overdue(
        status: AgreementStatus,
        due_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        status.is_open() && due_on.is_some_and(|due| due < today)
    }
}

/// Body of `PATCH /agreements/{id}`: progress between check-ins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementPatch {
    #[serde(default)]
    pub status: Option<AgreementStatus>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 4000, example = "Halvvejs; mangler eksamen.")
    )]
    pub note: Option<String>,
}

/// Filters of `GET /agreements`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AgreementQuery {
    /// Only this employee's agreements.
    pub person: Option<UserId>,
    /// Only the agreements of this manager's direct reports.
    pub team: Option<UserId>,
    pub status: Option<AgreementStatus>,
    pub category: Option<AgreementCategory>,
    /// `true`: only overdue ones; `false`: only those not overdue.
    pub overdue: Option<bool>,
    /// Page size, 1–100 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A quarterly check-in, scheduled when a summary is first signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    pub id: CheckInId,
    pub conversation_id: ConversationId,
    /// 3, 6, 9 or 12 months after signing.
    pub months_after: u32,
    pub due_on: NaiveDate,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<UserId>,
    /// What was recorded, per agreement, when it was completed.
    pub entries: Vec<CheckInEntry>,
}

/// Progress on one agreement at a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInEntry {
    pub agreement_id: AgreementId,
    pub status: AgreementStatus,
    /// The agreement's note from now on; empty (or omitted) leaves the note
    /// it has.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 4000, example = "Tilmeldt forårsholdet.")
    )]
    pub note: String,
}

/// Body of `POST /check-ins/{id}/complete`: an entry per agreement of the
/// conversation, each at most once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInCompletion {
    pub entries: Vec<CheckInEntry>,
}

impl CheckIn {
    /// The first Danish day a check-in due on `due_on` can be completed.
    pub fn opens_on(due_on: NaiveDate) -> NaiveDate {
        due_on
            .checked_sub_days(Days::new(CHECK_IN_OPENS_DAYS_BEFORE))
            .unwrap_or(NaiveDate::MIN)
    }

    /// Whether a check-in due on `due_on` can be completed on `today`
    /// (a Danish date, [`danish_date`]). Once open it stays open: an
    /// overdue check-in is still to be held.
    pub fn is_open_on(due_on: NaiveDate, today: NaiveDate) -> bool {
        today >= CheckIn::opens_on(due_on)
    }

    /// Whether a check-in due on `due_on` is overdue on `today`: not
    /// completed, and its day has passed.
    pub fn is_overdue(due_on: NaiveDate, completed: bool, today: NaiveDate) -> bool {
        !completed && due_on < today
    }
}

impl CheckInCompletion {
    /// Checks notes and that each entry names one of `agreements` once.
    pub fn validate(&self, agreements: &[AgreementId]) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            if !agreements.contains(&entry.agreement_id) {
                errors.push(FieldError::new(
                    format!("entries/{i}/agreement_id"),
                    "not an agreement of this conversation",
                ));
            } else if seen.contains(&entry.agreement_id) {
                errors.push(FieldError::new(
                    format!("entries/{i}/agreement_id"),
                    "each agreement appears once",
                ));
            }
            seen.push(entry.agreement_id);
            if let Err(message) = check_note(&entry.note) {
                errors.push(FieldError::new(format!("entries/{i}/note"), message));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A note is at most [`MAX_NOTE_CHARS`] characters.
pub fn check_note(note: &str) -> Result<(), String> {
    if note.chars().count() > MAX_NOTE_CHARS {
        Err(format!("at most {MAX_NOTE_CHARS} characters"))
    } else {
        Ok(())
    }
}

/// The date in Denmark at `at`: what "today" and "overdue" are counted in.
pub fn danish_date(at: DateTime<Utc>) -> NaiveDate {
    (at + crate::meeting::copenhagen_offset(at)).date_naive()
}

/// The quarterly check-ins a summary signed on `signed_on` schedules.
pub fn check_in_schedule(signed_on: NaiveDate) -> [(u32, NaiveDate); 4] {
    [3, 6, 9, 12].map(|months| {
        let due = signed_on
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        (months, due)
    })
}

/// What a party thinks should become of last year's agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// It was done.
    Done,
    /// Still relevant: carry it into this year's agenda and summary.
    CarryOver,
    /// No longer relevant.
    Drop,
}

machine_names!(ReviewDecision {
    Done => "done",
    CarryOver => "carry_over",
    Drop => "drop",
});

impl ReviewDecision {
    /// What the conversation does with the agreement, given both sides'
    /// marks: carried over when either side wants to talk about it again;
    /// otherwise what the marks agree on; undecided while they differ or
    /// are missing.
    pub fn outcome(employee: Option<Self>, manager: Option<Self>) -> Option<Self> {
        match (employee, manager) {
            (Some(ReviewDecision::CarryOver), _) | (_, Some(ReviewDecision::CarryOver)) => {
                Some(ReviewDecision::CarryOver)
            }
            (Some(a), Some(b)) if a == b => Some(a),
            _ => None,
        }
    }
}

/// Body of `PUT /conversations/{id}/previous-agreements/{agreement_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewWrite {
    pub decision: ReviewDecision,
}

/// One agreement of the employee's previous signed summary, with how this
/// year's conversation reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousAgreement {
    pub agreement: Agreement,
    pub employee_decision: Option<ReviewDecision>,
    pub manager_decision: Option<ReviewDecision>,
    /// See [`ReviewDecision::outcome`].
    pub outcome: Option<ReviewDecision>,
}

impl PreviousAgreement {
    pub fn decision_of(&self, party: Party) -> Option<ReviewDecision> {
        match party {
            Party::Employee => self.employee_decision,
            Party::Manager => self.manager_decision,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_in_opens_two_weeks_before_its_due_date_and_stays_open() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let due = day("2027-02-28");
        assert_eq!(CheckIn::opens_on(due), day("2027-02-14"));
        assert!(!CheckIn::is_open_on(due, day("2026-11-30")));
        assert!(!CheckIn::is_open_on(due, day("2027-02-13")));
        assert!(CheckIn::is_open_on(due, day("2027-02-14")));
        assert!(CheckIn::is_open_on(due, day("2027-06-01")));
    }

    #[test]
    fn machine_names_round_trip() {
        for status in AgreementStatus::ALL {
            assert_eq!(AgreementStatus::parse(status.as_str()), Some(*status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for category in AgreementCategory::ALL {
            assert_eq!(AgreementCategory::parse(category.as_str()), Some(*category));
            assert_eq!(serde_json::to_value(category).unwrap(), category.as_str());
        }
        for owner in AgreementOwner::ALL {
            assert_eq!(serde_json::to_value(owner).unwrap(), owner.as_str());
        }
        for decision in ReviewDecision::ALL {
            assert_eq!(serde_json::to_value(decision).unwrap(), decision.as_str());
        }
        assert_eq!(AgreementStatus::parse("closed"), None);
    }

    #[test]
    fn check_ins_fall_every_quarter_for_a_year_even_from_month_ends() {
        let signed = NaiveDate::from_ymd_opt(2027, 11, 30).unwrap();
        let dates: Vec<_> = check_in_schedule(signed)
            .iter()
            .map(|(months, due)| (*months, due.to_string()))
            .collect();
        assert_eq!(
            dates,
            [
                (3, "2028-02-29".to_owned()),
                (6, "2028-05-30".to_owned()),
                (9, "2028-08-30".to_owned()),
                (12, "2028-11-30".to_owned()),
            ]
        );
    }

    #[test]
    fn only_open_agreements_past_their_due_date_are_overdue() {
        let today = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        let yesterday = today.pred_opt();
        assert!(Agreement::is_overdue(
            AgreementStatus::Open,
            yesterday,
            today
        ));
        assert!(Agreement::is_overdue(
            AgreementStatus::InProgress,
            yesterday,
            today
        ));
        assert!(!Agreement::is_overdue(
            AgreementStatus::Done,
            yesterday,
            today
        ));
        assert!(!Agreement::is_overdue(
            AgreementStatus::Dropped,
            yesterday,
            today
        ));
        assert!(!Agreement::is_overdue(
            AgreementStatus::Open,
            Some(today),
            today
        ));
        assert!(!Agreement::is_overdue(AgreementStatus::Open, None, today));
    }

    #[test]
    fn carrying_over_wins_and_otherwise_both_must_agree() {
        use ReviewDecision::*;
        assert_eq!(ReviewDecision::outcome(None, None), None);
        assert_eq!(
            ReviewDecision::outcome(Some(CarryOver), None),
            Some(CarryOver)
        );
        assert_eq!(
            ReviewDecision::outcome(Some(Done), Some(CarryOver)),
            Some(CarryOver)
        );
        assert_eq!(ReviewDecision::outcome(Some(Done), Some(Done)), Some(Done));
        assert_eq!(ReviewDecision::outcome(Some(Drop), Some(Drop)), Some(Drop));
        assert_eq!(ReviewDecision::outcome(Some(Done), Some(Drop)), None);
        assert_eq!(ReviewDecision::outcome(Some(Done), None), None);
    }

    #[test]
    fn a_completion_names_each_agreement_of_the_conversation_once() {
        let (a, b) = (AgreementId::new(), AgreementId::new());
        let entry = |id, note: &str| CheckInEntry {
            agreement_id: id,
            status: AgreementStatus::InProgress,
            note: note.into(),
        };
        let ok = CheckInCompletion {
            entries: vec![entry(a, "Godt i gang"), entry(b, "")],
        };
        assert!(ok.validate(&[a, b]).is_ok());
        let bad = CheckInCompletion {
            entries: vec![
                entry(a, ""),
                entry(a, ""),
                entry(AgreementId::new(), ""),
                entry(b, &"x".repeat(MAX_NOTE_CHARS + 1)),
            ],
        };
        let fields: Vec<_> = bad
            .validate(&[a, b])
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "entries/1/agreement_id",
                "entries/2/agreement_id",
                "entries/3/note"
            ]
        );
    }
}
