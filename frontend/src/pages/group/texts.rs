//! The words of the group conversation pages (GRUS), in Danish and English:
//! one `match` of `(da, en)` pairs, as in [`crate::i18n`].

use chrono::{DateTime, NaiveDate, Utc};
use mus_domain::{GroupRole, GroupStatus};

use crate::i18n::Lang;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    ListTitle,
    ListHeading,
    ListIntro,
    NoGroups,
    OpenGroup,
    HomeHeading,
    TeamGroupsHeading,
    TeamAgreementsHeading,
    NoTeamAgreements,
    HrNoContent,
    WhatNow,
    StepPrepare,
    StepShared,
    StepManagerPrepare,
    StepManagerSummary,
    StepAcknowledge,
    StepFollowUp,
    StepWaitSummary,
    StepFormer,
    StepHr,
    MembersHeading,
    FormerMembers,
    NoMembers,
    HasShared,
    NotShared,
    NotAcknowledged,
    SeenNotAgreed,
    EditMembers,
    SaveMembers,
    MembersSaved,
    MembersLegend,
    MembersHelpManager,
    MembersHelpHr,
    FilterPeople,
    MembersInvalid,
    LoadingPeople,
    MeetingHeading,
    MeetingByManager,
    AgendaHeading,
    AgendaIntro,
    AgendaLabel,
    AgendaHelp,
    AgendaEmpty,
    PrepHeading,
    PrepPrivate,
    PrepAfterShare,
    PrepClosed,
    ShareButton,
    ShowMyAnswers,
    ShareQuestion,
    ShareConfirm,
    ShareWaitForSave,
    SharedHeading,
    SharedIntro,
    NoneShared,
    SummaryHeading,
    SummaryFromMeetingDay,
    SummaryNoMeeting,
    SummaryByManager,
    NotesLabel,
    NotesHelp,
    TeamAgreements,
    TeamAgreementsIntro,
    NoAgreementsYet,
    AddAgreement,
    RemoveAgreement,
    AgreementWord,
    AgreementTitle,
    AgreementDescription,
    AgreementOwner,
    AgreementCategory,
    AgreementDue,
    OwnerTeam,
    OwnerManager,
    OwnerBoth,
    SignHeading,
    SignExplain,
    SignButton,
    SignQuestion,
    SignConfirm,
    SignWaitForSave,
    SignedNotice,
    AckHeading,
    AckExplain,
    AckButton,
    AckDisagree,
    AckDisagreeLabel,
    AckDisagreeNeeded,
    AckDone,
    AcknowledgementsHeading,
    NoAcknowledgements,
    NothingWritten,
    FollowUpHeading,
    FollowUpIntro,
    CheckInsHeading,
    NoCheckIns,
    CheckInCompleted,
    CompleteCheckIn,
    CheckInDone,
    CheckInOverdue,
    CheckInStatus,
    CheckInNote,
    CheckInNoteHelp,
    Due,
    Overdue,
    SaveStateSaved,
    SaveUnsaved,
    SaveSaving,
    SaveInvalid,
    SaveOffline,
    SaveConflict,
    SaveSignedOut,
    SaveClosed,
    SaveFailed,
    KeepMine,
    KeepTheirs,
    ServerVersion,
    ColMembers,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Gruppesamtale · MUS", "Group conversation · MUS"),
        ListTitle => ("Gruppesamtaler · MUS", "Group conversations · MUS"),
        ListHeading => ("Gruppesamtaler (GRUS)", "Group conversations (GRUS)"),
        ListIntro => (
            "I en gruppeudviklingssamtale holder lederen og teamet samtalen sammen: hver forbereder sig, I mødes, og lederen skriver teamets aftaler ned.",
            "In a group conversation the manager and the team hold the conversation together: each prepares, you meet, and the manager writes down the team's agreements.",
        ),
        NoGroups => (
            "Der er ingen gruppesamtaler endnu.",
            "There are no group conversations yet.",
        ),
        OpenGroup => ("Gå til gruppesamtalen", "Go to the group conversation"),
        HomeHeading => ("Din gruppesamtale", "Your group conversation"),
        TeamGroupsHeading => ("Teamets gruppesamtaler", "The team's group conversations"),
        TeamAgreementsHeading => ("Teamets åbne aftaler", "The team's open agreements"),
        NoTeamAgreements => ("Ingen åbne teamaftaler.", "No open team agreements."),
        HrNoContent => (
            "Som HR ser du gruppens sammensætning og fremdrift – aldrig forberedelser, dagsorden eller referat.",
            "As HR you see the group's members and progress – never preparations, agenda or summary.",
        ),
        WhatNow => ("Næste skridt", "Next step"),
        StepPrepare => (
            "Forbered dig, og del din forberedelse med gruppen.",
            "Prepare, and share your preparation with the group.",
        ),
        StepShared => (
            "Du har delt din forberedelse. Læs de andres, og mød op til mødet.",
            "You have shared your preparation. Read the others', and come to the meeting.",
        ),
        StepManagerPrepare => (
            "Skriv dagsordenen, og sæt tid og sted for mødet.",
            "Write the agenda, and set the time and place of the meeting.",
        ),
        StepManagerSummary => (
            "Skriv referatet med teamets aftaler, og underskriv det.",
            "Write the summary with the team's agreements, and sign it.",
        ),
        StepAcknowledge => (
            "Læs referatet, og kvittér for, at du har set det.",
            "Read the summary, and confirm that you have seen it.",
        ),
        StepFollowUp => (
            "Følg op på teamets aftaler hvert kvartal.",
            "Follow up on the team's agreements every quarter.",
        ),
        StepWaitSummary => (
            "Lederen skriver referatet efter mødet; du får besked, når det er underskrevet.",
            "The manager writes the summary after the meeting; you are told when it is signed.",
        ),
        StepFormer => (
            "Du er ikke længere med i gruppen. Du kan læse det, du var med til.",
            "You are no longer in the group. You can read what you took part in.",
        ),
        StepHr => (
            "Ret deltagerne, hvis teamet har ændret sig.",
            "Change the members if the team has changed.",
        ),
        MembersHeading => ("Deltagere", "Members"),
        FormerMembers => ("Tidligere deltagere", "Former members"),
        NoMembers => ("Ingen deltagere endnu.", "No members yet."),
        HasShared => ("Har delt sin forberedelse", "Has shared their preparation"),
        NotShared => ("Har ikke delt endnu", "Has not shared yet"),
        NotAcknowledged => ("Har ikke kvitteret endnu", "Has not acknowledged yet"),
        SeenNotAgreed => ("Set, men ikke enig", "Seen, not agreed"),
        EditMembers => ("Ret deltagerne", "Change the members"),
        SaveMembers => ("Gem deltagerne", "Save the members"),
        MembersSaved => ("Deltagerne er gemt.", "The members are saved."),
        MembersLegend => ("Hvem er med i gruppen?", "Who is in the group?"),
        MembersHelpManager => (
            "Vælg blandt dine medarbejdere. Den, du fjerner, forlader gruppen, men beholder det, vedkommende har kvitteret for.",
            "Choose among your reports. Someone you remove leaves the group but keeps what they acknowledged.",
        ),
        MembersHelpHr => (
            "Vælg blandt organisationens medarbejdere; lederen holder samtalen og er ikke deltager.",
            "Choose among the organisation's people; the manager holds the conversation and is not a member.",
        ),
        FilterPeople => ("Søg på navn", "Search by name"),
        MembersInvalid => (
            "Vælg højst 30 forskellige deltagere, ikke lederen selv.",
            "Choose at most 30 different members, not the manager.",
        ),
        LoadingPeople => ("Henter medarbejdere …", "Loading people …"),
        MeetingHeading => ("Tid og sted", "Time and place"),
        MeetingByManager => (
            "Lederen sætter tid og sted for mødet.",
            "The manager sets the time and place of the meeting.",
        ),
        AgendaHeading => ("Dagsorden", "Agenda"),
        AgendaIntro => (
            "Lederens dagsorden for mødet. Hele gruppen kan læse den.",
            "The manager's agenda for the meeting. The whole group can read it.",
        ),
        AgendaLabel => ("Dagsorden for mødet", "Agenda for the meeting"),
        AgendaHelp => (
            "Gemmes, mens du skriver. Hele gruppen kan læse den.",
            "Saved as you type. The whole group can read it.",
        ),
        AgendaEmpty => (
            "Lederen har ikke skrevet en dagsorden endnu.",
            "The manager has not written an agenda yet.",
        ),
        PrepHeading => ("Din forberedelse", "Your preparation"),
        PrepPrivate => (
            "Privat, indtil du deler den med gruppen: kun du kan se dine svar nu. Når du deler, kan lederen og de andre deltagere læse dem. HR ser aldrig indholdet.",
            "Private until you share it with the group: only you can see your answers now. Once you share, the manager and the other members can read them. HR never sees the content.",
        ),
        PrepAfterShare => (
            "Lederen og de andre deltagere kan læse dine svar, også det du retter bagefter. En deling kan ikke trækkes tilbage. HR ser aldrig indholdet.",
            "The manager and the other members can read your answers, including what you change afterwards. Sharing cannot be undone. HR never sees the content.",
        ),
        PrepClosed => (
            "Mødet er holdt, så forberedelsen kan ikke længere ændres.",
            "The meeting has been held, so the preparation can no longer be changed.",
        ),
        ShareButton => ("Del med gruppen", "Share with the group"),
        ShowMyAnswers => ("Vis dine svar", "Show your answers"),
        ShareQuestion => (
            "Vil du dele din forberedelse med gruppen nu? Lederen og de andre deltagere kan derefter læse den. En deling kan ikke trækkes tilbage.",
            "Share your preparation with the group now? The manager and the other members can then read it. Sharing cannot be undone.",
        ),
        ShareConfirm => ("Ja, del med gruppen", "Yes, share with the group"),
        ShareWaitForSave => (
            "Du kan dele, når dine svar er gemt.",
            "You can share once your answers are saved.",
        ),
        SharedHeading => ("Delte forberedelser", "Shared preparations"),
        SharedIntro => (
            "Det, deltagerne har delt med gruppen.",
            "What the members have shared with the group.",
        ),
        NoneShared => (
            "Ingen har delt sin forberedelse endnu.",
            "Nobody has shared their preparation yet.",
        ),
        SummaryHeading => (
            "Referat og teamets aftaler",
            "Summary and the team's agreements",
        ),
        SummaryNoMeeting => (
            "Referatet skrives efter mødet. Sæt først tid og sted.",
            "The summary is written after the meeting. Set the time and place first.",
        ),
        SummaryFromMeetingDay => (
            "Referatet kan skrives fra mødedagen",
            "The summary can be written from the day of the meeting",
        ),
        SummaryByManager => (
            "Lederen skriver referatet efter mødet. Du kan læse det her, når det er underskrevet.",
            "The manager writes the summary after the meeting. You can read it here once it is signed.",
        ),
        NotesLabel => ("Hvad talte I om?", "What did you talk about?"),
        NotesHelp => (
            "Med dine ord: det, gruppen fandt frem til. Gemmes, mens du skriver.",
            "In your words: what the group found. Saved as you type.",
        ),
        TeamAgreements => ("Teamets aftaler", "The team's agreements"),
        TeamAgreementsIntro => (
            "Teamets udviklingsplan: hvad teamet og lederen gør, og hvornår.",
            "The team's development plan: what the team and the manager will do, and by when.",
        ),
        NoAgreementsYet => ("Ingen aftaler endnu.", "No agreements yet."),
        AddAgreement => ("Tilføj aftale", "Add agreement"),
        RemoveAgreement => ("Fjern aftalen", "Remove the agreement"),
        AgreementWord => ("Aftale", "Agreement"),
        AgreementTitle => ("Aftale", "Agreement"),
        AgreementDescription => ("Beskrivelse", "Description"),
        AgreementOwner => ("Ansvarlig", "Owner"),
        AgreementCategory => ("Kategori", "Category"),
        AgreementDue => ("Frist", "Due"),
        OwnerTeam => ("Teamet", "The team"),
        OwnerManager => ("Lederen", "The manager"),
        OwnerBoth => ("Teamet og lederen", "The team and the manager"),
        SignHeading => ("Underskrift", "Sign-off"),
        SignExplain => (
            "Når du underskriver, låses referatet, og teamets aftaler og kvartalsopfølgningerne efter 3, 6, 9 og 12 måneder oprettes. Deltagerne får besked og kvitterer for referatet.",
            "When you sign, the summary is locked, and the team's agreements and the check-ins after 3, 6, 9 and 12 months are created. The members are told and acknowledge the summary.",
        ),
        SignButton => ("Underskriv referatet", "Sign the summary"),
        SignQuestion => (
            "Underskrive referatet nu? Det kan ikke ændres bagefter.",
            "Sign the summary now? It cannot be changed afterwards.",
        ),
        SignConfirm => ("Ja, underskriv", "Yes, sign"),
        SignWaitForSave => (
            "Du kan underskrive, når referatet er gemt.",
            "You can sign once the summary is saved.",
        ),
        SignedNotice => ("Referatet er underskrevet.", "The summary is signed."),
        AckHeading => ("Din kvittering", "Your acknowledgement"),
        AckExplain => (
            "Bekræft, at du har læst referatet. Er du ikke enig, kan du skrive det: du kvitterer så som \u{201c}set, men ikke enig\u{201d}, og din note kan kun læses af lederen og dig.",
            "Confirm that you have read the summary. If you disagree, you can say so: you then acknowledge it as \u{201c}seen, not agreed\u{201d}, and only the manager and you can read your note.",
        ),
        AckButton => ("Jeg har læst referatet", "I have read the summary"),
        AckDisagree => ("Set, men ikke enig", "Seen, not agreed"),
        AckDisagreeLabel => ("Hvad er du ikke enig i?", "What do you disagree with?"),
        AckDisagreeNeeded => (
            "Skriv, hvad du ikke er enig i (højst 4.000 tegn).",
            "Write what you disagree with (at most 4,000 characters).",
        ),
        AckDone => (
            "Du har kvitteret for referatet.",
            "You have acknowledged the summary.",
        ),
        AcknowledgementsHeading => ("Kvitteringer", "Acknowledgements"),
        NoAcknowledgements => ("Ingen har kvitteret endnu.", "Nobody has acknowledged yet."),
        NothingWritten => ("Intet skrevet.", "Nothing written."),
        FollowUpHeading => (
            "Teamets aftaler og kvartalsopfølgning",
            "The team's agreements and quarterly check-ins",
        ),
        FollowUpIntro => (
            "Hvert kvartal ser I på teamets aftaler: hvor langt er de, og hvad mangler?",
            "Every quarter you look at the team's agreements: how far have they come, and what is missing?",
        ),
        CheckInsHeading => ("Kvartalsopfølgninger", "Quarterly check-ins"),
        NoCheckIns => (
            "Opfølgningerne planlægges, når referatet er underskrevet.",
            "The check-ins are scheduled once the summary is signed.",
        ),
        CheckInCompleted => ("Opfølgningen er afsluttet.", "The check-in is completed."),
        CompleteCheckIn => ("Afslut opfølgningen", "Complete the check-in"),
        CheckInDone => ("Gennemført", "Completed"),
        CheckInOverdue => ("Overskredet", "Overdue"),
        CheckInStatus => ("Status", "Status"),
        CheckInNote => ("Note", "Note"),
        CheckInNoteHelp => (
            "Tom note beholder den note, aftalen har.",
            "An empty note keeps the note the agreement has.",
        ),
        Due => ("Frist", "Due"),
        Overdue => ("Overskredet", "Overdue"),
        SaveStateSaved => ("Alt er gemt", "Everything is saved"),
        SaveUnsaved => (
            "Ændringer gemmes om et øjeblik …",
            "Saving your changes in a moment …",
        ),
        SaveSaving => ("Gemmer …", "Saving …"),
        SaveInvalid => (
            "Ikke gemt endnu: ret de markerede felter. Teksten er gemt i denne browser.",
            "Not saved yet: correct the marked fields. The text is kept in this browser.",
        ),
        SaveOffline => (
            "Ingen forbindelse til serveren. Teksten er gemt i denne browser og sendes, så snart forbindelsen er tilbage.",
            "No connection to the server. The text is kept in this browser and sent as soon as the connection is back.",
        ),
        SaveConflict => (
            "Teksten er ændret et andet sted, mens du skrev. Vælg, hvilken udgave du vil beholde.",
            "The text was changed elsewhere while you were writing. Choose which version to keep.",
        ),
        SaveSignedOut => (
            "Du er blevet logget ud. Teksten er gemt i denne browser; log ind igen for at gemme den.",
            "You have been signed out. The text is kept in this browser; sign in again to save it.",
        ),
        SaveClosed => ("Kan ikke længere ændres.", "Can no longer be changed."),
        SaveFailed => ("Teksten kunne ikke gemmes.", "The text could not be saved."),
        KeepMine => ("Behold min tekst", "Keep my text"),
        KeepTheirs => ("Brug den gemte tekst", "Use the saved text"),
        ServerVersion => ("Den gemte tekst", "The saved text"),
        ColMembers => ("Kvitteret", "Acknowledged"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn status(lang: Lang, status: GroupStatus) -> &'static str {
    let (da, en) = match status {
        GroupStatus::Preparing => ("Under forberedelse", "Preparing"),
        GroupStatus::Scheduled => ("Mødet er planlagt", "Meeting scheduled"),
        GroupStatus::Held => ("Mødet er holdt", "Meeting held"),
        GroupStatus::Signed => ("Referatet er underskrevet", "Summary signed"),
        GroupStatus::Acknowledged => ("Alle har kvitteret", "Everyone has acknowledged"),
    };
    pick(lang, da, en)
}

