//! Question forms (templates): what both sides prepare from. A form has
//! sections of questions; each question says who answers it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::Party;
use crate::error::FieldError;
use crate::ids::TemplateId;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
pub const MAX_SECTIONS: usize = 30;
pub const MAX_QUESTIONS_PER_SECTION: usize = 40;
/// Long forms are the classic complaint about MUS; this is generous.
pub const MAX_QUESTIONS: usize = 150;
pub const MAX_PROMPT_CHARS: usize = 1_000;
pub const MAX_LABEL_CHARS: usize = 100;
pub const MAX_OPTIONS: usize = 20;

/// The language a form is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Da,
    En,
}

impl Language {
    /// `da` or `en`, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Language> {
        [Language::Da, Language::En]
            .into_iter()
            .find(|language| language.as_str() == code)
    }
}

/// The approach a form takes. The shipped forms are `classic` and
/// `appreciative`, and their copies and versions keep that; a form HR
/// writes from scratch is `custom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Looking back, tasks, collaboration, well-being, development, the future.
    Classic,
    /// Starts from successes and strengths: discover, dream, design, destiny.
    Appreciative,
    /// For a group conversation (GRUS): questions for the team together.
    Group,
    Custom,
}

/// Who answers a question when preparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Answerer {
    Employee,
    Manager,
    Both,
}

impl Answerer {
    /// Whether the party preparing on `side` answers the question.
    pub fn asks(self, side: Party) -> bool {
        matches!(
            (self, side),
            (Answerer::Both, _)
                | (Answerer::Employee, Party::Employee)
                | (Answerer::Manager, Party::Manager)
        )
    }
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Free text.
    Text,
    /// A point from 1 to 5; `labels` names the points from 1 up (five labels,
    /// any of them may be empty).
    Scale { labels: Vec<String> },
    /// One of the options.
    SingleChoice { options: Vec<String> },
    /// Any number of the options.
    MultipleChoice { options: Vec<String> },
}

/// One question. In the OpenAPI document it is a `oneOf` of one object per
/// kind (`TextQuestion`, `ScaleQuestion`, …), told apart by `kind`: the same
/// JSON, described so that every client generator takes it (the module
/// `schema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the form: answers refer to it. Letters, digits, `_`, `-`.
    pub key: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(flatten)]
    pub kind: QuestionKind,
    pub answered_by: Answerer,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Trivsel og motivation", min_length = 1, max_length = 200)
    )]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub intro: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 40))]
    pub questions: Vec<Question>,
}

/// What a form says: the body of `POST /templates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateContent {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "MUS 2027 – Teknik og Miljø",
            min_length = 1,
            max_length = 200
        )
    )]
    pub name: String,
    pub language: Language,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: String,
    /// At most 150 questions in all.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 30))]
    pub sections: Vec<Section>,
}

/// Body of `PUT /templates/{id}`: the whole new content and the version it
/// was edited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateUpdate {
    /// The `version` the edit started from; a stale one gets 409.
    pub version: u32,
    #[serde(flatten)]
    pub content: TemplateContent,
}

/// A form as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    pub id: TemplateId,
    /// Shared by every version of the same form.
    pub family_id: TemplateId,
    pub version: u32,
    /// In use by a round: it no longer changes; an edit makes the next version.
    pub frozen: bool,
    pub kind: FormKind,
    /// Set on the newest version of the forms that ship with MUS
    /// (`classic`, `appreciative`), in each language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub content: TemplateContent,
}

/// The OpenAPI description of [`Question`]: one object per kind, each with
/// the fields every question has. Only the description: the server reads
/// and writes [`Question`].
#[cfg(feature = "openapi")]
pub mod schema {
    use serde::{Deserialize, Serialize};
    use utoipa::openapi::schema::{Discriminator, OneOfBuilder, Schema};
    use utoipa::openapi::{Ref, RefOr};
    use utoipa::{PartialSchema, ToSchema};

    use super::Answerer;

