//! The summary ("referat") of a held conversation: what was agreed, decided
//! and said, and the signatures that make it binding.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::agreements::{AgreementCategory, AgreementOwner};
use crate::conversation::{ContentHash, Party, SeenNotAgreed, SummaryVersion};
use crate::error::FieldError;
use crate::ids::{AgreementId, ConversationId, UserId};

/// At most this many agreements in one summary: a conversation that agrees
/// on more has agreed on nothing in particular.
pub const MAX_AGREEMENTS: usize = 30;
/// The title of an agreement, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Each longer text of the summary, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// What the summary says. Its SHA-256 (over the JSON the server stores) is
/// the content hash a signature names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SummaryContent {
    /// What each side will do, in the order they were written.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, max_items = 30))]
    pub agreements: Vec<AgreementDraft>,
    /// Decisions made in the meeting that are not agreements to follow up.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Anne bliver superbruger på det nye sagssystem fra 1. april."
        )
    )]
    pub decisions: String,
    /// The manager's assessment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required))]
    pub assessment: Assessment,
    /// The employee's feedback to the manager. Only the employee writes it.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Tak for klar sparring; jeg vil gerne høres tidligere i prioriteringen."
        )
    )]
    pub employee_feedback: String,
}

/// The manager's assessment ("lederens vurdering").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Stabil og grundig; leverer til tiden."
        )
    )]
    pub performance: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Overblik og god borgerkontakt."
        )
    )]
    pub strengths: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "At sige fra, når opgaverne hober sig op."
        )
    )]
    pub areas_to_develop: String,
}

/// One agreement as written in the summary. Once both have signed, it is
/// followed up under its `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementDraft {
    /// Absent for a new agreement: the server assigns one on save. Keep it
    /// when editing, so follow-up stays attached to the same agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<AgreementId>,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, example = "Kursus i projektledelse")
    )]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            max_length = 10000,
            example = "Diplommodul i projektledelse, forår 2027."
        )
    )]
    pub description: String,
    pub owner: AgreementOwner,
    pub category: AgreementCategory,
    /// By when; must lie within three years of the round's meeting window.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// The agreement of an earlier summary this one carries over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<AgreementId>,
}

/// The earliest and latest due date an agreement may have: from the first
/// day of the round's meetings to three years after the last.
pub fn due_window(meetings_from: NaiveDate, meetings_until: NaiveDate) -> (NaiveDate, NaiveDate) {
    let until = meetings_until
        .checked_add_months(chrono::Months::new(36))
        .unwrap_or(meetings_until);
    (meetings_from, until)
}

/// An agreement as a summary writes it: the individual summary's
/// [`AgreementDraft`] and the group summary's team agreement are checked
/// alike ([`agreement_issues`]).
pub trait DraftedAgreement {
    fn title(&self) -> &str;
    fn description(&self) -> &str;
    fn due_on(&self) -> Option<NaiveDate>;
    /// The id it is followed up under, once it has one.
    fn followed_as(&self) -> Option<uuid::Uuid>;
}