pub fn role(lang: Lang, role: GroupRole) -> &'static str {
    let (da, en) = match role {
        GroupRole::Manager => ("Du holder samtalen", "You hold the conversation"),
        GroupRole::Participant => ("Du er deltager", "You are a member"),
        GroupRole::FormerParticipant => ("Tidligere deltager", "Former member"),
        GroupRole::Administrator => ("HR", "HR"),
    };
    pick(lang, da, en)
}

/// Who a team agreement's owner is, in a team's words: the employee side
/// of a group is the team.
pub fn owner(lang: Lang, owner: mus_domain::AgreementOwner) -> &'static str {
    use mus_domain::AgreementOwner;
    tx(
        lang,
        match owner {
            AgreementOwner::Employee => Text::OwnerTeam,
            AgreementOwner::Manager => Text::OwnerManager,
            AgreementOwner::Both => Text::OwnerBoth,
        },
    )
}

/// "Gruppesamtale med Mette Kjærgaard · MUS 2027".
pub fn lead(lang: Lang, manager: &str, round: &str) -> String {
    match lang {
        Lang::Da => format!("Gruppeudviklingssamtale (GRUS) med {manager} · {round}"),
        Lang::En => format!("Group conversation (GRUS) with {manager} · {round}"),
    }
}

/// "5 members, 2 have acknowledged".
pub fn members_count(lang: Lang, members: u32) -> String {
    match (lang, members) {
        (Lang::Da, 1) => "1 deltager".to_owned(),
        (Lang::Da, n) => format!("{n} deltagere"),
        (Lang::En, 1) => "1 member".to_owned(),
        (Lang::En, n) => format!("{n} members"),
    }
}

