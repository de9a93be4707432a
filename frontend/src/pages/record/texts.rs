//! The words of the record pages (summary, sign-off, follow-up, agreements
//! and the team), in Danish and English.
//!
//! The same rule as the app's main table in [`crate::i18n`]: one `match`
//! gives every text as a `(da, en)` pair, so a text without both languages
//! does not compile.

use mus_domain::{AgreementCategory, AgreementOwner, AgreementStatus, ReviewDecision};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    TitleSummary,
    TitleFollowUp,
    TitleAgreements,
    TitleTeam,
    SummaryHeading,
    Version,
    Draft,
    Locked,
    AgreementsHeading,
    AgreementsIntro,
    NoAgreementsYet,
    AddAgreement,
    RemoveAgreement,
    MoveUp,
    MoveDown,
    AgreementTitle,
    AgreementDescription,
    AgreementOwner,
    AgreementCategory,
    AgreementDue,
    AgreementStatus,
    AgreementNote,
    CarriedFromLastYear,
    DecisionsHeading,
    AssessmentHeading,
    Performance,
    Strengths,
    AreasToDevelop,
    FeedbackHeading,
    FeedbackHint,
    ManagerWrites,
    SaveSummary,
    SaveFeedback,
    Saving,
    SavedNotice,
    UnsavedChanges,
    DraftRestored,
    DiscardDraft,
    ConflictSummary,
    KeepMine,
    UseSavedVersion,
    SignHeading,
    SignExplain,
    Fingerprint,
    NotSignedYet,
    SignButton,
    SignSeenNotAgreed,
    SeenNotAgreedComment,
    SeenNotAgreedNeedsComment,
    SaveBeforeSigning,
    EditVoidsSignature,
    SignatureVoided,
    LockedExplain,
    AmendButton,
    AmendConfirm,
    VersionsHeading,
    ShowVersion,
    HideVersion,
    PrintButton,
    ReferatHeading,
    NothingWritten,
    NotYetHeld,
    CheckInsHeading,
    CheckInsIntro,
    CheckInAfter,
    CheckInDone,
    CheckInDue,
    CheckInOverdue,
    CompleteCheckIn,
    NoCheckInsYet,
    ProgressBetween,
    AgreementRemoved,
    CheckInCompleted,
    YouSigned,
    AmendStarted,
    ProgressIntro,
    SaveProgress,
    CheckInRecords,
    NotSavedYet,
    FilterStatus,
    FilterCategory,
    FilterOverdueOnly,
    FilterAll,
    FilterName,
    Overdue,
    LoadMore,
    NoAgreementsMatch,
    TeamHeading,
    TeamIntro,
    NoRound,
    NoReports,
    Completion,
    ColEmployee,
    ColStatus,
    ColMeeting,
    ColShared,
    ColSigned,
    ColAgreements,
    ColNextCheckIn,
    NotStarted,
    CourseWishes,
    NoCourseWishes,
    Yes,
    No,
    OpenAgreementsHeading,
    NoOpenAgreements,
    NextCheckInHeading,
    NoCheckInPlanned,
    SeeAllAgreements,
    OpenFollowUp,
    TeamDashboardLink,
    PreviousHeading,
    PreviousIntro,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        TitleSummary => ("Referat · MUS", "Summary · MUS"),
        TitleFollowUp => ("Opfølgning · MUS", "Follow-up · MUS"),
        TitleAgreements => ("Aftaler · MUS", "Agreements · MUS"),
        TitleTeam => ("Mit team · MUS", "My team · MUS"),
        SummaryHeading => ("Referat og aftaler", "Summary and agreements"),
        Version => ("Version", "Version"),
        Draft => ("Udkast", "Draft"),
        Locked => ("Låst", "Locked"),
        AgreementsHeading => ("Aftaler", "Agreements"),
        AgreementsIntro => (
            "Hvad I aftalte: hvem gør hvad, og hvornår.",
            "What you agreed: who does what, and by when.",
        ),
        NoAgreementsYet => ("Ingen aftaler endnu.", "No agreements yet."),
        AddAgreement => ("Tilføj aftale", "Add agreement"),
        RemoveAgreement => ("Fjern aftalen", "Remove the agreement"),
        MoveUp => ("Flyt op", "Move up"),
        MoveDown => ("Flyt ned", "Move down"),
        AgreementTitle => ("Aftale", "Agreement"),
        AgreementDescription => ("Beskrivelse", "Description"),
        AgreementOwner => ("Ansvarlig", "Owner"),
        AgreementCategory => ("Kategori", "Category"),
        AgreementDue => ("Frist", "Due"),
        AgreementStatus => ("Status", "Status"),
        AgreementNote => ("Note", "Note"),
        CarriedFromLastYear => ("Videreført fra sidste år", "Carried over from last year"),
        DecisionsHeading => ("Beslutninger", "Decisions"),
        AssessmentHeading => ("Lederens vurdering", "The manager's assessment"),
        Performance => ("Opgaveløsning", "Performance"),
        Strengths => ("Styrker", "Strengths"),
        AreasToDevelop => ("Udviklingsområder", "Areas to develop"),
        FeedbackHeading => (
            "Medarbejderens feedback til lederen",
            "The employee's feedback to the manager",
        ),
        FeedbackHint => ("Skrives af medarbejderen.", "Written by the employee."),
        ManagerWrites => (
            "Lederen skriver referatet; du kan læse det her og skrive din feedback nederst.",
            "The manager writes the summary; you can read it here and write your feedback below.",
        ),
        SaveSummary => ("Gem referatet", "Save the summary"),
        SaveFeedback => ("Gem din feedback", "Save your feedback"),
        Saving => ("Gemmer …", "Saving …"),
        SavedNotice => ("Gemt.", "Saved."),
        UnsavedChanges => (
            "Ændringer, der ikke er gemt endnu.",
            "Changes not saved yet.",
        ),
        DraftRestored => (
            "Din tekst, som ikke blev gemt sidst, er hentet frem fra denne browser. Gem den, eller kassér den.",
            "Your text that was not saved last time has been restored from this browser. Save it, or discard it.",
        ),
        DiscardDraft => ("Kassér min ikke-gemte tekst", "Discard my unsaved text"),
        ConflictSummary => (
            "Referatet er blevet ændret et andet sted, mens du skrev. Din tekst er ikke gemt.",
            "The summary was changed elsewhere while you were writing. Your text is not saved.",
        ),
        KeepMine => ("Gem min tekst ovenpå", "Save my text over it"),
        UseSavedVersion => ("Brug den gemte udgave", "Use the saved version"),
        SignHeading => ("Underskrift", "Sign-off"),
        SignExplain => (
            "Du underskriver præcis den version, der vises her. Ændres referatet bagefter, bortfalder underskrifterne.",
            "You sign exactly the version shown here. If the summary changes afterwards, the signatures lapse.",
        ),
        Fingerprint => ("Fingeraftryk", "Fingerprint"),
        NotSignedYet => ("Ikke underskrevet endnu", "Not signed yet"),
        SignButton => ("Underskriv referatet", "Sign the summary"),
        SignSeenNotAgreed => ("Set, men ikke enig", "Seen, not agreed"),
        SeenNotAgreedComment => ("Hvad er du ikke enig i?", "What do you disagree with?"),
        SeenNotAgreedNeedsComment => (
            "Skriv, hvad du ikke er enig i.",
            "Write what you disagree with.",
        ),
        SaveBeforeSigning => (
            "Gem dine ændringer, før du underskriver.",
            "Save your changes before you sign.",
        ),
        EditVoidsSignature => (
            "Gemmer du en ændring nu, bortfalder underskriften herunder, og referatet skal underskrives igen.",
            "If you save a change now, the signature below lapses and the summary must be signed again.",
        ),
        SignatureVoided => (
            "Ændringen fik en underskrift til at bortfalde; referatet skal underskrives igen.",
            "The change made a signature lapse; the summary must be signed again.",
        ),
        LockedExplain => (
            "Begge har underskrevet. Referatet er låst; en rettelse bliver en ny version, som skal underskrives igen.",
            "Both have signed. The summary is locked; a correction becomes a new version that must be signed again.",
        ),
        AmendButton => (
            "Ret referatet (ny version)",
            "Amend the summary (new version)",
        ),
        AmendConfirm => (
            "Start en ny version? Den underskrevne version bliver stående i historikken.",
            "Start a new version? The signed version stays in the history.",
        ),
        VersionsHeading => ("Versioner", "Versions"),
        ShowVersion => ("Vis", "Show"),
        HideVersion => ("Skjul", "Hide"),
        PrintButton => ("Udskriv referatet", "Print the summary"),
        ReferatHeading => (
            "Referat af medarbejder\u{ad}udviklings\u{ad}samtale",
            "Record of the development conversation",
        ),
        NothingWritten => ("Intet skrevet.", "Nothing written."),
        NotYetHeld => (
            "Referatet kan skrives, når samtalen er holdt.",
            "The summary can be written once the conversation has been held.",
        ),
        CheckInsHeading => ("Kvartalsopfølgning", "Quarterly check-ins"),
        CheckInsIntro => (
            "Hvert kvartal ser I på aftalerne: hvor langt er de, og hvad mangler?",
            "Every quarter you look at the agreements: how far along are they, and what is missing?",
        ),
        CheckInAfter => ("Efter {n} måneder", "After {n} months"),
        CheckInDone => ("Gennemført", "Completed"),
        CheckInDue => ("Frist", "Due"),
        CheckInOverdue => ("Overskredet", "Overdue"),
        CompleteCheckIn => ("Afslut opfølgningen", "Complete the check-in"),
        NoCheckInsYet => (
            "Opfølgningerne planlægges, når referatet er underskrevet af begge.",
            "The check-ins are scheduled once both have signed the summary.",
        ),
        AgreementRemoved => ("Aftalen er fjernet.", "The agreement is removed."),
        CheckInCompleted => ("Opfølgningen er afsluttet.", "The check-in is completed."),
        YouSigned => (
            "Du har underskrevet referatet.",
            "You have signed the summary.",
        ),
        AmendStarted => (
            "En ny version af referatet er åben for rettelser.",
            "A new version of the summary is open for changes.",
        ),
        ProgressBetween => ("Aftalernes status", "Where the agreements stand"),
        ProgressIntro => (
            "Her skriver I, hvor langt hver aftale er. Gem undervejs, eller afslut en opfølgning, så gemmes det hele.",
            "Write here how far each agreement has come. Save as you go, or complete a check-in and everything is saved.",
        ),
        CheckInRecords => (
            "Når I afslutter opfølgningen, gemmes hver aftales status, som den står under \u{201c}Aftalernes status\u{201d}:",
            "Completing the check-in records each agreement as it stands under \u{201c}Where the agreements stand\u{201d}:",
        ),
        NotSavedYet => ("ikke gemt endnu", "not saved yet"),
        SaveProgress => ("Gem status", "Save progress"),
        FilterStatus => ("Status", "Status"),
        FilterCategory => ("Kategori", "Category"),
        FilterOverdueOnly => ("Kun overskredne", "Overdue only"),
        FilterAll => ("Alle", "All"),
        FilterName => ("Søg på navn", "Search by name"),
        Overdue => ("Overskredet", "Overdue"),
        LoadMore => ("Vis flere", "Show more"),
        NoAgreementsMatch => (
            "Ingen aftaler passer til filtrene.",
            "No agreements match the filters.",
        ),
        TeamHeading => ("Mit team", "My team"),
        TeamIntro => (
            "Dine medarbejderes samtaler i den aktuelle runde.",
            "Your reports' conversations in the current round.",
        ),
        NoRound => ("Ingen runde er åben.", "No round is open."),
        NoReports => ("Du har ingen medarbejdere.", "You have no reports."),
        Completion => ("Gennemførelse", "Completion"),
        ColEmployee => ("Medarbejder", "Employee"),
        ColStatus => ("Status", "Status"),
        ColMeeting => ("Samtale", "Meeting"),
        ColShared => ("Forberedelse delt", "Preparation shared"),
        ColSigned => ("Underskrevet", "Signed"),
        ColAgreements => ("Åbne aftaler", "Open agreements"),
        ColNextCheckIn => ("Næste opfølgning", "Next check-in"),
        NotStarted => ("Ingen samtale", "No conversation"),
        CourseWishes => (
            "Kursus- og uddannelsesønsker",
            "Course and education wishes",
        ),
        NoCourseWishes => ("Ingen ønsker endnu.", "No wishes yet."),
        Yes => ("Ja", "Yes"),
        No => ("Nej", "No"),
        OpenAgreementsHeading => ("Dine åbne aftaler", "Your open agreements"),
        NoOpenAgreements => ("Ingen åbne aftaler.", "No open agreements."),
        NextCheckInHeading => ("Næste kvartalsopfølgning", "Next quarterly check-in"),
        NoCheckInPlanned => ("Ingen opfølgning planlagt.", "No check-in planned."),
        SeeAllAgreements => ("Se alle aftaler", "See all agreements"),
        OpenFollowUp => ("Gå til opfølgningen", "Go to the follow-up"),
        TeamDashboardLink => ("Åbn hele teamoversigten", "Open the whole team overview"),
        PreviousHeading => ("Sidste års aftaler", "Last year's agreements"),
        PreviousIntro => (
            "Markér hver aftale: gennemført, videreføres til i år, eller droppes. Vil én af jer videreføre den, kommer den på dagsordenen.",
            "Mark each agreement: done, carried over to this year, or dropped. If either of you carries it over, it goes on the agenda.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// "After 3 months" and the like.
/// Next to a summary field that cannot be saved as it is.
pub fn summary_issue(lang: Lang, issue: &mus_domain::summary::SummaryIssue) -> String {
    use mus_domain::summary::SummaryIssue;
    match (lang, issue) {
        (Lang::Da, SummaryIssue::TitleMissing) => "Skriv, hvad aftalen går ud på.".to_owned(),
        (Lang::En, SummaryIssue::TitleMissing) => "Write what the agreement is.".to_owned(),
        (Lang::Da, SummaryIssue::TooLong { max }) => {
            format!(
                "Teksten er for lang: højst {} tegn.",
                crate::i18n::number(lang, *max)
            )
        }
        (Lang::En, SummaryIssue::TooLong { max }) => {
            format!(
                "The text is too long: at most {} characters.",
                crate::i18n::number(lang, *max)
            )
        }
        (_, SummaryIssue::DueOutside { from, until }) => {
            let (from, until) = (
                crate::time::date(lang, *from),
                crate::time::date(lang, *until),
            );
            match lang {
                Lang::Da => format!("Vælg en frist fra {from} til {until}."),
                Lang::En => format!("Choose a due date from {from} to {until}."),
            }
        }
        (Lang::Da, SummaryIssue::TooManyAgreements { max }) => {
            format!("Et referat kan have højst {max} aftaler.")
        }
        (Lang::En, SummaryIssue::TooManyAgreements { max }) => {
            format!("A summary can hold at most {max} agreements.")
        }
        (Lang::Da, SummaryIssue::AgreementTwice) => "En aftale står to gange.".to_owned(),
        (Lang::En, SummaryIssue::AgreementTwice) => "An agreement appears twice.".to_owned(),
    }
}

/// Above the save button while fields need correcting.
pub fn issues_to_correct(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::Da, 1) => "Ret feltet, der er markeret, før referatet kan gemmes.".to_owned(),
        (Lang::Da, n) => format!("Ret de {n} felter, der er markeret, før referatet kan gemmes."),
        (Lang::En, 1) => "Correct the marked field before the summary can be saved.".to_owned(),
        (Lang::En, n) => format!("Correct the {n} marked fields before the summary can be saved."),
    }
}

