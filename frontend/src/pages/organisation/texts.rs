//! The words of HR's organisation page, in Danish and English: one `match`
//! of `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::RoundFormat;
use mus_domain::rounds::OpeningIssue;

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    CompletionHeading,
    NoRound,
    OverdueAgreements,
    OverdueCheckIns,
    CountsOnly,
    ByDepartment,
    ByManager,
    Name,
    Conversations,
    Held,
    Signed,
    SignedShare,
    NoDepartment,
    Rounds,
    NoRounds,
    WholeOrganisation,
    OpenRound,
    OpenRoundIntro,
    RoundName,
    Deadline,
    MeetingsFrom,
    MeetingsUntil,
    Who,
    WhoHelp,
    Simultaneous,
    ReminderDays,
    ReminderDaysHelp,
    ReminderDaysInvalid,
    OpenRoundButton,
    DatesNeeded,
    FormNeeded,
    GroupFormNeeded,
    NoIndividual,
    FormatLegend,
    GroupForm,
    GroupsLink,
    ReportLink,
    GroupFiguresHeading,
    PlanFiguresHeading,
    PlanCurrentHelp,
    PlansByDepartment,
    Employees,
    WithCurrentPlan,
    Share,
    GoalCounts,
    GoalCountsHelp,
    NoGoals,
    Category,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Organisation · MUS", "Organisation · MUS"),
        Heading => ("Organisation", "Organisation"),
        CompletionHeading => (
            "Gennemførelse i den aktuelle runde",
            "Completion in the current round",
        ),
        NoRound => ("Ingen runde er åben endnu.", "No round is open yet."),
        OverdueAgreements => ("Aftaler over fristen", "Overdue agreements"),
        OverdueCheckIns => ("Opfølgninger over fristen", "Overdue check-ins"),
        CountsOnly => (
            "Kun tal: HR ser aldrig, hvad der står i forberedelser og referater.",
            "Counts only: HR never sees what preparations and summaries say.",
        ),
        ByDepartment => ("Pr. afdeling", "By department"),
        ByManager => ("Pr. leder", "By manager"),
        Name => ("Navn", "Name"),
        Conversations => ("Samtaler", "Conversations"),
        Held => ("Holdt", "Held"),
        Signed => ("Underskrevet", "Signed"),
        SignedShare => ("Andel underskrevet", "Share signed"),
        NoDepartment => ("Uden afdeling", "No department"),
        Rounds => ("Runder", "Rounds"),
        NoRounds => ("Ingen runder endnu.", "No rounds yet."),
        WholeOrganisation => ("Hele organisationen", "The whole organisation"),
        OpenRound => ("Åbn en ny runde", "Open a new round"),
        OpenRoundIntro => (
            "Alle med en nærmeste leder får en samtale; formen låses, så alle forbereder sig på de samme spørgsmål.",
            "Everyone with a nearest manager gets a conversation; the form is frozen so that everyone prepares the same questions.",
        ),
        RoundName => ("Rundens navn", "Name of the round"),
        Deadline => ("Forberedelse senest", "Preparation deadline"),
        MeetingsFrom => ("Samtaler fra", "Meetings from"),
        MeetingsUntil => ("Samtaler til", "Meetings until"),
        Who => ("Hvem", "Who"),
        WhoHelp => (
            "Vælg ingen for hele organisationen, eller vælg afdelinger.",
            "Choose none for the whole organisation, or choose departments.",
        ),
        ReminderDays => (
            "Påmindelser, dage før fristen",
            "Reminders, days before the deadline",
        ),
        ReminderDaysHelp => (
            "Dem, der ikke har delt, får en påmindelse disse dage, fx 7, 1 (0 er selve dagen).",
            "Those who have not shared are reminded on these days, e.g. 7, 1 (0 is the day itself).",
        ),
        ReminderDaysInvalid => (
            "Skriv op til 5 hele tal fra 0 til 60, adskilt af komma.",
            "Write up to 5 whole numbers from 0 to 60, separated by commas.",
        ),
        Simultaneous => (
            "Samtidig deling: ingen ser den andens forberedelse, før begge har delt",
            "Simultaneous reveal: neither sees the other's preparation until both have shared",
        ),
        OpenRoundButton => ("Åbn runden", "Open the round"),
        DatesNeeded => (
            "Vælg de datoer, der mangler; de er markeret nedenfor.",
            "Choose the dates that are missing; they are marked below.",
        ),
        FormNeeded => ("Vælg en samtaleform.", "Choose a form."),
        GroupFormNeeded => (
            "Vælg en samtaleform til gruppesamtalen. HR laver dem under Samtaleformer.",
            "Choose a form for the group conversation. HR makes them under Forms.",
        ),
        NoIndividual => (
            "Den aktuelle runde har ingen individuelle samtaler.",
            "The current round holds no individual conversations.",
        ),
        FormatLegend => (
            "Hvordan holdes samtalerne?",
            "How are the conversations held?",
        ),
        GroupForm => (
            "Samtaleform til gruppesamtalen",
            "Form for the group conversation",
        ),
        GroupsLink => ("Gruppesamtaler", "Group conversations"),
        ReportLink => (
            "Rapport til samarbejdsudvalget",
            "Report for the liaison committee",
        ),
        GroupFiguresHeading => (
            "Gruppesamtaler i den aktuelle runde",
            "Group conversations in the current round",
        ),
        PlanFiguresHeading => ("Udviklingsplaner", "Development plans"),
        PlanCurrentHelp => (
            "En plan er aktuel, når noget i den er aftalt inden for de seneste 12 måneder.",
            "A plan is current when something in it was agreed within the last 12 months.",
        ),
        PlansByDepartment => (
            "Aktuelle udviklingsplaner pr. afdeling",
            "Current development plans by department",
        ),
        Employees => ("Medarbejdere", "Employees"),
        WithCurrentPlan => ("Med aktuel plan", "With a current plan"),
        Share => ("Andel", "Share"),
        GoalCounts => (
            "Mål og kursusaftaler efter kategori og status",
            "Goals and course agreements by category and status",
        ),
        GoalCountsHelp => (
            "Udviklingsmål og aftaler om kurser og uddannelse i hele organisationen.",
            "Development goals and course and education agreements across the organisation.",
        ),
        NoGoals => ("Ingen mål endnu.", "No goals yet."),
        Category => ("Kategori", "Category"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// "3 of 12 signed · 5 held".
pub fn completion(lang: Lang, signed: u32, held: u32, total: u32) -> String {
    match lang {
        Lang::Da => format!("{signed} af {total} underskrevet · {held} holdt"),
        Lang::En => format!("{signed} of {total} signed · {held} held"),
    }
}

/// "30 conversations".
pub fn conversations(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Da, 1) => "1 samtale".to_owned(),
        (Lang::Da, n) => format!("{n} samtaler"),
        (Lang::En, 1) => "1 conversation".to_owned(),
        (Lang::En, n) => format!("{n} conversations"),
    }
}