pub fn acknowledged_of(lang: Lang, acknowledged: u32, members: u32) -> String {
    match lang {
        Lang::Da => format!("{acknowledged} af {members}"),
        Lang::En => format!("{acknowledged} of {members}"),
    }
}

pub fn shared_on(lang: Lang, at: DateTime<Utc>) -> String {
    let when = time::moment(lang, at);
    match lang {
        Lang::Da => format!("Delt med gruppen den {when}."),
        Lang::En => format!("Shared with the group on {when}."),
    }
}

pub fn acknowledged_on(lang: Lang, at: DateTime<Utc>) -> String {
    let when = time::moment(lang, at);
    match lang {
        Lang::Da => format!("Kvitteret den {when}"),
        Lang::En => format!("Acknowledged on {when}"),
    }
}

pub fn left_on(lang: Lang, at: DateTime<Utc>) -> String {
    let when = time::moment(lang, at);
    match lang {
        Lang::Da => format!("Forlod gruppen den {when}"),
        Lang::En => format!("Left the group on {when}"),
    }
}

pub fn signed_by(lang: Lang, name: &str, at: DateTime<Utc>) -> String {
    let when = time::moment(lang, at);
    match lang {
        Lang::Da => format!("Underskrevet af {name} den {when}"),
        Lang::En => format!("Signed by {name} on {when}"),
    }
}