/// A check-in not open yet: from which day it can be completed.
pub fn check_in_opens(lang: Lang, day: chrono::NaiveDate) -> String {
    let day = crate::time::date(lang, day);
    match lang {
        Lang::Da => format!(
            "Opfølgningen er ikke åben endnu. Den åbner {day}, to uger før fristen. Indtil da kan I notere status på aftalerne mellem opfølgningerne."
        ),
        Lang::En => format!(
            "This check-in is not open yet. It opens on {day}, two weeks before it is due. Until then you can record progress on the agreements between check-ins."
        ),
    }
}

pub fn check_in_after(lang: Lang, months: u32) -> String {
    tx(lang, Text::CheckInAfter).replace("{n}", &months.to_string())
}

pub fn owner(lang: Lang, owner: AgreementOwner) -> &'static str {
    let (da, en) = match owner {
        AgreementOwner::Employee => ("Medarbejderen", "The employee"),
        AgreementOwner::Manager => ("Lederen", "The manager"),
        AgreementOwner::Both => ("Begge", "Both"),
    };
    pick(lang, da, en)
}

pub fn category(lang: Lang, category: AgreementCategory) -> &'static str {
    let (da, en) = match category {
        AgreementCategory::CourseEducation => ("Kursus og uddannelse", "Course and education"),
        AgreementCategory::TaskProject => ("Opgave eller projekt", "Task or project"),
        AgreementCategory::Collaboration => ("Samarbejde", "Collaboration"),
        AgreementCategory::WayOfWorking => ("Arbejdsform", "Way of working"),
        AgreementCategory::Rotation => ("Jobrotation", "Job rotation"),
        AgreementCategory::WellBeing => ("Trivsel", "Well-being"),
        AgreementCategory::Other => ("Andet", "Other"),
    };
    pick(lang, da, en)
}

