//! Preparation: each side's private answers to the form, shared when the
//! author chooses.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::Party;
use crate::error::FieldError;
use crate::forms::{Answerer, QuestionKind, TemplateContent};
use crate::ids::ConversationId;

/// Enough for a long, considered answer; bounds one autosave.
pub const MAX_ANSWER_CHARS: usize = 20_000;

/// One answer; its shape follows the question's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    /// A point on a 1–5 scale.
    #[cfg_attr(feature = "openapi", schema(value_type = ScalePoint))]
    Scale(u8),
    /// Free text, or the chosen option of a single-choice question.
    #[cfg_attr(feature = "openapi", schema(value_type = AnswerText))]
    Text(String),
    /// The chosen options of a multiple-choice question.
    Choices(Vec<String>),
}

/// A point on a 1–5 scale: how the OpenAPI document describes
/// `Answer::Scale`.
#[cfg(feature = "openapi")]
#[derive(Debug, utoipa::ToSchema)]
#[schema(minimum = 1, maximum = 5)]
pub struct ScalePoint(pub u8);

/// Free text of at most 20,000 characters (a longer one is not saved), or
/// the chosen option: how the OpenAPI document describes `Answer::Text`.
#[cfg(feature = "openapi")]
#[derive(Debug, utoipa::ToSchema)]
#[schema(max_length = 20000)]
pub struct AnswerText(pub String);

/// One side's preparation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preparation {
    pub conversation_id: ConversationId,
    pub side: Party,
    /// By question key.
    pub answers: BTreeMap<String, Answer>,
    /// 0 before the first save; every save adds one.
    pub version: u32,
    /// When the author shared it with the other side; absent while private.
    pub shared_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// In the answer to a save: the answers that were not saved because
    /// they are too long (field `answers/<key>`, with the limit). Each
    /// keeps the text saved before; every other answer was saved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_saved: Vec<FieldError>,
}

/// Body of `PUT …/preparations/{side}`: all answers, and the version they
/// were edited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreparationWrite {
    pub version: u32,
    pub answers: BTreeMap<String, Answer>,
}

/// How long `text` is, as [`MAX_ANSWER_CHARS`] counts it: in characters.
pub fn answer_length(text: &str) -> usize {
    text.chars().count()
}

/// The answers longer than [`MAX_ANSWER_CHARS`]. Such an answer is refused
/// alone: one answer that ran long must not stop the rest of a
/// preparation from being saved while its author types.
pub fn over_long_answers(answers: &BTreeMap<String, Answer>) -> Vec<FieldError> {
    answers
        .iter()
        .filter_map(|(key, answer)| match answer {
            Answer::Text(text) if answer_length(text) > MAX_ANSWER_CHARS => Some(FieldError::new(
                format!("answers/{key}"),
                format!(
                    "at most {MAX_ANSWER_CHARS} characters; this answer has {}",
                    answer_length(text)
                ),
            )),
            _ => None,
        })
        .collect()
}

/// The answers as saved when some are too long (`not_saved`, from
/// [`over_long_answers`]): each of those keeps the text saved `before`, or
/// stays unanswered; every other answer is saved as written.
pub fn keep_earlier_answers(
    answers: &mut BTreeMap<String, Answer>,
    before: &BTreeMap<String, Answer>,
    not_saved: &[FieldError],
) {
    for refused in not_saved {
        let key = refused.field.strip_prefix("answers/").unwrap_or_default();
        match before.get(key) {
            Some(answer) => answers.insert(key.to_owned(), answer.clone()),
            None => answers.remove(key),
        };
    }
}