/// Next to an empty date field of the round form, by the field's id.
pub fn date_missing(lang: Lang, field: &str) -> &'static str {
    match (lang, field) {
        (Lang::Da, "round-deadline") => "Vælg fristen for forberedelsen.",
        (Lang::En, "round-deadline") => "Choose the preparation deadline.",
        (Lang::Da, "round-from") => "Vælg den første dag, samtalerne kan holdes.",
        (Lang::En, "round-from") => "Choose the first day meetings can be held.",
        (Lang::Da, _) => "Vælg den sidste dag, samtalerne kan holdes.",
        (Lang::En, _) => "Choose the last day meetings can be held.",
    }
}

/// A rule of opening a round the server refused the dates by.
pub fn opening_issue(lang: Lang, issue: OpeningIssue) -> &'static str {
    match (lang, issue) {
        (Lang::Da, OpeningIssue::DeadlineInPast) => "Fristen for forberedelsen er overskredet.",
        (Lang::En, OpeningIssue::DeadlineInPast) => "The preparation deadline has passed.",
        (Lang::Da, OpeningIssue::DeadlineAfterMeetingsStart) => {
            "Forberedelsen skal være færdig senest den første dag, samtalerne kan holdes."
        }
        (Lang::En, OpeningIssue::DeadlineAfterMeetingsStart) => {
            "Preparation must be due no later than the first day meetings can be held."
        }
        (Lang::Da, OpeningIssue::OverlapsRound) => {
            "Nogen i runden er allerede med i en anden runde, hvis samtaler ligger i samme periode."
        }
        (Lang::En, OpeningIssue::OverlapsRound) => {
            "Someone in this round is already in another round whose meetings overlap these."
        }
    }
}