pub fn saved_at(lang: Lang, clock: &str) -> String {
    match lang {
        Lang::Da => format!("Alt er gemt (kl. {clock})"),
        Lang::En => format!("Everything is saved ({clock})"),
    }
}

pub fn summary_from(lang: Lang, day: NaiveDate) -> String {
    let day = time::date(lang, day);
    format!("{}, {day}.", tx(lang, Text::SummaryFromMeetingDay))
}

pub fn check_in_after(lang: Lang, months: u32) -> String {
    match lang {
        Lang::Da => format!("Efter {months} måneder"),
        Lang::En => format!("After {months} months"),
    }
}

pub fn check_in_opens(lang: Lang, day: NaiveDate) -> String {
    let day = time::date(lang, day);
    match lang {
        Lang::Da => format!("Opfølgningen åbner {day}, to uger før fristen."),
        Lang::En => format!("The check-in opens on {day}, two weeks before it is due."),
    }
}

pub fn too_long(lang: Lang, max: usize) -> String {
    let max = crate::i18n::number(lang, max);
    match lang {
        Lang::Da => format!("Teksten er for lang: højst {max} tegn."),
        Lang::En => format!("The text is too long: at most {max} characters."),
    }
}

pub fn agreement_number(lang: Lang, n: usize) -> String {
    format!("{} {n}", tx(lang, Text::AgreementWord))
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_role_has_words_in_both_languages() {
        for s in GroupStatus::ALL {
            assert!(!status(Lang::Da, s).is_empty() && !status(Lang::En, s).is_empty());
        }
        for r in [
            GroupRole::Manager,
            GroupRole::Participant,
            GroupRole::FormerParticipant,
            GroupRole::Administrator,
        ] {
            assert!(!role(Lang::Da, r).is_empty() && !role(Lang::En, r).is_empty());
        }
        assert_eq!(members_count(Lang::Da, 1), "1 deltager");
        assert_eq!(members_count(Lang::En, 4), "4 members");
    }
}
