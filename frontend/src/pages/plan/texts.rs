//! The words of the development plan page, in Danish and English: one
//! `match` of `(da, en)` pairs, as in [`crate::i18n`].

use chrono::{DateTime, NaiveDate, Utc};

use crate::i18n::Lang;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    Current,
    NotCurrent,
    CurrentHelp,
    NotCurrentHelp,
    Print,
    NextStepHeading,
    NoNextStep,
    HomeHeading,
    HomeLink,
    HomeNothing,
    GoalsHeading,
    GoalsIntro,
    NoGoals,
    AgreementsHeading,
    AgreementsIntro,
    NoAgreements,
    CarriedOn,
    AddHeading,
    AddIntro,
    GoalTitle,
    GoalDescription,
    GoalCategory,
    GoalDue,
    GoalDueHelp,
    AddButton,
    Adding,
    Added,
    Status,
    Note,
    EditGoal,
    SaveGoal,
    GoalSaved,
    Overdue,
    Due,
    TitleNeeded,
    TooLong,
    NoteTooLong,
    DueTooFar,
    PlanLink,
    PrepHeading,
    PrepIntro,
    PrepLink,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Udviklingsplan · MUS", "Development plan · MUS"),
        Heading => ("Udviklingsplan", "Development plan"),
        Current => ("Aktuel", "Current"),
        NotCurrent => ("Ikke aktuel", "Not current"),
        CurrentHelp => (
            "Planen er aktuel: noget i den er aftalt inden for de seneste 12 måneder.",
            "The plan is current: something in it was agreed within the last 12 months.",
        ),
        NotCurrentHelp => (
            "Planen er ikke aktuel: intet i den er aftalt inden for de seneste 12 måneder. Tilføj et mål, eller aftal et kursus ved næste samtale.",
            "The plan is not current: nothing in it was agreed within the last 12 months. Add a goal, or agree on a course at the next conversation.",
        ),
        Print => ("Udskriv planen", "Print the plan"),
        NextStepHeading => ("Næste skridt", "Next step"),
        NoNextStep => (
            "Intet åbent i planen lige nu.",
            "Nothing is open in the plan right now.",
        ),
        HomeHeading => ("Din udviklingsplan", "Your development plan"),
        HomeLink => ("Se din udviklingsplan", "See your development plan"),
        HomeNothing => (
            "Intet åbent i din plan. Du kan tilføje et mål.",
            "Nothing open in your plan. You can add a goal.",
        ),
        GoalsHeading => ("Udviklingsmål", "Development goals"),
        GoalsIntro => (
            "Mål, du eller din leder har tilføjet mellem samtalerne.",
            "Goals you or your manager added between conversations.",
        ),
        NoGoals => ("Ingen mål endnu.", "No goals yet."),
        AgreementsHeading => (
            "Kurser og uddannelse fra samtalerne",
            "Courses and education from the conversations",
        ),
        AgreementsIntro => (
            "Aftaler om kurser og uddannelse fra de underskrevne referater, år for år.",
            "Course and education agreements from the signed summaries, year by year.",
        ),
        NoAgreements => (
            "Ingen aftaler om kurser eller uddannelse endnu.",
            "No course or education agreements yet.",
        ),
        CarriedOn => (
            "Videreført til et senere referat",
            "Carried over to a later summary",
        ),
        AddHeading => ("Tilføj et mål", "Add a goal"),
        AddIntro => (
            "Fx et kursus, en certificering eller en ny opgave, du vil lære af.",
            "For example a course, a certification or a new task to learn from.",
        ),
        GoalTitle => ("Mål", "Goal"),
        GoalDescription => ("Beskrivelse", "Description"),
        GoalCategory => ("Kategori", "Category"),
        GoalDue => ("Frist", "Due"),
        GoalDueHelp => (
            "Valgfri; højst fem år frem.",
            "Optional; at most five years ahead.",
        ),
        AddButton => ("Tilføj målet", "Add the goal"),
        Adding => ("Tilføjer …", "Adding …"),
        Added => ("Målet er tilføjet.", "The goal is added."),
        Status => ("Status", "Status"),
        Note => ("Fremdrift", "Progress"),
        EditGoal => ("Opdatér status", "Update progress"),
        SaveGoal => ("Gem status", "Save progress"),
        GoalSaved => ("Målet er gemt.", "The goal is saved."),
        Overdue => ("Overskredet", "Overdue"),
        Due => ("Frist", "Due"),
        TitleNeeded => (
            "Skriv målet (højst 200 tegn).",
            "Write the goal (at most 200 characters).",
        ),
        TooLong => (
            "Beskrivelsen er for lang (højst 10.000 tegn).",
            "The description is too long (at most 10,000 characters).",
        ),
        NoteTooLong => (
            "Noten er for lang (højst 4.000 tegn).",
            "The note is too long (at most 4,000 characters).",
        ),
        DueTooFar => (
            "Vælg en frist højst fem år frem.",
            "Choose a due date at most five years ahead.",
        ),
        PlanLink => ("Udviklingsplan", "Development plan"),
        PrepHeading => ("Fra udviklingsplanen", "From the development plan"),
        PrepIntro => (
            "Det, der står åbent i planen: tag det med i samtalen og i årets aftaler.",
            "What is open in the plan: bring it into the conversation and this year's agreements.",
        ),
        PrepLink => ("Se hele udviklingsplanen", "See the whole development plan"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// "Kompetenceudviklingsplan for Anne Sørensen".
pub fn plan_of(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("Kompetenceudviklingsplan for {name}"),
        Lang::En => format!("Development plan of {name}"),
    }
}

/// "Aftalt 3. marts 2027".
pub fn agreed_on(lang: Lang, day: NaiveDate) -> String {
    let day = time::date(lang, day);
    match lang {
        Lang::Da => format!("Aftalt {day}"),
        Lang::En => format!("Agreed on {day}"),
    }
}

pub fn added_by(lang: Lang, name: &str, at: DateTime<Utc>) -> String {
    let day = time::date(lang, mus_domain::meeting::copenhagen_local(at).date());
    match lang {
        Lang::Da => format!("Tilføjet af {name} den {day}"),
        Lang::En => format!("Added by {name} on {day}"),
    }
}

/// The plan's next step for the home page: "Scrum-kursus, senest 1. maj 2027".
pub fn next_step_line(lang: Lang, title: &str, due: Option<NaiveDate>) -> String {
    match (lang, due) {
        (_, None) => title.to_owned(),
        (Lang::Da, Some(due)) => format!("{title}, senest {}", time::date(lang, due)),
        (Lang::En, Some(due)) => format!("{title}, by {}", time::date(lang, due)),
    }
}