    macro_rules! question {
        ($(#[$doc:meta])* $name:ident, $kind:ident, $tag:ident { $($(#[$field_attr:meta])* $field:ident: $ty:ty,)* }) => {
            /// The one value of `kind` for this kind of question.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
            #[serde(rename_all = "snake_case")]
            pub enum $kind {
                $tag,
            }

            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $name {
                #[schema(inline)]
                pub kind: $kind,
                /// Stable within the form: answers refer to it. Letters, digits, `_`, `-`.
                #[schema(
                    example = "wellbeing_scale",
                    min_length = 1,
                    max_length = 60,
                    pattern = "^[A-Za-z0-9_-]+$"
                )]
                pub key: String,
                #[schema(
                    example = "Hvordan trives du i dit arbejde?",
                    min_length = 1,
                    max_length = 1000
                )]
                pub prompt: String,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[schema(max_length = 1000)]
                pub help: Option<String>,
                pub answered_by: Answerer,
                /// Whether the question must be answered; absent: `false`.
                #[serde(default)]
                pub required: bool,
                $($(#[$field_attr])* pub $field: $ty,)*
            }
        };
    }

    question!(
        /// A question answered in free text.
        TextQuestion, TextKind, Text {}
    );
    question!(
        /// A question answered with a point from 1 to 5.
        ScaleQuestion, ScaleKind, Scale {
            /// Names the points from 1 up: five labels, any of them may be
            /// empty, each at most 100 characters.
            #[schema(min_items = 5, max_items = 5)]
            labels: Vec<String>,
        }
    );
    question!(
        /// A question answered with one of its options.
        SingleChoiceQuestion, SingleChoiceKind, SingleChoice {
            /// 2 to 20 different, non-empty options of at most 100 characters.
            #[schema(min_items = 2, max_items = 20)]
            options: Vec<String>,
        }
    );
    question!(
        /// A question answered with any number of its options.
        MultipleChoiceQuestion, MultipleChoiceKind, MultipleChoice {
            /// 2 to 20 different, non-empty options of at most 100 characters.
            #[schema(min_items = 2, max_items = 20)]
            options: Vec<String>,
        }
    );

    /// Each kind with its schema's name.
    fn kinds() -> [(&'static str, String); 4] {
        [
            ("text", TextQuestion::name().into_owned()),
            ("scale", ScaleQuestion::name().into_owned()),
            ("single_choice", SingleChoiceQuestion::name().into_owned()),
            (
                "multiple_choice",
                MultipleChoiceQuestion::name().into_owned(),
            ),
        ]
    }

    impl PartialSchema for super::Question {
        fn schema() -> RefOr<Schema> {
            let mut discriminator = Discriminator::new("kind");
            let mut one_of = OneOfBuilder::new().description(Some(
                "One question of a form; `kind` says how it is answered and which \
                 fields it has besides those every question has.",
            ));
            for (kind, name) in kinds() {
                let reference = Ref::from_schema_name(name.as_str());
                discriminator
                    .mapping
                    .insert(kind.to_owned(), reference.ref_location.clone());
                one_of = one_of.item(reference);
            }
            Schema::OneOf(one_of.discriminator(Some(discriminator)).build()).into()
        }
    }

    impl ToSchema for super::Question {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.extend([
                (TextQuestion::name().into_owned(), TextQuestion::schema()),
                (ScaleQuestion::name().into_owned(), ScaleQuestion::schema()),
                (
                    SingleChoiceQuestion::name().into_owned(),
                    SingleChoiceQuestion::schema(),
                ),
                (
                    MultipleChoiceQuestion::name().into_owned(),
                    MultipleChoiceQuestion::schema(),
                ),
            ]);
            <Answerer as ToSchema>::schemas(schemas);
            schemas.push((Answerer::name().into_owned(), Answerer::schema()));
        }
    }
}