impl DraftedAgreement for AgreementDraft {
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

/// What is wrong with a summary's agreements, under `prefix`
/// (`agreements/0/title`, …): lengths first, then a missing title and a due
/// date outside `due_window` per agreement, then too many, then one twice.
pub fn agreement_issues<A: DraftedAgreement>(
    prefix: &str,
    agreements: &[A],
    due_window: (NaiveDate, NaiveDate),
) -> Vec<(String, SummaryIssue)> {
    let mut issues = Vec::new();
    for (i, agreement) in agreements.iter().enumerate() {
        for (field, value, max) in [
            ("title", agreement.title(), MAX_TITLE_CHARS),
            ("description", agreement.description(), MAX_TEXT_CHARS),
        ] {
            if value.chars().count() > max {
                issues.push((
                    format!("{prefix}/{i}/{field}"),
                    SummaryIssue::TooLong { max },
                ));
            }
        }
    }
    for (i, agreement) in agreements.iter().enumerate() {
        if agreement.title().trim().is_empty() {
            issues.push((format!("{prefix}/{i}/title"), SummaryIssue::TitleMissing));
        }
        if let Some(due) = agreement.due_on()
            && !(due_window.0..=due_window.1).contains(&due)
        {
            issues.push((
                format!("{prefix}/{i}/due_on"),
                SummaryIssue::DueOutside {
                    from: due_window.0,
                    until: due_window.1,
                },
            ));
        }
    }
    if agreements.len() > MAX_AGREEMENTS {
        issues.push((
            prefix.to_owned(),
            SummaryIssue::TooManyAgreements {
                max: MAX_AGREEMENTS,
            },
        ));
    }
    let mut ids: Vec<_> = agreements
        .iter()
        .filter_map(DraftedAgreement::followed_as)
        .collect();
    ids.sort();
    if ids.windows(2).any(|pair| pair[0] == pair[1]) {
        issues.push((prefix.to_owned(), SummaryIssue::AgreementTwice));
    }
    issues
}

/// Issues as the API's field errors, worded in English.
pub fn as_field_errors(issues: Vec<(String, SummaryIssue)>) -> Result<(), Vec<FieldError>> {
    let errors: Vec<FieldError> = issues
        .into_iter()
        .map(|(field, issue)| FieldError::new(field, issue.message()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Why one field of a summary is refused. The API words it in English
/// ([`SummaryIssue::message`]); the web app in the reader's language, next
/// to the field, from the same check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryIssue {
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// An agreement without a title.
    TitleMissing,
    /// A due date outside the round's [`due_window`].
    DueOutside { from: NaiveDate, until: NaiveDate },
    /// More agreements than a summary holds.
    TooManyAgreements { max: usize },
    /// One agreement (by id) twice.
    AgreementTwice,
}

impl SummaryIssue {
    /// The English message of the API's field error.
    pub fn message(&self) -> String {
        match self {
            SummaryIssue::TooLong { max } => format!("at most {max} characters"),
            SummaryIssue::TitleMissing => "an agreement needs a title".to_owned(),
            // A `NaiveDate` shows itself as ISO 8601 (2027-03-31).
            SummaryIssue::DueOutside { from, until } => {
                format!("a due date from {from} to {until}")
            }
            SummaryIssue::TooManyAgreements { max } => format!("at most {max} agreements"),
            SummaryIssue::AgreementTwice => "each agreement appears once".to_owned(),
        }
    }
}

impl SummaryContent {
    /// What is wrong with it, field by field (`decisions`,
    /// `agreements/0/title`, …), in the order the form shows the fields
    /// after the texts: empty when it can be saved. `due_window` is the
    /// earliest and latest due date the round allows ([`due_window`]).
    pub fn issues(&self, due_window: (NaiveDate, NaiveDate)) -> Vec<(String, SummaryIssue)> {
        let mut issues = Vec::new();
        let mut text = |field: String, value: &str, max: usize| {
            if value.chars().count() > max {
                issues.push((field, SummaryIssue::TooLong { max }));
            }
        };
        text("decisions".into(), &self.decisions, MAX_TEXT_CHARS);
        text(
            "assessment/performance".into(),
            &self.assessment.performance,
            MAX_TEXT_CHARS,
        );
        text(
            "assessment/strengths".into(),
            &self.assessment.strengths,
            MAX_TEXT_CHARS,
        );
        text(
            "assessment/areas_to_develop".into(),
            &self.assessment.areas_to_develop,
            MAX_TEXT_CHARS,
        );
        text(
            "employee_feedback".into(),
            &self.employee_feedback,
            MAX_TEXT_CHARS,
        );
        issues.extend(agreement_issues("agreements", &self.agreements, due_window));
        issues
    }

    /// [`issues`](SummaryContent::issues) as the API's field errors.
    pub fn validate(&self, due_window: (NaiveDate, NaiveDate)) -> Result<(), Vec<FieldError>> {
        as_field_errors(self.issues(due_window))
    }

    /// Whether `other` differs from this only in the employee's feedback:
    /// what an employee's edit may change.
    pub fn differs_only_in_feedback(&self, other: &SummaryContent) -> bool {
        SummaryContent {
            employee_feedback: other.employee_feedback.clone(),
            ..self.clone()
        } == *other
    }
}

/// Body of `PUT /conversations/{id}/summary`: the whole content, which
/// replaces the content saved. Every field of `content` is read as sent, so
/// a write carries the other party's part unchanged: the manager sends
/// `employee_feedback` as last read, the employee sends everything else as
/// last read and only their feedback changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SummaryWrite {
    /// The summary version being edited (1 for the first summary).
    pub version: SummaryVersion,
    /// The revision last read: 0 before the first save. A stale revision
    /// saves nothing and answers 409 `version_conflict` with the summary as
    /// it is now.
    pub revision: u32,
    /// The whole new content.
    pub content: SummaryContent,
}

/// Body of `POST /conversations/{id}/summary/sign`: the exact text the
/// signer read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    pub version: SummaryVersion,
    pub content_hash: ContentHash,
    /// Only the employee may sign as "seen, not agreed", with a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_not_agreed: Option<SeenNotAgreed>,
}

/// A signature on one version, with when it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureRecord {
    pub by: Party,
    pub signer: UserId,
    pub signed_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_not_agreed: Option<SeenNotAgreed>,
}