/// After a round is opened.
pub fn round_opened(lang: Lang, name: &str, format: RoundFormat, conversations: u32) -> String {
    match (lang, format, conversations) {
        (Lang::Da, RoundFormat::Group, _) => {
            format!("{name} er åbnet med gruppesamtaler. De kan forberedes fra nu af.")
        }
        (Lang::En, RoundFormat::Group, _) => {
            format!("{name} is open, with group conversations. They can be prepared from now on.")
        }
        (Lang::Da, _, 1) => format!("{name} er åbnet med 1 samtale. Den kan forberedes fra nu af."),
        (Lang::Da, _, n) => {
            format!("{name} er åbnet med {n} samtaler. De kan forberedes fra nu af.")
        }
        (Lang::En, _, 1) => {
            format!("{name} is open, with 1 conversation. It can be prepared from now on.")
        }
        (Lang::En, _, n) => {
            format!("{name} is open, with {n} conversations. They can be prepared from now on.")
        }
    }
}

/// A round's format, as the choice names it.
pub fn format_name(lang: Lang, format: RoundFormat) -> &'static str {
    let (da, en) = match format {
        RoundFormat::Individual => (
            "Individuelle samtaler (MUS)",
            "Individual conversations (MUS)",
        ),
        RoundFormat::Group => ("Gruppesamtaler (GRUS)", "Group conversations (GRUS)"),
        RoundFormat::GroupThenIndividual => (
            "GRUS efterfulgt af en kort individuel samtale",
            "GRUS followed by a short individual conversation",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn format_hint(lang: Lang, format: RoundFormat) -> &'static str {
    let (da, en) = match format {
        RoundFormat::Individual => (
            "Hver medarbejder holder sin samtale med sin nærmeste leder.",
            "Each employee holds their conversation with their nearest manager.",
        ),
        RoundFormat::Group => (
            "Hver leder holder samtalen med sit team samlet, ud fra en samtaleform til grupper.",
            "Each manager holds the conversation with their team together, from a group form.",
        ),
        RoundFormat::GroupThenIndividual => (
            "Først teamet samlet, derefter en kort samtale mellem hver medarbejder og lederen.",
            "First the team together, then a short conversation between each employee and the manager.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// The main form select's label for the chosen format.
pub fn form_label_for(lang: Lang, format: RoundFormat) -> &'static str {
    let (da, en) = match format {
        RoundFormat::Individual => ("Samtaleform", "Form"),
        RoundFormat::Group => (
            "Samtaleform til gruppesamtalen",
            "Form for the group conversation",
        ),
        RoundFormat::GroupThenIndividual => (
            "Samtaleform til den individuelle samtale",
            "Form for the individual conversation",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// Next to a form the server refused for the format chosen.
pub fn form_refused(lang: Lang) -> String {
    match lang {
        Lang::Da => {
            "Den valgte samtaleform passer ikke til denne slags samtale. Vælg en anden.".to_owned()
        }
        Lang::En => {
            "The chosen form does not fit this kind of conversation. Choose another.".to_owned()
        }
    }
}

/// "3 groups · 2 held · 1 signed".
pub fn groups_line(lang: Lang, groups: u32, held: u32, signed: u32) -> String {
    match lang {
        Lang::Da => format!(
            "{signed} af {groups} grupper har underskrevet referat · {held} har holdt mødet"
        ),
        Lang::En => format!("{signed} of {groups} groups have a signed summary · {held} have met"),
    }
}

pub fn acknowledged_line(lang: Lang, acknowledged: u32, members: u32) -> String {
    match lang {
        Lang::Da => {
            format!("{acknowledged} af {members} deltagere har kvitteret for deres gruppes referat")
        }
        Lang::En => {
            format!("{acknowledged} of {members} members have acknowledged their group's summary")
        }
    }
}

pub fn plans_line(lang: Lang, with_plan: u32, employees: u32) -> String {
    match lang {
        Lang::Da => format!("{with_plan} af {employees} medarbejdere har en aktuel udviklingsplan"),
        Lang::En => format!("{with_plan} of {employees} employees have a current development plan"),
    }
}