impl TemplateContent {
    /// Every problem at once, each with the path of the field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let check_len =
            |errors: &mut Vec<FieldError>, field: String, value: &str, min: usize, max: usize| {
                let n = value.trim().chars().count();
                if n < min || value.chars().count() > max {
                    errors.push(FieldError::new(field, format!("{min} to {max} characters")));
                }
            };
        check_len(&mut errors, "name".into(), &self.name, 1, MAX_NAME_CHARS);
        check_len(
            &mut errors,
            "description".into(),
            &self.description,
            0,
            MAX_DESCRIPTION_CHARS,
        );
        for (s, section) in self.sections.iter().enumerate() {
            check_len(
                &mut errors,
                format!("sections/{s}/title"),
                &section.title,
                1,
                MAX_NAME_CHARS,
            );
            if let Some(intro) = &section.intro {
                check_len(
                    &mut errors,
                    format!("sections/{s}/intro"),
                    intro,
                    0,
                    MAX_DESCRIPTION_CHARS,
                );
            }
            for (q, question) in section.questions.iter().enumerate() {
                let at = format!("sections/{s}/questions/{q}");
                check_len(
                    &mut errors,
                    format!("{at}/prompt"),
                    &question.prompt,
                    1,
                    MAX_PROMPT_CHARS,
                );
                if let Some(help) = &question.help {
                    check_len(&mut errors, format!("{at}/help"), help, 0, MAX_PROMPT_CHARS);
                }
                match &question.kind {
                    QuestionKind::Text => {}
                    QuestionKind::Scale { labels } => {
                        if labels.len() != 5 {
                            errors.push(FieldError::new(
                                format!("{at}/labels"),
                                "a 1–5 scale has five labels",
                            ));
                        }
                        for (l, label) in labels.iter().enumerate() {
                            check_len(
                                &mut errors,
                                format!("{at}/labels/{l}"),
                                label,
                                0,
                                MAX_LABEL_CHARS,
                            );
                        }
                    }
                    QuestionKind::SingleChoice { options }
                    | QuestionKind::MultipleChoice { options } => {
                        let mut distinct: Vec<&str> = options.iter().map(|o| o.trim()).collect();
                        distinct.sort_unstable();
                        distinct.dedup();
                        let well_formed = (2..=MAX_OPTIONS).contains(&options.len())
                            && distinct.len() == options.len()
                            // Blank options are refused after trimming, but the
                            // length bound holds for the text as stored.
                            && options.iter().all(|o| {
                                !o.trim().is_empty() && o.chars().count() <= MAX_LABEL_CHARS
                            });
                        if !well_formed {
                            errors.push(FieldError::new(
                                format!("{at}/options"),
                                format!("2 to {MAX_OPTIONS} different, non-empty options of at most {MAX_LABEL_CHARS} characters"),
                            ));
                        }
                    }
                }
            }
        }
        if self.sections.is_empty() || self.sections.len() > MAX_SECTIONS {
            errors.push(FieldError::new(
                "sections",
                format!("1 to {MAX_SECTIONS} sections"),
            ));
        }
        let mut keys = std::collections::HashSet::new();
        let mut total = 0;
        for (s, section) in self.sections.iter().enumerate() {
            if section.questions.is_empty() || section.questions.len() > MAX_QUESTIONS_PER_SECTION {
                errors.push(FieldError::new(
                    format!("sections/{s}/questions"),
                    format!("1 to {MAX_QUESTIONS_PER_SECTION} questions"),
                ));
            }
            for (q, question) in section.questions.iter().enumerate() {
                total += 1;
                let key_ok = !question.key.is_empty()
                    && question.key.len() <= 60
                    && question
                        .key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !key_ok {
                    errors.push(FieldError::new(
                        format!("sections/{s}/questions/{q}/key"),
                        "1 to 60 letters, digits, _ or -",
                    ));
                } else if !keys.insert(question.key.as_str()) {
                    errors.push(FieldError::new(
                        format!("sections/{s}/questions/{q}/key"),
                        format!("the key {} is used twice", question.key),
                    ));
                }
            }
        }
        if total > MAX_QUESTIONS {
            errors.push(FieldError::new(
                "sections",
                format!("at most {MAX_QUESTIONS} questions in all"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// How many questions the form asks.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(key: &str, kind: QuestionKind) -> Question {
        Question {
            key: key.into(),
            prompt: "Hvordan går det?".into(),
            help: None,
            kind,
            answered_by: Answerer::Both,
            required: false,
        }
    }

    fn form(questions: Vec<Question>) -> TemplateContent {
        TemplateContent {
            name: "MUS".into(),
            language: Language::Da,
            description: String::new(),
            sections: vec![Section {
                title: "Trivsel".into(),
                intro: None,
                questions,
            }],
        }
    }

    fn fields(content: &TemplateContent) -> Vec<String> {
        content
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_good_form_passes() {
        let scale = QuestionKind::Scale {
            labels: vec![
                "Dårligt".into(),
                String::new(),
                String::new(),
                String::new(),
                "Godt".into(),
            ],
        };
        let choice = QuestionKind::MultipleChoice {
            options: vec!["Kursus".into(), "Rotation".into()],
        };
        assert!(
            form(vec![
                question("a", QuestionKind::Text),
                question("b", scale),
                question("c", choice)
            ])
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn every_problem_is_named_by_its_path() {
        let mut content = form(vec![
            question(
                "same",
                QuestionKind::SingleChoice {
                    options: vec!["Ja".into(), "Ja".into()],
                },
            ),
            question("same", QuestionKind::Scale { labels: vec![] }),
            question("bad key!", QuestionKind::Text),
        ]);
        content.name = " ".into();
        assert_eq!(
            fields(&content),
            [
                "name",
                "sections/0/questions/0/options",
                "sections/0/questions/1/labels",
                "sections/0/questions/1/key",
                "sections/0/questions/2/key",
            ]
        );
    }

    #[test]
    fn empty_and_overlong_forms_are_refused() {
        assert_eq!(fields(&form(vec![])), ["sections/0/questions"]);
        let many = (0..41)
            .map(|i| question(&format!("q{i}"), QuestionKind::Text))
            .collect();
        assert_eq!(fields(&form(many)), ["sections/0/questions"]);
    }

    #[test]
    fn long_forms_are_refused_whatever_their_shape() {
        let section = |s: usize| Section {
            title: format!("Afsnit {s}"),
            intro: None,
            questions: (0..40)
                .map(|q| question(&format!("s{s}q{q}"), QuestionKind::Text))
                .collect(),
        };
        let mut content = form(vec![]);
        content.sections = (0..4).map(section).collect();
        assert_eq!(fields(&content), ["sections"]);

        content.sections = (0..31)
            .map(|s| Section {
                questions: vec![question(&format!("q{s}"), QuestionKind::Text)],
                ..section(s)
            })
            .collect();
        assert_eq!(fields(&content), ["sections"]);
        content.sections.clear();
        assert_eq!(fields(&content), ["sections"]);
    }

    #[test]
    fn texts_are_bounded() {
        let mut long_label = vec![String::new(); 5];
        long_label[4] = "x".repeat(MAX_LABEL_CHARS + 1);
        let mut content = form(vec![
            question("a", QuestionKind::Scale { labels: long_label }),
            question("b", QuestionKind::Text),
        ]);
        content.name = "n".repeat(MAX_NAME_CHARS + 1);
        content.sections[0].questions[1].prompt = "p".repeat(MAX_PROMPT_CHARS + 1);
        content.sections[0].title = String::new();
        assert_eq!(
            fields(&content),
            [
                "name",
                "sections/0/title",
                "sections/0/questions/0/labels/4",
                "sections/0/questions/1/prompt",
            ]
        );
        // Characters, not bytes: Danish letters count once.
        content = form(vec![question("a", QuestionKind::Text)]);
        content.name = "æ".repeat(MAX_NAME_CHARS);
        assert!(content.validate().is_ok());
    }

    #[test]
    fn choices_need_two_to_twenty_different_options() {
        let choice = |options: Vec<&str>| {
            form(vec![question(
                "a",
                QuestionKind::MultipleChoice {
                    options: options.into_iter().map(String::from).collect(),
                },
            )])
        };
        let twenty_one: Vec<String> = (0..21).map(|i| format!("Mulighed {i}")).collect();
        // Within the bound once trimmed, but stored with the spaces around it.
        let padded = format!("  {}  ", "x".repeat(MAX_LABEL_CHARS));
        for bad in [
            choice(vec!["Ja"]),
            choice(vec!["Ja", " "]),
            choice(vec!["Ja", " Ja "]),
            choice(vec!["Ja", &padded]),
            choice(twenty_one.iter().map(String::as_str).collect()),
        ] {
            assert_eq!(fields(&bad), ["sections/0/questions/0/options"]);
        }
        assert!(choice(vec!["Ja", "Nej"]).validate().is_ok());
    }

    #[test]
    fn a_form_reads_back_from_json_with_defaults() {
        let json = r#"{"name":"MUS","language":"en","sections":[{"title":"Well-being",
            "questions":[{"key":"a","prompt":"How are you?","kind":"text","answered_by":"both"}]}]}"#;
        let content: TemplateContent = serde_json::from_str(json).unwrap();
        assert_eq!(content.description, "");
        assert!(!content.sections[0].questions[0].required);
        assert!(content.validate().is_ok());
        assert_eq!(
            serde_json::to_value(FormKind::Appreciative).unwrap(),
            "appreciative"
        );
    }

    /// The OpenAPI description of a question reads every kind as it is
    /// on the wire, and nothing more (`deny_unknown_fields`).
    #[cfg(feature = "openapi")]
    #[test]
    fn the_described_question_is_the_question_on_the_wire() {
        use super::schema::*;
        fn same<T: serde::de::DeserializeOwned + Serialize>(question: &Question) {
            let json = serde_json::to_value(question).unwrap();
            let described: T = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(serde_json::to_value(described).unwrap(), json);
        }
        let mut text = question("a", QuestionKind::Text);
        text.help = Some("Tænk på det seneste år".into());
        text.required = true;
        same::<TextQuestion>(&text);
        same::<ScaleQuestion>(&question(
            "b",
            QuestionKind::Scale {
                labels: vec![String::new(); 5],
            },
        ));
        let options = vec!["x".to_owned(), "y".to_owned()];
        same::<SingleChoiceQuestion>(&question(
            "c",
            QuestionKind::SingleChoice {
                options: options.clone(),
            },
        ));
        same::<MultipleChoiceQuestion>(&question("d", QuestionKind::MultipleChoice { options }));
        assert!(
            serde_json::from_value::<TextQuestion>(
                serde_json::to_value(question("e", QuestionKind::Scale { labels: vec![] }))
                    .unwrap()
            )
            .is_err()
        );
    }

    #[test]
    fn the_kind_is_a_tag_beside_the_question() {
        let json = serde_json::to_value(question(
            "a",
            QuestionKind::SingleChoice {
                options: vec!["x".into(), "y".into()],
            },
        ))
        .unwrap();
        assert_eq!(json["kind"], "single_choice");
        assert_eq!(json["options"][1], "y");
    }
}