/// Checks `answers` against the form, for the side answering: unknown keys,
/// questions for the other side and answers of the wrong shape are refused.
pub fn validate_answers(
    form: &TemplateContent,
    side: Party,
    answers: &BTreeMap<String, Answer>,
) -> Result<(), Vec<FieldError>> {
    let questions: BTreeMap<&str, _> = form
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .map(|q| (q.key.as_str(), q))
        .collect();
    let mut errors = Vec::new();
    for (key, answer) in answers {
        let field = format!("answers/{key}");
        let Some(question) = questions.get(key.as_str()) else {
            errors.push(FieldError::new(field, "the form has no such question"));
            continue;
        };
        if !question.answered_by.asks(side) {
            errors.push(FieldError::new(
                field,
                "this question is for the other side",
            ));
            continue;
        }
        let fits = match (&question.kind, answer) {
            (QuestionKind::Text, Answer::Text(text)) => text.chars().count() <= MAX_ANSWER_CHARS,
            (QuestionKind::Scale { .. }, Answer::Scale(point)) => (1..=5).contains(point),
            (QuestionKind::SingleChoice { options }, Answer::Text(choice)) => {
                options.contains(choice)
            }
            (QuestionKind::MultipleChoice { options }, Answer::Choices(chosen)) => {
                let mut distinct = chosen.clone();
                distinct.sort();
                distinct.dedup();
                distinct.len() == chosen.len() && chosen.iter().all(|c| options.contains(c))
            }
            _ => false,
        };
        if !fits {
            errors.push(FieldError::new(
                field,
                match &question.kind {
                    QuestionKind::Text => {
                        format!("a text of at most {MAX_ANSWER_CHARS} characters")
                    }
                    QuestionKind::Scale { .. } => "a whole number from 1 to 5".to_owned(),
                    QuestionKind::SingleChoice { .. } => "one of the question's options".to_owned(),
                    QuestionKind::MultipleChoice { .. } => {
                        "a list of different options of the question".to_owned()
                    }
                },
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{Language, Question, Section};

    fn form() -> TemplateContent {
        let q = |key: &str, kind, answered_by| Question {
            key: key.into(),
            prompt: "?".into(),
            help: None,
            kind,
            answered_by,
            required: false,
        };
        TemplateContent {
            name: "MUS".into(),
            language: Language::Da,
            description: String::new(),
            sections: vec![Section {
                title: "A".into(),
                intro: None,
                questions: vec![
                    q("text", QuestionKind::Text, Answerer::Both),
                    q(
                        "scale",
                        QuestionKind::Scale {
                            labels: vec![String::new(); 5],
                        },
                        Answerer::Employee,
                    ),
                    q(
                        "pick",
                        QuestionKind::MultipleChoice {
                            options: vec!["a".into(), "b".into()],
                        },
                        Answerer::Both,
                    ),
                    q("manager_only", QuestionKind::Text, Answerer::Manager),
                ],
            }],
        }
    }

    #[test]
    fn answers_must_fit_their_questions_and_side() {
        let answers: BTreeMap<String, Answer> = [
            ("text".to_owned(), Answer::Text("Godt".into())),
            ("scale".to_owned(), Answer::Scale(6)),
            (
                "pick".to_owned(),
                Answer::Choices(vec!["a".into(), "c".into()]),
            ),
            ("manager_only".to_owned(), Answer::Text("x".into())),
            ("nope".to_owned(), Answer::Text("x".into())),
        ]
        .into();
        let fields: Vec<String> = validate_answers(&form(), Party::Employee, &answers)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "answers/manager_only",
                "answers/nope",
                "answers/pick",
                "answers/scale"
            ]
        );
    }

    #[test]
    fn only_the_answer_over_the_limit_is_named() {
        let answers: BTreeMap<String, Answer> = [
            (
                "text".to_owned(),
                Answer::Text("ø".repeat(MAX_ANSWER_CHARS)),
            ),
            (
                "long".to_owned(),
                Answer::Text("ø".repeat(MAX_ANSWER_CHARS + 1)),
            ),
            ("scale".to_owned(), Answer::Scale(3)),
        ]
        .into();
        let refused = over_long_answers(&answers);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].field, "answers/long");
        assert!(
            refused[0].message.contains("20000"),
            "{}",
            refused[0].message
        );
    }

    #[test]
    fn answers_read_naturally_as_json() {
        let answers: BTreeMap<String, Answer> =
            serde_json::from_str(r#"{"text":"Godt","scale":4,"pick":["a"]}"#).unwrap();
        assert!(validate_answers(&form(), Party::Employee, &answers).is_ok());
    }
}

/// One question on the agenda, with each side's answer where the caller may
/// see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItem {
    pub key: String,
    pub prompt: String,
    pub answered_by: Answerer,
    /// Absent when unanswered, or not shared with the caller.
    pub employee: Option<Answer>,
    pub manager: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaSection {
    pub title: String,
    pub items: Vec<AgendaItem>,
}

/// `GET /conversations/{id}/agenda`: the form with both preparations side by
/// side, as far as each has been shared with the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agenda {
    pub conversation_id: ConversationId,
    pub employee_shared: bool,
    pub manager_shared: bool,
    pub sections: Vec<AgendaSection>,
    /// Last year's agreements that either side wants to carry over.
    #[serde(default)]
    pub carried: Vec<crate::agreements::Agreement>,
}

impl Agenda {
    /// Lays the answers over the form, question by question.
    pub fn merge(
        conversation_id: ConversationId,
        form: &TemplateContent,
        employee: Option<&BTreeMap<String, Answer>>,
        manager: Option<&BTreeMap<String, Answer>>,
        shared: (bool, bool),
    ) -> Agenda {
        let answer = |side: Option<&BTreeMap<String, Answer>>, key: &str| {
            side.and_then(|a| a.get(key)).cloned()
        };
        Agenda {
            conversation_id,
            employee_shared: shared.0,
            manager_shared: shared.1,
            carried: Vec::new(),
            sections: form
                .sections
                .iter()
                .map(|section| AgendaSection {
                    title: section.title.clone(),
                    items: section
                        .questions
                        .iter()
                        .map(|q| AgendaItem {
                            key: q.key.clone(),
                            prompt: q.prompt.clone(),
                            answered_by: q.answered_by,
                            employee: answer(employee, &q.key),
                            manager: answer(manager, &q.key),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
