//! The two forms that ship with MUS, each written once with its Danish and
//! English wording side by side, so the languages cannot drift apart.

use mus_domain::{Answerer, FormKind, Language, Question, QuestionKind, Section, TemplateContent};

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
    pub kind: FormKind,
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
    kind: FormKind::Classic,
    name: ("Klassisk MUS", "Classic development conversation"),
    description: (
        "Den klassiske medarbejderudviklingssamtale: tilbageblik, opgaver, samarbejde, trivsel, udvikling og fremtid.",
        "The classic development conversation: looking back, tasks, collaboration, well-being, development and the future.",
    ),
    sections: &[
        S {
            title: ("Tilbageblik", "Looking back"),
            intro: (
                "Sidste års aftaler og deres status står over skemaet, hvis der er nogen.",
                "Last year's agreements and their status are shown above the form, if there are any.",
            ),
            questions: &[
                text(
                    "previous_agreements",
                    (
                        "Hvordan er det gået med sidste års aftaler, og hvad har vi lært af dem?",
                        "How did last year's agreements go, and what have we learned from them?",
                    ),
                    Each,
                ),
                text(
                    "year_highlights",
                    (
                        "Hvad er gået særligt godt i det forløbne år?",
                        "What went especially well over the past year?",
                    ),
                    Each,
                ),
                text(
                    "year_difficulties",
                    (
                        "Hvad har været svært, og hvad kan vi lære af det?",
                        "What was difficult, and what can we learn from it?",
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
                        "Hvilke opgaver fylder mest i hverdagen, og hvilke giver mest mening?",
                        "Which tasks take up most of the working day, and which make the most sense?",
                    ),
                    Each,
                ),
                text(
                    "tasks_future",
                    (
                        "Hvilke opgaver og hvilket ansvar skal fylde i det kommende år?",
                        "Which tasks and responsibilities should come first in the coming year?",
                    ),
                    Each,
                ),
            ],
        },
        S {
            title: ("Samarbejde", "Collaboration"),
            intro: (
                "Med kolleger, med lederen og på tværs af organisationen.",
                "With colleagues, with the manager and across the organisation.",
            ),
            questions: &[
                text(
                    "collaboration_colleagues",
                    (
                        "Hvordan fungerer samarbejdet med kolleger og på tværs af organisationen?",
                        "How does collaboration work with colleagues and across the organisation?",
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
                text(
                    "workload",
                    (
                        "Hvordan oplever du din arbejdsmængde og balancen mellem arbejde og fritid?",
                        "How do you find your workload and the balance between work and private life?",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: (
                "Kompetenceudvikling og uddannelse",
                "Competence development and education",
            ),
            intro: (
                "Faglig, personlig og social udvikling – også kurser og efteruddannelse.",
                "Professional, personal and social development – including courses and further education.",
            ),
            questions: &[
                text(
                    "development_needs",
                    (
                        "Hvilke kompetencer er vigtigst at udvikle i det kommende år – fagligt, personligt og socialt?",
                        "Which skills matter most to develop in the coming year – professional, personal and social?",
                    ),
                    Each,
                ),
                text(
                    "courses",
                    (
                        "Er der kurser eller efteruddannelse, du ønsker dig?",
                        "Are there courses or further education you would like to take?",
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
                        "Hvor ser du dig selv om et par år, og hvad skal der til for at komme dertil?",
                        "Where do you see yourself in a few years, and what would it take to get there?",
                    ),
                    Employee,
                ),
                text(
                    "strategy_fit",
                    (
                        "Hvordan hænger opgaverne sammen med arbejdspladsens mål og strategi?",
                        "How do the tasks fit the workplace's goals and strategy?",
                    ),
                    Each,
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
                        "Hvad kunne du tænke dig at ændre? Vælg gerne flere.",
                        "What would you like to change? Choose as many as you like.",
                    ),
                    kind: Kind::Choices(WISHES),
                    by: Employee,
                },
                text(
                    "change_details",
                    (
                        "Uddyb gerne dine ønsker.",
                        "Please describe your wishes in more detail.",
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
                        "Hvad er dine styrker, og hvordan kan de komme mere i spil?",
                        "What are your strengths, and how could they be put to more use?",
                    ),
                    Employee,
                ),
                text(
                    "strengths_seen",
                    (
                        "Hvilke styrker ser du hos din medarbejder?",
                        "Which strengths do you see in your employee?",
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
                    "Er der andet, du gerne vil tage op?",
                    "Is there anything else you would like to raise?",
                ),
                Each,
            )],
        },
    ],
};

pub const APPRECIATIVE: Shipped = Shipped {
    key: "appreciative",
    kind: FormKind::Appreciative,
    name: ("Anerkendende MUS", "Appreciative development conversation"),
    description: (
        "En samtale, der tager udgangspunkt i succeser, styrker og det, der giver energi.",
        "A conversation that starts from successes, strengths and what gives energy.",
    ),
    sections: &[
        S {
            title: ("Opdag: det, der lykkes", "Discover: what works"),
            intro: (
                "Vi begynder med det, der allerede fungerer, og hvorfor.",
                "We begin with what already works, and why.",
            ),
            questions: &[
                text(
                    "success",
                    (
                        "Fortæl om en succes fra det forløbne år. Hvad gjorde den mulig?",
                        "Describe a success from the past year. What made it possible?",
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
                        "Hvilke af dine styrker kom mest i spil i det forløbne år?",
                        "Which of your strengths came into play most over the past year?",
                    ),
                    Employee,
                ),
                text(
                    "strengths_seen",
                    (
                        "Hvilke styrker har du set hos din medarbejder?",
                        "Which strengths have you seen in your employee?",
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
                    "Forestil dig, at der er gået et år, og at det er gået rigtig godt. Hvad er der sket?",
                    "Imagine a year has passed and it has gone really well. What has happened?",
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
            title: ("Handling: det første skridt", "Destiny: the first step"),
            intro: ("", ""),
            questions: &[
                text(
                    "first_step",
                    (
                        "Hvad er det første konkrete skridt, og hvem gør hvad?",
                        "What is the first concrete step, and who does what?",
                    ),
                    Each,
                ),
                text(
                    "follow_up",
                    (
                        "Hvornår og hvordan følger vi op?",
                        "When and how do we follow up?",
                    ),
                    Each,
                ),
            ],
        },
    ],
};

/// The group conversation (GRUS): five questions for the team together, in
/// the appreciative style. Each participant prepares them privately and
/// may share their answers with the group.
pub const GROUP: Shipped = Shipped {
    key: "group",
    kind: FormKind::Group,
    name: (
        "Gruppeudviklingssamtale (GRUS)",
        "Group development conversation",
    ),
    description: (
        "En samtale for hele teamet, der tager udgangspunkt i det, der lykkes, og ender i teamets fælles aftaler.",
        "A conversation for the whole team that starts from what works and ends in the team's shared agreements.",
    ),
    sections: &[
        S {
            title: (
                "Opdag: det, der lykkes for os",
                "Discover: what works for us",
            ),
            intro: (
                "Tænk på teamet som helhed, ikke kun på dine egne opgaver.",
                "Think of the team as a whole, not only your own tasks.",
            ),
            questions: &[
                text(
                    "team_success",
                    (
                        "Hvad er lykkedes for os som team i det forløbne år, og hvad gjorde det muligt?",
                        "What has gone well for us as a team over the past year, and what made it possible?",
                    ),
                    Employee,
                ),
                text(
                    "team_at_best",
                    (
                        "Hvornår er vi bedst sammen? Fortæl om en situation.",
                        "When are we at our best together? Describe a moment.",
                    ),
                    Employee,
                ),
            ],
        },
        S {
            title: ("Drøm: teamet om et år", "Dream: the team a year from now"),
            intro: ("", ""),
            questions: &[text(
                "team_dream",
                (
                    "Forestil dig, at vi om et år er stolte af vores arbejde. Hvad er der sket?",
                    "Imagine that a year from now we are proud of our work. What has happened?",
                ),
                Employee,
            )],
        },
        S {
            title: ("Design og handling", "Design and destiny"),
            intro: ("", ""),
            questions: &[
                text(
                    "team_learning",
                    (
                        "Hvad skal vi lære eller ændre for at komme derhen?",
                        "What must we learn or change to get there?",
                    ),
                    Employee,
                ),
                text(
                    "team_first_step",
                    (
                        "Hvad er teamets første skridt, og hvad vil du selv bidrage med?",
                        "What is the team's first step, and what will you contribute yourself?",
                    ),
                    Employee,
                ),
            ],
        },
    ],
};

pub const ALL: [&Shipped; 3] = [&CLASSIC, &APPRECIATIVE, &GROUP];

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
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_shipped_forms_are_valid_and_short_in_both_languages() {
        for form in ALL {
            for language in [Language::Da, Language::En] {
                let content = form.content(language);
                assert_eq!(content.validate(), Ok(()), "{} {language:?}", form.key);
                let questions = content.question_count();
                let short = match form.kind {
                    FormKind::Classic => 15..=25,
                    FormKind::Group => 4..=6,
                    _ => 8..=12,
                };
                assert!(short.contains(&questions), "{} has {questions}", form.key);
            }
        }
    }

    #[test]
    fn both_languages_ask_the_same_questions_of_the_same_people() {
        for form in ALL {
            let shape = |language| {
                form.content(language)
                    .sections
                    .into_iter()
                    .flat_map(|s| s.questions)
                    .map(|q| (q.key, q.answered_by, std::mem::discriminant(&q.kind)))
                    .collect::<Vec<_>>()
            };
            assert_eq!(shape(Language::Da), shape(Language::En), "{}", form.key);
        }
    }

    #[test]
    fn feedback_to_the_manager_comes_from_the_employee_only() {
        let classic = CLASSIC.content(Language::Da);
        let by: BTreeSet<_> = classic
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .filter(|q| q.key == "feedback_to_manager")
            .map(|q| format!("{:?}", q.answered_by))
            .collect();
        assert_eq!(by, BTreeSet::from(["Employee".to_owned()]));
    }
}