/// A version of the summary as its parties read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub conversation_id: ConversationId,
    pub version: SummaryVersion,
    /// 0 for a proposal nobody has saved yet (carried agreements pre-filled);
    /// every save adds one.
    pub revision: u32,
    pub content: SummaryContent,
    /// What a signature on this text must name.
    pub content_hash: ContentHash,
    /// The signatures on exactly this version and text.
    pub signatures: Vec<SignatureRecord>,
    /// Both parties signed this version: it can no longer change, only be
    /// amended by a new version.
    pub locked: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One line of `GET …/summary/versions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryVersionInfo {
    pub version: SummaryVersion,
    pub revision: u32,
    pub content_hash: ContentHash,
    pub signatures: Vec<SignatureRecord>,
    pub locked: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> (NaiveDate, NaiveDate) {
        (
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2030, 4, 30).unwrap(),
        )
    }

    fn agreement(title: &str) -> AgreementDraft {
        AgreementDraft {
            id: None,
            title: title.into(),
            description: String::new(),
            owner: AgreementOwner::Employee,
            category: AgreementCategory::CourseEducation,
            due_on: None,
            origin: None,
        }
    }

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_empty_summary_is_valid() {
        assert!(SummaryContent::default().validate(window()).is_ok());
    }

    #[test]
    fn agreements_need_a_title_of_at_most_200_characters() {
        let content = SummaryContent {
            agreements: vec![
                agreement("  "),
                agreement(&"æ".repeat(MAX_TITLE_CHARS)),
                agreement(&"ø".repeat(MAX_TITLE_CHARS + 1)),
            ],
            ..SummaryContent::default()
        };
        assert_eq!(
            fields(content.validate(window())),
            ["agreements/2/title", "agreements/0/title"]
        );
    }

    #[test]
    fn due_dates_must_lie_in_the_window() {
        let mut early = agreement("Kursus");
        early.due_on = NaiveDate::from_ymd_opt(2027, 2, 28);
        let mut first = agreement("Kursus");
        first.due_on = NaiveDate::from_ymd_opt(2027, 3, 1);
        let mut last = agreement("Kursus");
        last.due_on = NaiveDate::from_ymd_opt(2030, 4, 30);
        let mut late = agreement("Kursus");
        late.due_on = NaiveDate::from_ymd_opt(2030, 5, 1);
        let content = SummaryContent {
            agreements: vec![early, first, last, late],
            ..SummaryContent::default()
        };
        assert_eq!(
            fields(content.validate(window())),
            ["agreements/0/due_on", "agreements/3/due_on"]
        );
    }

    #[test]
    fn long_texts_too_many_agreements_and_repeated_ids_are_refused() {
        let id = AgreementId::new();
        let mut repeated = agreement("A");
        repeated.id = Some(id);
        let mut content = SummaryContent {
            agreements: vec![repeated.clone(), repeated],
            decisions: "x".repeat(MAX_TEXT_CHARS + 1),
            ..SummaryContent::default()
        };
        content.assessment.strengths = "x".repeat(MAX_TEXT_CHARS);
        assert_eq!(
            fields(content.validate(window())),
            ["decisions", "agreements"]
        );
        let content = SummaryContent {
            agreements: vec![agreement("A"); MAX_AGREEMENTS + 1],
            ..SummaryContent::default()
        };
        assert_eq!(fields(content.validate(window())), ["agreements"]);
    }

    #[test]
    fn the_employee_may_change_only_the_feedback() {
        let current = SummaryContent {
            agreements: vec![agreement("Kursus")],
            decisions: "Ny rolle".into(),
            ..SummaryContent::default()
        };
        let mut feedback = current.clone();
        feedback.employee_feedback = "Tak for en god samtale".into();
        assert!(current.differs_only_in_feedback(&feedback));
        assert!(current.differs_only_in_feedback(&current));
        let mut decisions = feedback.clone();
        decisions.decisions = "Ingen ny rolle".into();
        assert!(!current.differs_only_in_feedback(&decisions));
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_dropped() {
        let body = serde_json::json!({ "decisions": "x", "desicions": "y" });
        assert!(serde_json::from_value::<SummaryContent>(body).is_err());
        let body = serde_json::json!({ "title": "x", "owner": "ceo", "category": "other" });
        assert!(serde_json::from_value::<AgreementDraft>(body).is_err());
    }
}
