//! The two forms that ship with MUS, each written once with its Danish and
//! English wording side by side, so the languages cannot drift apart.

use mus_domain::{Answerer, Language, Question, QuestionKind, Section, TemplateContent};

/// Wording in both languages: (Danish, English).
type Both = (&'static str, &'static str);

#[derive(Debug)]
enum Kind {
    Text,
    Scale([Both; 5]),
    Choices(&'static [Both]),
}

#[derive(Debug)]
struct Q {
    key: &'static str,
    prompt: Both,
    kind: Kind,
    by: Answerer,
}

#[derive(Debug)]
struct S {
    title: Both,
    intro: Both,
    questions: &'static [Q],
}

#[derive(Debug)]
pub struct Shipped {
    pub key: &'static str,
    name: Both,
    description: Both,
    sections: &'static [S],
}

const fn text(key: &'static str, prompt: Both, by: Answerer) -> Q {
    Q {
        key,
        prompt,
        kind: Kind::Text,
        by,
    }
}

const WELLBEING_SCALE: [Both; 5] = [
    ("Meget dårligt", "Very poorly"),
    ("Dårligt", "Poorly"),
    ("Nogenlunde", "Fairly well"),
    ("Godt", "Well"),
    ("Rigtig godt", "Very well"),
];

const WISHES: &[Both] = &[
    ("Nye opgaver eller projekter", "New tasks or projects"),
    ("Andre måder at arbejde på", "Other ways of working"),
    ("Nye samarbejdspartnere", "New collaborators"),
    (
        "Rotation i organisationen",
        "Rotation within the organisation",
    ),
    (
        "Kurser eller efteruddannelse",
        "Courses or further education",
    ),
];

use Answerer::{Both as Each, Employee, Manager};

pub const CLASSIC: Shipped = Shipped {
    key: "classic",
    name: ("Klassisk MUS", "Classic development conversation"),
    description: (
        "Den klassiske medarbejderudviklingssamtale: tilbageblik, opgaver, samarbejde, trivsel, udvikling og fremtid.",
        "The classic development conversation: looking back, tasks, collaboration, well-being, development and the future.",
    ),
    sections: &[
        S {
            title: ("Tilbageblik", "Looking back"),
            intro: (
                "Sidste års aftaler vises over skemaet, hvis der er nogen.",
                "Last year's agreements are shown above the form, if there are any.",
            ),
            questions: &[
                text(
                    "year_highlights",
                    (
                        "Hvad er gået godt i det forløbne år, og hvad er du stolt af?",
                        "What went well over the past year, and what are you proud of?",
                    ),
                    Each,
                ),
                text(
                    "year_difficulties",
                    (
                        "Hvad har været svært, og hvad lærte du af det?",
                        "What was difficult, and what did you learn from it?",
                    ),
                    Each,
                ),
            ],
        },
        S {
            title: ("Opgaver og ansvar", "Tasks and responsibilities"),
            intro: ("", ""),
            questions: &[
                text(
                    "tasks_now",
                    (
                        "Hvilke opgaver fylder mest, og hvilke giver mest mening?",
                        "Which tasks take up most of your time, and which make most sense to you?",
                    ),
                    Each,
                ),
                text(
                    "tasks_future",
                    (
                        "Hvilke opgaver og hvilket ansvar ønsker du dig det næste år?",
                        "Which tasks and responsibilities would you like in the coming year?",
                    ),
                    Each,
                ),
            ],
        },
        S {
            title: ("Samarbejde", "Collaboration"),
            intro: ("", ""),
            questions: &[
                text(
                    "collaboration_colleagues",
                    (
                        "Hvordan fungerer samarbejdet med dine kolleger og på tværs af organisationen?",
                        "How does collaboration with your colleagues and across the organisation work?",
                    ),
                    Each,
                ),
                text(
                    "collaboration_manager",
                    (
                        "Hvordan fungerer samarbejdet mellem os to?",
                        "How does the collaboration between the two of us work?",
                    ),
                    Each,
                ),
            ],
        },
        S {
            title: ("Trivsel og motivation", "Well-being and motivation"),
            intro: ("", ""),
            questions: &[
                Q {
                    key: "wellbeing_scale",
                    prompt: (
                        "Hvordan trives du i dit arbejde lige nu?",
                        "How are you doing at work right now?",
                    ),
                    kind: Kind::Scale(WELLBEING_SCALE),
                    by: Employee,
                },
                text(
                    "motivation",
                    (
                        "Hvad giver dig energi i arbejdet, og hvad dræner dig?",
                        "What gives you energy at work, and what drains you?",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Kompetenceudvikling", "Competence development"),
            intro: (
                "Faglig, personlig og social udvikling, kurser og efteruddannelse.",
                "Professional, personal and social development, courses and further education.",
            ),
            questions: &[
                text(
                    "development_needs",
                    (
                        "Hvilke kompetencer vil du gerne udvikle, og hvorfor?",
                        "Which skills would you like to develop, and why?",
                    ),
                    Each,
                ),
                text(
                    "courses",
                    (
                        "Er der kurser eller efteruddannelse, du ønsker dig?",
                        "Are there courses or further education you would like?",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Ønsker om forandring", "Wishes for change"),
            intro: ("", ""),
            questions: &[
                Q {
                    key: "change_wishes",
                    prompt: (
                        "Hvad kunne du tænke dig at ændre på?",
                        "What would you like to change?",
                    ),
                    kind: Kind::Choices(WISHES),
                    by: Employee,
                },
                text(
                    "change_details",
                    (
                        "Fortæl mere om dine ønsker.",
                        "Tell us more about your wishes.",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Karriere og fremtid", "Career and the future"),
            intro: ("", ""),
            questions: &[
                text(
                    "future",
                    (
                        "Hvor ser du dig selv om et par år?",
                        "Where do you see yourself in a few years?",
                    ),
                    Employee,
                ),
                text(
                    "strategy_fit",
                    (
                        "Hvordan hænger dine opgaver sammen med arbejdspladsens mål?",
                        "How do your tasks fit the workplace's goals?",
                    ),
                    Each,
                ),
            ],
        },
        S {
            title: ("Styrker", "Strengths"),
            intro: ("", ""),
            questions: &[
                text(
                    "strengths_own",
                    ("Hvad er dine styrker?", "What are your strengths?"),
                    Employee,
                ),
                text(
                    "strengths_seen",
                    (
                        "Hvilke styrker ser du hos medarbejderen?",
                        "Which strengths do you see in the employee?",
                    ),
                    Manager,
                ),
            ],
        },
        S {
            title: ("Feedback til lederen", "Feedback to the manager"),
            intro: ("", ""),
            questions: &[text(
                "feedback_to_manager",
                (
                    "Hvad kan din leder gøre mere af, mindre af eller anderledes?",
                    "What could your manager do more of, less of or differently?",
                ),
                Employee,
            )],
        },
        S {
            title: ("Andet", "Other matters"),
            intro: ("", ""),
            questions: &[text(
                "other",
                (
                    "Er der andet, du vil tage op?",
                    "Is there anything else you want to raise?",
                ),
                Each,
            )],
        },
    ],
};

pub const APPRECIATIVE: Shipped = Shipped {
    key: "appreciative",
    name: ("Anerkendende MUS", "Appreciative development conversation"),
    description: (
        "En samtale der tager udgangspunkt i succeser, styrker og det, der giver energi.",
        "A conversation that starts from successes, strengths and what gives energy.",
    ),
    sections: &[
        S {
            title: ("Opdag: det der virker", "Discover: what works"),
            intro: ("", ""),
            questions: &[
                text(
                    "success",
                    (
                        "Fortæl om en succes fra det forløbne år. Hvad gjorde den mulig?",
                        "Tell us about a success from the past year. What made it possible?",
                    ),
                    Each,
                ),
                text(
                    "energy",
                    (
                        "Hvornår har du mest energi i dit arbejde?",
                        "When do you have the most energy at work?",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Styrker", "Strengths"),
            intro: ("", ""),
            questions: &[
                text(
                    "strengths_own",
                    (
                        "Hvilke af dine styrker kom mest i spil?",
                        "Which of your strengths came into play the most?",
                    ),
                    Employee,
                ),
                text(
                    "strengths_seen",
                    (
                        "Hvilke styrker har du set hos medarbejderen?",
                        "Which strengths have you seen in the employee?",
                    ),
                    Manager,
                ),
            ],
        },
        S {
            title: ("Drøm: om et år", "Dream: a year from now"),
            intro: ("", ""),
            questions: &[text(
                "dream",
                (
                    "Forestil dig, at det næste år er gået rigtig godt. Hvad er sket?",
                    "Imagine the next year went really well. What happened?",
                ),
                Each,
            )],
        },
        S {
            title: ("Design: vejen dertil", "Design: the way there"),
            intro: ("", ""),
            questions: &[
                text(
                    "design",
                    (
                        "Hvilke styrker og hvilken støtte bringer os derhen?",
                        "Which strengths and what support will take us there?",
                    ),
                    Each,
                ),
                text(
                    "learning",
                    (
                        "Hvad vil du gerne lære undervejs?",
                        "What would you like to learn along the way?",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Handling: første skridt", "Destiny: the first step"),
            intro: ("", ""),
            questions: &[text(
                "first_step",
                (
                    "Hvad er det første konkrete skridt?",
                    "What is the first concrete step?",
                ),
                Each,
            )],
        },
    ],
};

pub const ALL: [&Shipped; 2] = [&CLASSIC, &APPRECIATIVE];

impl Shipped {
    /// The form in one language.
    pub fn content(&self, language: Language) -> TemplateContent {
        let pick = |both: Both| match language {
            Language::Da => both.0.to_owned(),
            Language::En => both.1.to_owned(),
        };
        TemplateContent {
            name: pick(self.name),
            language,
            description: pick(self.description),
            sections: self
                .sections
                .iter()
                .map(|s| Section {
                    title: pick(s.title),
                    intro: Some(pick(s.intro)).filter(|i| !i.is_empty()),
                    questions: s
                        .questions
                        .iter()
                        .map(|q| Question {
                            key: q.key.to_owned(),
                            prompt: pick(q.prompt),
                            help: None,
                            kind: match q.kind {
                                Kind::Text => QuestionKind::Text,
                                Kind::Scale(labels) => QuestionKind::Scale {
                                    labels: labels.into_iter().map(pick).collect(),
                                },
                                Kind::Choices(options) => QuestionKind::MultipleChoice {
                                    options: options.iter().copied().map(pick).collect(),
                                },
                            },
                            answered_by: q.by,
                            required: false,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_forms_are_valid_and_short_in_both_languages() {
        for form in ALL {
            for language in [Language::Da, Language::En] {
                let content = form.content(language);
                assert_eq!(content.validate(), Ok(()), "{} {language:?}", form.key);
                assert!(content.question_count() <= 20, "{} is short", form.key);
            }
        }
    }
}