pub fn status(lang: Lang, status: AgreementStatus) -> &'static str {
    let (da, en) = match status {
        AgreementStatus::Open => ("Ikke begyndt", "Not started"),
        AgreementStatus::InProgress => ("I gang", "In progress"),
        AgreementStatus::Done => ("Gennemført", "Done"),
        AgreementStatus::Dropped => ("Droppet", "Dropped"),
    };
    pick(lang, da, en)
}

pub fn decision(lang: Lang, decision: ReviewDecision) -> &'static str {
    let (da, en) = match decision {
        ReviewDecision::Done => ("Gennemført", "Done"),
        ReviewDecision::CarryOver => ("Videreføres", "Carry over"),
        ReviewDecision::Drop => ("Droppes", "Drop"),
    };
    pick(lang, da, en)
}

/// "Signed by Mette Kjærgaard on 3 March 2027 at 10:15".
pub fn signed_by(lang: Lang, name: &str, when: &str) -> String {
    match lang {
        Lang::Da => format!("Underskrevet af {name} den {when}"),
        Lang::En => format!("Signed by {name} on {when}"),
    }
}

/// "Version 2 of 3" style line for the version list.
pub fn version_label(lang: Lang, n: u32) -> String {
    format!("{} {n}", tx(lang, Text::Version))
}

/// "3 of 12 signed · 5 held".
pub fn completion_line(lang: Lang, signed: u32, held: u32, total: u32) -> String {
    match lang {
        Lang::Da => format!("{signed} af {total} underskrevet · {held} holdt"),
        Lang::En => format!("{signed} of {total} signed · {held} held"),
    }
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// Where an agreement is after a move up or down the list.
pub fn agreement_moved(lang: Lang, position: usize) -> String {
    match lang {
        Lang::Da => format!("Aftalen er nu nummer {position}."),
        Lang::En => format!("The agreement is now number {position}."),
    }
}

/// How many rows a filter leaves: "Viser 3 af 8".
pub fn showing_of(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Da => format!("Viser {shown} af {total}"),
        Lang::En => format!("Showing {shown} of {total}"),
    }
}
