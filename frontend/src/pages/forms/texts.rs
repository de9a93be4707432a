//! The words of the form pages, in Danish and English: one `match` of
//! `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::{Answerer, FormKind};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    TitleForms,
    TitleFormEditor,
    FormsHeading,
    FormsIntro,
    NoForms,
    NewForm,
    Copy,
    Frozen,
    FrozenExplain,
    Version,
    Language,
    Danish,
    English,
    Name,
    Description,
    Sections,
    Section,
    SectionTitle,
    SectionIntro,
    AddSection,
    RemoveSection,
    Question,
    QuestionKey,
    QuestionKeyHelp,
    QuestionPrompt,
    QuestionHelp,
    QuestionKind,
    KindFree,
    KindScale,
    KindSingle,
    KindMultiple,
    Options,
    OptionsHelp,
    ScaleLabelsHelp,
    AnsweredBy,
    Required,
    AddQuestion,
    RemoveQuestion,
    MoveUp,
    MoveDown,
    Save,
    Saving,
    Saved,
    SavedAsNewVersion,
    Stale,
    FieldProblems,
    BackToForms,
    Unsaved,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        TitleForms => ("Samtaleformer · MUS", "Forms · MUS"),
        TitleFormEditor => ("Rediger samtaleform · MUS", "Edit form · MUS"),
        FormsHeading => ("Samtaleformer", "Conversation forms"),
        FormsIntro => (
            "Spørgsmålene, medarbejder og leder forbereder sig på. En form, som en runde bruger, er låst; en rettelse bliver dens næste version.",
            "The questions employee and manager prepare. A form a round uses is frozen; an edit becomes its next version.",
        ),
        NoForms => ("Ingen samtaleformer endnu.", "No forms yet."),
        NewForm => ("Ny samtaleform", "New form"),
        Copy => ("Kopiér", "Copy"),
        Frozen => ("I brug", "In use"),
        FrozenExplain => (
            "En runde bruger denne version. Gemmer du, bliver det en ny version; runden beholder den gamle.",
            "A round uses this version. Saving makes a new version; the round keeps the old one.",
        ),
        Version => ("Version", "Version"),
        Language => ("Sprog", "Language"),
        Danish => ("Dansk", "Danish"),
        English => ("Engelsk", "English"),
        Name => ("Navn", "Name"),
        Description => ("Beskrivelse", "Description"),
        Sections => ("Afsnit", "Sections"),
        Section => ("Afsnit", "Section"),
        SectionTitle => ("Overskrift", "Title"),
        SectionIntro => ("Indledning", "Introduction"),
        AddSection => ("Tilføj afsnit", "Add section"),
        RemoveSection => ("Fjern afsnittet", "Remove the section"),
        Question => ("Spørgsmål", "Question"),
        QuestionKey => ("Nøgle", "Key"),
        QuestionKeyHelp => (
            "Bogstaver, tal, _ og -. Svarene hænger på nøglen, så ret den ikke i en form, der er i brug.",
            "Letters, digits, _ and -. Answers hang on the key, so do not change it in a form in use.",
        ),
        QuestionPrompt => ("Spørgsmål", "Question"),
        QuestionHelp => ("Hjælpetekst", "Help text"),
        QuestionKind => ("Svartype", "Answer type"),
        KindFree => ("Fritekst", "Free text"),
        KindScale => ("Skala 1–5", "Scale 1–5"),
        KindSingle => ("Ét valg", "Single choice"),
        KindMultiple => ("Flere valg", "Multiple choice"),
        Options => ("Valgmuligheder", "Options"),
        OptionsHelp => ("Én pr. linje, 2 til 20.", "One per line, 2 to 20."),
        ScaleLabelsHelp => (
            "Fem linjer: navnene på punkt 1 til 5 (må være tomme).",
            "Five lines: the names of points 1 to 5 (may be empty).",
        ),
        AnsweredBy => ("Besvares af", "Answered by"),
        Required => ("Skal besvares", "Required"),
        AddQuestion => ("Tilføj spørgsmål", "Add question"),
        RemoveQuestion => ("Fjern spørgsmålet", "Remove the question"),
        MoveUp => ("Flyt op", "Move up"),
        MoveDown => ("Flyt ned", "Move down"),
        Save => ("Gem formen", "Save the form"),
        Saving => ("Gemmer …", "Saving …"),
        Saved => ("Gemt.", "Saved."),
        SavedAsNewVersion => (
            "Gemt som en ny version; runden, der bruger den gamle, er uændret.",
            "Saved as a new version; the round using the old one is unchanged.",
        ),
        Stale => (
            "Formen er blevet ændret et andet sted. Hent den igen, før du retter.",
            "The form was changed elsewhere. Load it again before editing.",
        ),
        FieldProblems => ("Ret disse felter:", "Please correct these fields:"),
        BackToForms => ("Alle samtaleformer", "All forms"),
        Unsaved => (
            "Ændringer, der ikke er gemt endnu.",
            "Changes not saved yet.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn answerer(lang: Lang, answerer: Answerer) -> &'static str {
    let (da, en) = match answerer {
        Answerer::Employee => ("Medarbejderen", "The employee"),
        Answerer::Manager => ("Lederen", "The manager"),
        Answerer::Both => ("Begge", "Both"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn kind(lang: Lang, kind: FormKind) -> &'static str {
    let (da, en) = match kind {
        FormKind::Classic => ("Klassisk", "Classic"),
        FormKind::Appreciative => ("Anerkendende", "Appreciative"),
        FormKind::Group => ("Gruppesamtale (GRUS)", "Group conversation (GRUS)"),
        FormKind::Custom => ("Egen", "Custom"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}
