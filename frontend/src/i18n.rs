//! Every word the SPA shows, in Danish and English.
//!
//! Each [`Key`] maps to a pair `(da, en)` in a single `match`, so a key
//! without both translations does not compile. Texts with a value in them
//! (a name) are small functions next to the table.

use chrono::{DateTime, NaiveDate, Utc};
use mus_client::ClientError;
use mus_domain::{Answer, ConversationStatus, ErrorCode, QuestionKind, Role, SsoError};

pub use crate::lang::Lang;
use crate::time;

/// A fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    TitleLogin,
    TitleHome,
    TitleNotFound,
    SkipToContent,
    MainNavigation,
    NavHome,
    CancelMeeting,
    CancelMeetingConfirm,
    CancelMeetingQuestion,
    MeetingCancelled,
    Notifications,
    UnreadWord,
    SignedInAs,
    Logout,
    LoggingOut,
    LoginHeading,
    LoginIntro,
    Email,
    Password,
    LoginSubmit,
    LoginSubmitting,
    LoginMissingFields,
    LoginMalformedEmail,
    LoginOr,
    SsoCancelled,
    SsoExpired,
    SsoProviderError,
    SsoNotVerified,
    SsoEmailUnverified,
    SsoUnknownPerson,
    SsoLeft,
    SsoOtherAccount,
    ErrorPasswordSignInOff,
    Loading,
    FieldEmail,
    FieldRole,
    FieldManager,
    FieldDepartment,
    YourDetails,
    TitleConversation,
    TitlePreparation,
    TitleMeeting,
    Breadcrumbs,
    YourConversation,
    NoOwnConversation,
    ReportConversations,
    NoReportConversations,
    RoundsHeading,
    NoRounds,
    ByStatus,
    OpenConversation,
    FieldEmployee,
    FieldPreparationDeadline,
    FieldMeeting,
    FieldMeetingWindow,
    FieldPreparations,
    StatusPlanned,
    StatusPreparing,
    StatusReady,
    StatusHeld,
    StatusSummaryDraft,
    StatusAwaitingSignatures,
    StatusSigned,
    StatusCancelled,
    NextPrepareOwn,
    NextPrepareReport,
    NextShare,
    NextScheduleMeeting,
    NextOpenAgenda,
    NextOpenConversation,
    NextWriteSummary,
    NextReadSummary,
    NextSignSummary,
    NextFollowUp,
    NavAgreements,
    NavTeam,
    NavOrganisation,
    NavPeople,
    NavForms,
    NavIntegrations,
    NavMyData,
    NavTokens,
    LinkSummary,
    LinkFollowUp,
    AboutConversation,
    WhatNow,
    LinkPreparation,
    LinkMeeting,
    AfterMeetingNote,
    MeetingNotScheduled,
    PreparationHeading,
    PreparationClosed,
    SectionsNav,
    ProgressHeading,
    PreviousSection,
    NextSection,
    SaveNothingYet,
    SaveUnsaved,
    SaveSaving,
    SaveOffline,
    SaveConflict,
    SaveSignedOut,
    SaveFailed,
    NotKeptLocally,
    ConflictHeading,
    ConflictIntro,
    ConflictMine,
    ConflictTheirs,
    ConflictKeepMine,
    ConflictKeepTheirs,
    ShareHeading,
    VisibilityNow,
    VisibilityAfter,
    SimultaneousReveal,
    ShareWaitForSave,
    ShareConfirm,
    Cancel,
    MeetingHeading,
    WhenAndWhere,
    MoveMeeting,
    MeetingDate,
    MeetingTime,
    MeetingLength,
    MeetingPlace,
    MeetingPlaceExample,
    SaveMeeting,
    MeetingBadTime,
    MeetingNeedsPlace,
    MeetingSaved,
    MeetingBadLength,
    DownloadInvitation,
    HeldHeading,
    HeldDone,
    HeldByManager,
    HeldNeedsMeeting,
    HeldExplain,
    MarkHeld,
    HeldConfirmQuestion,
    HeldConfirm,
    AgendaHeading,
    AgendaIntro,
    AgendaNothingShared,
    AgendaNotShared,
    AgendaUnanswered,
    AgendaOnlyYou,
    LoadFailedHeading,
    TryAgain,
    GoToLogin,
    Redirecting,
    NotFoundHeading,
    NotFoundBody,
    BackToHome,
    RoleEmployee,
    RoleManager,
    RoleHrAdmin,
    ErrorInvalidCredentials,
    ErrorTooManyAttempts,
    ErrorCannotReachServer,
    ErrorUnexpectedResponse,
    ErrorSessionEnded,
    ErrorForbidden,
    ErrorNotFound,
    ErrorInvalidInput,
    ErrorUnavailable,
    ErrorChangedMeanwhile,
    ErrorWrongState,
    ErrorLinkInvalid,
    ErrorTooEarly,
    OpenNewRound,
    SaveTooLong,
    ForgotPassword,
    ErrorGeneric,
    ChunkFailed,
    Reload,
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let (da, en) = match key {
        Key::TitleLogin => ("Log ind · MUS", "Sign in · MUS"),
        Key::TitleHome => ("Forside · MUS", "Home · MUS"),
        Key::TitleNotFound => ("Siden findes ikke · MUS", "Page not found · MUS"),
        Key::SkipToContent => ("Spring til indholdet", "Skip to content"),
        Key::MainNavigation => ("Hovedmenu", "Main navigation"),
        Key::Notifications => ("Notifikationer", "Notifications"),
        Key::UnreadWord => ("ulæste", "unread"),
        Key::NavHome => ("Forside", "Home"),
        Key::CancelMeeting => ("Aflys mødet", "Cancel the meeting"),
        Key::CancelMeetingConfirm => ("Ja, aflys mødet", "Yes, cancel the meeting"),
        Key::CancelMeetingQuestion => (
            "Mødet fjernes fra jeres kalendere: I får begge en aflysning på mail. Bagefter kan I sætte et nyt tidspunkt.",
            "The meeting is removed from your calendars: you both get a cancellation by e-mail. Afterwards you can set a new time.",
        ),
        Key::MeetingCancelled => (
            "Mødet er aflyst. Vælg et nyt tidspunkt, når I er klar.",
            "The meeting is cancelled. Choose a new time when you are ready.",
        ),
        Key::SignedInAs => ("Logget ind som", "Signed in as"),
        Key::Logout => ("Log ud", "Sign out"),
        Key::LoggingOut => ("Logger ud …", "Signing out …"),
        Key::LoginHeading => ("Log ind", "Sign in"),
        Key::LoginIntro => (
            "Log ind for at forberede og følge op på din medarbejder\u{ad}udviklings\u{ad}samtale (MUS).",
            "Sign in to prepare for and follow up on your development conversation (MUS).",
        ),
        Key::Email => ("E-mail", "E-mail"),
        Key::Password => ("Adgangskode", "Password"),
        Key::LoginSubmit => ("Log ind", "Sign in"),
        Key::LoginSubmitting => ("Logger ind …", "Signing in …"),
        Key::LoginMissingFields => (
            "Skriv både din e-mail og din adgangskode.",
            "Enter both your e-mail and your password.",
        ),
        Key::LoginMalformedEmail => (
            "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.",
            "Enter a valid e-mail address, for example name@example.com.",
        ),
        Key::LoginOr => ("eller", "or"),
        Key::SsoCancelled => (
            "Du afbrød log ind hos din organisation. Prøv igen, når du er klar.",
            "You cancelled signing in with your organisation. Try again when you are ready.",
        ),
        Key::SsoExpired => (
            "Log ind tog for lang tid eller blev startet i et andet vindue. Prøv igen.",
            "Signing in took too long or was started in another window. Please try again.",
        ),
        Key::SsoProviderError => (
            "Din organisations log ind svarede ikke som forventet. Prøv igen om lidt.",
            "Your organisation's sign-in did not answer as expected. Please try again in a moment.",
        ),
        Key::SsoNotVerified => (
            "Svaret fra din organisations log ind kunne ikke godkendes. Prøv igen, og kontakt IT, hvis det sker igen.",
            "The answer from your organisation's sign-in could not be verified. Try again, and contact IT if it happens again.",
        ),
        Key::SsoEmailUnverified => (
            "Din organisation har ikke bekræftet din e-mailadresse over for MUS. Kontakt IT.",
            "Your organisation has not confirmed your e-mail address to MUS. Contact IT.",
        ),
        Key::SsoUnknownPerson => (
            "Du er ikke oprettet i MUS. Kontakt HR.",
            "You have not been added to MUS. Contact HR.",
        ),
        Key::SsoLeft => (
            "Din adgang til MUS er ophørt, fordi du er fratrådt. Kontakt HR, hvis det er en fejl.",
            "Your access to MUS has ended because you have left. Contact HR if this is a mistake.",
        ),
        Key::SsoOtherAccount => (
            "Din bruger i MUS er knyttet til en anden konto hos din organisation. Kontakt HR.",
            "Your MUS user is linked to another account at your organisation. Contact HR.",
        ),
        Key::ErrorPasswordSignInOff => (
            "Log ind med adgangskode er slået fra. Log ind gennem din organisation.",
            "Signing in with a password is switched off. Sign in through your organisation.",
        ),
        Key::Loading => ("Henter …", "Loading …"),
        Key::FieldEmail => ("E-mail", "E-mail"),
        Key::FieldRole => ("Rolle", "Role"),
        Key::FieldManager => ("Nærmeste leder", "Manager"),
        Key::FieldDepartment => ("Afdeling", "Department"),
        Key::YourDetails => ("Dine oplysninger", "Your details"),
        Key::TitleConversation => ("Samtale · MUS", "Conversation · MUS"),
        Key::TitlePreparation => ("Forberedelse · MUS", "Preparation · MUS"),
        Key::TitleMeeting => ("Mødet og dagsorden · MUS", "Meeting and agenda · MUS"),
        Key::Breadcrumbs => ("Du er her", "You are here"),
        Key::YourConversation => ("Din MUS-samtale", "Your development conversation"),
        Key::NoOwnConversation => (
            "Du har ingen MUS-samtale i en aktiv runde lige nu.",
            "You have no development conversation in an open round right now.",
        ),
        Key::ReportConversations => ("Dine medarbejderes samtaler", "Your reports' conversations"),
        Key::NoReportConversations => (
            "Ingen af dine medarbejdere har en samtale i en aktiv runde.",
            "None of your reports has a conversation in an open round.",
        ),
        Key::RoundsHeading => ("MUS-runder", "Rounds"),
        Key::NoRounds => (
            "Der er ikke åbnet nogen runder endnu.",
            "No rounds have been opened yet.",
        ),
        Key::ByStatus => ("Samtaler efter status", "Conversations by status"),
        Key::OpenConversation => ("Se samtalen", "See the conversation"),
        Key::FieldEmployee => ("Medarbejder", "Employee"),
        Key::FieldPreparationDeadline => ("Forberedelse senest", "Prepare by"),
        Key::FieldMeeting => ("Mødet", "Meeting"),
        Key::FieldMeetingWindow => ("Møder holdes", "Meetings are held"),
        Key::FieldPreparations => ("Forberedelse", "Preparation"),
        Key::StatusPlanned => ("Ikke begyndt", "Not started"),
        Key::StatusPreparing => ("Under forberedelse", "Preparing"),
        Key::StatusReady => ("Klar til samtalen", "Ready for the meeting"),
        Key::StatusHeld => ("Samtalen er holdt", "Meeting held"),
        Key::StatusSummaryDraft => ("Referat under udarbejdelse", "Summary being written"),
        Key::StatusAwaitingSignatures => ("Afventer underskrift", "Awaiting signatures"),
        Key::StatusSigned => ("Underskrevet", "Signed"),
        Key::StatusCancelled => ("Aflyst", "Cancelled"),
        Key::NextPrepareOwn => ("Forbered din samtale", "Prepare your conversation"),
        Key::NextPrepareReport => ("Forbered samtalen", "Prepare the conversation"),
        Key::NextShare => ("Del din forberedelse", "Share your preparation"),
        Key::NextScheduleMeeting => ("Planlæg mødet", "Schedule the meeting"),
        Key::NextOpenAgenda => ("Se mødet og dagsordenen", "See the meeting and agenda"),
        Key::NextOpenConversation => ("Se samtalen", "See the conversation"),
        Key::NextWriteSummary => ("Skriv referatet", "Write the summary"),
        Key::NextReadSummary => ("Læs referatet", "Read the summary"),
        Key::NextSignSummary => ("Underskriv referatet", "Sign the summary"),
        Key::NextFollowUp => ("Kvartalsopfølgning", "Quarterly follow-up"),
        Key::NavAgreements => ("Aftaler", "Agreements"),
        Key::NavTeam => ("Mit team", "My team"),
        Key::NavOrganisation => ("Organisation", "Organisation"),
        Key::NavPeople => ("Medarbejdere", "People"),
        Key::NavForms => ("Samtaleformer", "Forms"),
        Key::NavIntegrations => ("Integrationer", "Integrations"),
        Key::NavMyData => ("Mine data", "My data"),
        Key::NavTokens => ("API-nøgler", "API tokens"),
        Key::LinkSummary => ("Referat og underskrift", "Summary and sign-off"),
        Key::LinkFollowUp => (
            "Aftaler og kvartalsopfølgning",
            "Agreements and quarterly follow-up",
        ),
        Key::AboutConversation => ("Om samtalen", "About the conversation"),
        Key::WhatNow => ("Næste skridt", "Next step"),
        Key::LinkPreparation => ("Din forberedelse", "Your preparation"),
        Key::LinkMeeting => ("Mødet og dagsordenen", "The meeting and agenda"),
        Key::AfterMeetingNote => (
            "Samtalen er holdt, så forberedelsen er lukket.",
            "The meeting has been held, so preparation is closed.",
        ),
        Key::MeetingNotScheduled => (
            "Mødet er ikke planlagt endnu",
            "The meeting is not scheduled yet",
        ),
        Key::PreparationHeading => ("Din forberedelse", "Your preparation"),
        Key::PreparationClosed => (
            "Samtalen er holdt. Forberedelsen kan ikke længere ændres.",
            "The meeting has been held. The preparation can no longer be changed.",
        ),
        Key::SectionsNav => ("Skemaets afsnit", "Sections of the form"),
        Key::ProgressHeading => ("Status", "Status"),
        Key::PreviousSection => ("Forrige afsnit", "Previous section"),
        Key::NextSection => ("Næste afsnit", "Next section"),
        Key::SaveNothingYet => ("Intet skrevet endnu", "Nothing written yet"),
        Key::SaveUnsaved => (
            "Ændringer gemmes om et øjeblik …",
            "Saving your changes in a moment …",
        ),
        Key::SaveSaving => ("Gemmer …", "Saving …"),
        Key::SaveOffline => (
            "Ingen forbindelse til serveren. Dine svar er gemt i denne browser og sendes, så snart forbindelsen er tilbage.",
            "No connection to the server. Your answers are kept in this browser and sent as soon as the connection is back.",
        ),
        Key::SaveConflict => (
            "Din forberedelse er ændret et andet sted. Vælg, hvilken tekst du vil beholde.",
            "Your preparation was changed elsewhere. Choose which text to keep.",
        ),
        Key::SaveSignedOut => (
            "Du er blevet logget ud. Dine svar er gemt i denne browser; log ind igen for at gemme dem.",
            "You have been signed out. Your answers are kept in this browser; sign in again to save them.",
        ),
        Key::SaveFailed => (
            "Dine svar kunne ikke gemmes.",
            "Your answers could not be saved.",
        ),
        Key::NotKeptLocally => (
            "Browseren vil ikke gemme en kopi af dine svar. Luk ikke siden, før der står, at alt er gemt.",
            "The browser will not keep a copy of your answers. Do not close the page until it says everything is saved.",
        ),
        Key::ConflictHeading => (
            "To udgaver af din forberedelse",
            "Two versions of your preparation",
        ),
        Key::ConflictIntro => (
            "Mens du skrev her, blev din forberedelse gemt et andet sted (en anden fane eller enhed). Her er begge udgaver af de svar, der er forskellige. Vælg, hvilken du vil beholde.",
            "While you were writing here, your preparation was saved somewhere else (another tab or device). Here are both versions of the answers that differ. Choose which to keep.",
        ),
        Key::ConflictMine => ("Din tekst i denne browser", "Your text in this browser"),
        Key::ConflictTheirs => ("Den gemte tekst", "The saved text"),
        Key::ConflictKeepMine => ("Behold min tekst", "Keep my text"),
        Key::ConflictKeepTheirs => ("Brug den gemte tekst", "Use the saved text"),
        Key::ShareHeading => (
            "Hvem kan se din forberedelse?",
            "Who can see your preparation?",
        ),
        Key::VisibilityNow => ("Nu", "Now"),
        Key::VisibilityAfter => ("Når du har delt", "Once you share"),
        Key::SimultaneousReveal => (
            "I denne runde ser I først hinandens forberedelse, når I begge har delt.",
            "In this round you see each other's preparation only once you have both shared.",
        ),
        Key::ShareWaitForSave => (
            "Du kan dele, når dine svar er gemt.",
            "You can share once your answers are saved.",
        ),
        Key::ShareConfirm => ("Ja, del min forberedelse", "Yes, share my preparation"),
        Key::Cancel => ("Fortryd", "Cancel"),
        Key::MeetingHeading => ("Mødet og dagsordenen", "The meeting and agenda"),
        Key::WhenAndWhere => ("Tid og sted", "Time and place"),
        Key::MoveMeeting => ("Flyt mødet", "Move the meeting"),
        Key::MeetingDate => ("Dato", "Date"),
        Key::MeetingTime => ("Klokkeslæt (dansk tid)", "Time (Danish time)"),
        Key::MeetingLength => ("Varighed", "Length"),
        Key::MeetingPlace => ("Sted", "Place"),
        Key::MeetingPlaceExample => (
            "Fx mødelokale 2 eller et videolink",
            "For example meeting room 2 or a video link",
        ),
        Key::SaveMeeting => ("Gem tid og sted", "Save time and place"),
        Key::MeetingBadTime => (
            "Vælg en dato og et klokkeslæt, der findes.",
            "Choose a date and a time that exist.",
        ),
        Key::MeetingSaved => ("Mødet er gemt.", "The meeting is saved."),
        Key::MeetingNeedsPlace => ("Skriv, hvor I mødes.", "Enter where you meet."),
        Key::MeetingBadLength => (
            "Et møde varer mellem 15 minutter og 8 timer.",
            "A meeting lasts between 15 minutes and 8 hours.",
        ),
        Key::DownloadInvitation => (
            "Hent kalenderinvitation (.ics)",
            "Download calendar invitation (.ics)",
        ),
        Key::HeldHeading => ("Efter mødet", "After the meeting"),
        Key::HeldDone => (
            "Samtalen er holdt. Forberedelsen er lukket, og referatet er næste skridt.",
            "The meeting has been held. Preparation is closed; the summary comes next.",
        ),
        Key::HeldByManager => (
            "Når I har holdt samtalen, markerer din leder den som holdt.",
            "Once you have had the meeting, your manager marks it as held.",
        ),
        Key::HeldNeedsMeeting => (
            "Planlæg mødet først. Bagefter kan du markere det som holdt her.",
            "Schedule the meeting first. Afterwards you can mark it as held here.",
        ),
        Key::HeldExplain => (
            "Markér samtalen som holdt, når I har holdt mødet. Så lukker forberedelsen for jer begge.",
            "Mark the conversation as held once you have had the meeting. Preparation then closes for you both.",
        ),
        Key::MarkHeld => ("Markér samtalen som holdt", "Mark the conversation as held"),
        Key::HeldConfirmQuestion => (
            "Er samtalen holdt? Ingen af jer kan derefter ændre forberedelsen eller mødetidspunktet.",
            "Has the meeting taken place? Neither of you can change the preparation or the meeting time afterwards.",
        ),
        Key::HeldConfirm => ("Ja, samtalen er holdt", "Yes, the meeting was held"),
        Key::AgendaHeading => ("Dagsorden", "Agenda"),
        Key::AgendaIntro => (
            "Skemaets spørgsmål med jeres svar side om side, så vidt de er delt.",
            "The form's questions with both your answers side by side, as far as they have been shared.",
        ),
        Key::AgendaNothingShared => (
            "Ingen har delt sin forberedelse endnu. Dagsordenen fyldes ud, efterhånden som I deler.",
            "Nobody has shared their preparation yet. The agenda fills in as you share.",
        ),
        Key::AgendaNotShared => ("Ikke delt endnu", "Not shared yet"),
        Key::AgendaUnanswered => ("Ikke besvaret", "Not answered"),
        Key::AgendaOnlyYou => (
            "kun synligt for dig, indtil du deler",
            "visible only to you until you share",
        ),
        Key::LoadFailedHeading => (
            "Dine oplysninger kunne ikke hentes",
            "Your details could not be loaded",
        ),
        Key::TryAgain => ("Prøv igen", "Try again"),
        Key::GoToLogin => ("Gå til log ind", "Go to sign in"),
        Key::Redirecting => ("Sender dig til log ind …", "Taking you to sign in …"),
        Key::NotFoundHeading => ("Siden findes ikke", "Page not found"),
        Key::NotFoundBody => (
            "Adressen passer ikke til nogen side i MUS.",
            "This address does not match any page in MUS.",
        ),
        Key::BackToHome => ("Gå til forsiden", "Go to the home page"),
        Key::RoleEmployee => ("Medarbejder", "Employee"),
        Key::RoleManager => ("Leder", "Manager"),
        Key::RoleHrAdmin => ("HR-administrator", "HR administrator"),
        Key::ErrorInvalidCredentials => (
            "Forkert e-mail eller adgangskode.",
            "Wrong e-mail or password.",
        ),
        Key::ErrorTooManyAttempts => (
            "For mange forkerte forsøg på at logge ind. Vent et kvarter, og prøv igen.",
            "Too many failed sign-ins. Wait a quarter of an hour and try again.",
        ),
        Key::ErrorCannotReachServer => (
            "Serveren kan ikke nås. Tjek din forbindelse, og prøv igen.",
            "Cannot reach the server. Check your connection and try again.",
        ),
        Key::ErrorUnexpectedResponse => (
            "Serveren svarede på en uventet måde. Prøv igen om lidt.",
            "The server answered in an unexpected way. Please try again in a moment.",
        ),
        Key::ErrorSessionEnded => (
            "Du er blevet logget ud. Log ind igen.",
            "You have been signed out. Please sign in again.",
        ),
        Key::ErrorForbidden => (
            "Du har ikke adgang til dette.",
            "You do not have access to this.",
        ),
        Key::ErrorNotFound => (
            "Det, du leder efter, findes ikke.",
            "What you are looking for does not exist.",
        ),
        Key::ErrorInvalidInput => (
            "Oplysningerne er ikke gyldige. Tjek dem, og prøv igen.",
            "The information is not valid. Check it and try again.",
        ),
        Key::ErrorUnavailable => (
            "MUS er midlertidigt utilgængelig. Prøv igen om lidt.",
            "MUS is temporarily unavailable. Please try again in a moment.",
        ),
        Key::ErrorChangedMeanwhile => (
            "Det er blevet ændret i mellemtiden. Genindlæs siden, og prøv igen.",
            "It was changed meanwhile. Reload the page and try again.",
        ),
        Key::ForgotPassword => ("Glemt din adgangskode?", "Forgot your password?"),
        Key::ErrorLinkInvalid => (
            "Linket er brugt, afløst af et nyere eller udløbet. Bed om et nyt.",
            "This link has been used, replaced by a newer one, or has expired. Ask for a new one.",
        ),
        Key::SaveTooLong => (
            "Et svar er for langt og er ikke gemt. Resten er gemt, og teksten står stadig her; forkort svaret, så gemmes det.",
            "One answer is too long and has not been saved. The rest is saved and the text is still here; shorten the answer and it will be saved.",
        ),
        Key::OpenNewRound => ("Åbn en ny MUS-runde", "Open a new round"),
        Key::ErrorTooEarly => (
            "Det kan først lade sig gøre senere. Genindlæs siden for at se fra hvilken dag.",
            "That is not possible yet. Reload the page to see from which day.",
        ),
        Key::ErrorWrongState => (
            "Det kan ikke lade sig gøre, hvor samtalen er nu. Genindlæs siden for at se, hvor den står.",
            "That is not possible at this point of the conversation. Reload the page to see where it stands.",
        ),
        Key::ErrorGeneric => (
            "Noget gik galt. Prøv igen om lidt.",
            "Something went wrong. Please try again in a moment.",
        ),
        Key::ChunkFailed => (
            "Denne side kunne ikke hentes. Tjek forbindelsen, og genindlæs siden.",
            "This page could not be fetched. Check the connection and reload the page.",
        ),
        Key::Reload => ("Genindlæs", "Reload"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// The greeting around a person's name, as (before, after), so the page can
/// mark the name up on its own.
pub fn welcome_around_name(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Da => ("Velkommen, ", ""),
        Lang::En => ("Welcome, ", ""),
    }
}

/// The organisation's sign-in button: its name, or else "your organisation".
pub fn sign_in_with(lang: Lang, label: Option<&str>) -> String {
    let label = label.map(str::trim).filter(|label| !label.is_empty());
    match lang {
        Lang::Da => format!("Log ind med {}", label.unwrap_or("din organisation")),
        Lang::En => format!("Sign in with {}", label.unwrap_or("your organisation")),
    }
}

/// Why the organisation's sign-in did not sign the person in.
pub fn sso_error_key(error: SsoError) -> Key {
    match error {
        SsoError::Cancelled => Key::SsoCancelled,
        SsoError::Expired => Key::SsoExpired,
        SsoError::ProviderError => Key::SsoProviderError,
        SsoError::NotVerified => Key::SsoNotVerified,
        SsoError::EmailUnverified => Key::SsoEmailUnverified,
        SsoError::UnknownPerson => Key::SsoUnknownPerson,
        SsoError::Left => Key::SsoLeft,
        SsoError::OtherAccount => Key::SsoOtherAccount,
    }
}

/// The accessible name of the language switch. It contains the visible text
/// (the other language's name) so that speech control can find the button.
pub fn switch_language_label(lang: Lang) -> String {
    let target = lang.other().native_name();
    match lang {
        Lang::Da => format!("Skift sprog: {target}"),
        Lang::En => format!("Change language: {target}"),
    }
}

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Employee => Key::RoleEmployee,
        Role::Manager => Key::RoleManager,
        Role::HrAdmin => Key::RoleHrAdmin,
    }
}

pub fn status_key(status: ConversationStatus) -> Key {
    match status {
        ConversationStatus::Planned => Key::StatusPlanned,
        ConversationStatus::Preparing => Key::StatusPreparing,
        ConversationStatus::Ready => Key::StatusReady,
        ConversationStatus::Held => Key::StatusHeld,
        ConversationStatus::SummaryDraft => Key::StatusSummaryDraft,
        ConversationStatus::AwaitingSignatures => Key::StatusAwaitingSignatures,
        ConversationStatus::Signed => Key::StatusSigned,
        ConversationStatus::Cancelled => Key::StatusCancelled,
    }
}

pub fn deadline_text(lang: Lang, day: NaiveDate) -> String {
    time::date(lang, day)
}

pub fn meeting_window(lang: Lang, from: NaiveDate, until: NaiveDate) -> String {
    let (from, until) = (time::date(lang, from), time::date(lang, until));
    match lang {
        Lang::Da => format!("Fra {from} til {until}"),
        Lang::En => format!("From {from} to {until}"),
    }
}

pub fn meeting_window_hint(lang: Lang, from: NaiveDate, until: NaiveDate) -> String {
    let (from, until) = (time::date(lang, from), time::date(lang, until));
    match lang {
        Lang::Da => format!("Rundens møder holdes fra {from} til {until}, i dansk tid."),
        Lang::En => {
            format!("The round's meetings are held from {from} to {until}, in Danish time.")
        }
    }
}

pub fn round_dates(lang: Lang, deadline: NaiveDate, from: NaiveDate, until: NaiveDate) -> String {
    let deadline = time::date(lang, deadline);
    let (from, until) = (time::date(lang, from), time::date(lang, until));
    match lang {
        Lang::Da => format!("Forberedelse senest {deadline} · møder fra {from} til {until}"),
        Lang::En => format!("Prepare by {deadline} · meetings from {from} to {until}"),
    }
}

pub fn signed_of(lang: Lang, signed: u32, total: u32) -> String {
    match lang {
        Lang::Da => format!("{signed} af {total} samtaler underskrevet"),
        Lang::En => format!("{signed} of {total} conversations signed"),
    }
}

pub fn answered_of(lang: Lang, done: usize, of: usize) -> String {
    match lang {
        Lang::Da => format!("{done} af {of} besvaret"),
        Lang::En => format!("{done} of {of} answered"),
    }
}

pub fn section_of(lang: Lang, n: usize, of: usize) -> String {
    match lang {
        Lang::Da => format!("Afsnit {n} af {of}"),
        Lang::En => format!("Section {n} of {of}"),
    }
}

pub fn shared_state(lang: Lang, name: &str, shared: bool) -> String {
    match (lang, shared) {
        (Lang::Da, true) => format!("{name} har delt sin forberedelse"),
        (Lang::Da, false) => format!("{name} har ikke delt endnu"),
        (Lang::En, true) => format!("{name} has shared their preparation"),
        (Lang::En, false) => format!("{name} has not shared yet"),
    }
}

pub fn conversation_between(lang: Lang, employee: &str, manager: &str) -> String {
    match lang {
        Lang::Da => format!("MUS-samtale mellem {employee} og {manager}"),
        Lang::En => format!("Development conversation between {employee} and {manager}"),
    }
}

/// The lead of the preparation page; `open` false once the meeting is held
/// and nothing more is saved.
pub fn preparing_with(lang: Lang, other: &str, open: bool) -> String {
    match (lang, open) {
        (Lang::Da, true) => format!(
            "Til din samtale med {other}. Svar på de spørgsmål, du har lyst til; alt gemmes, mens du skriver."
        ),
        (Lang::En, true) => format!(
            "For your conversation with {other}. Answer the questions you want to; everything is saved as you type."
        ),
        (Lang::Da, false) => {
            format!("Din forberedelse til samtalen med {other}, som den stod, da I holdt mødet.")
        }
        (Lang::En, false) => {
            format!("Your preparation for the conversation with {other}, as it stood when you met.")
        }
    }
}

pub fn saved_at(lang: Lang, clock: &str) -> String {
    match lang {
        Lang::Da => format!("Alt er gemt (kl. {clock})"),
        Lang::En => format!("Everything is saved ({clock})"),
    }
}

pub fn share_with_manager(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("Del med din leder, {name}"),
        Lang::En => format!("Share with my manager, {name}"),
    }
}

pub fn share_with_employee(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("Del med din medarbejder, {name}"),
        Lang::En => format!("Share with my employee, {name}"),
    }
}

pub fn before_sharing(lang: Lang, other: &str) -> String {
    match lang {
        Lang::Da => format!(
            "Kun du kan se din forberedelse. {other} kan ikke se den, og HR ser aldrig indholdet."
        ),
        Lang::En => format!(
            "Only you can see your preparation. {other} cannot see it, and HR never sees its content."
        ),
    }
}

pub fn after_sharing(lang: Lang, other: &str) -> String {
    match lang {
        Lang::Da => format!(
            "{other} kan læse dine svar, også det du retter bagefter, indtil samtalen er holdt. \
             En deling kan ikke trækkes tilbage. HR ser stadig aldrig indholdet."
        ),
        Lang::En => format!(
            "{other} can read your answers, including what you change afterwards, until the meeting \
             is held. Sharing cannot be undone. HR still never sees the content."
        ),
    }
}

pub fn share_confirm(lang: Lang, other: &str) -> String {
    match lang {
        Lang::Da => format!("Vil du dele din forberedelse med {other} nu?"),
        Lang::En => format!("Share your preparation with {other} now?"),
    }
}

/// In the confirmation before sharing: what is still unanswered.
pub fn unanswered_before_sharing(lang: Lang, unanswered: usize, total: usize) -> String {
    match (lang, unanswered == total, unanswered) {
        (Lang::Da, true, _) => format!(
            "Du har ikke besvaret nogen af de {total} spørgsmål endnu. Du kan dele alligevel, og du kan skrive videre bagefter."
        ),
        (Lang::Da, false, 1) => format!(
            "1 af {total} spørgsmål er ikke besvaret. Du kan dele alligevel, og du kan skrive videre bagefter."
        ),
        (Lang::Da, false, n) => format!(
            "{n} af {total} spørgsmål er ikke besvaret. Du kan dele alligevel, og du kan skrive videre bagefter."
        ),
        (Lang::En, true, _) => format!(
            "You have not answered any of the {total} questions yet. You can share anyway, and keep writing afterwards."
        ),
        (Lang::En, false, 1) => format!(
            "1 of {total} questions is not answered. You can share anyway, and keep writing afterwards."
        ),
        (Lang::En, false, n) => format!(
            "{n} of {total} questions are not answered. You can share anyway, and keep writing afterwards."
        ),
    }
}

pub fn shared_with_at(lang: Lang, other: &str, at: DateTime<Utc>) -> String {
    let when = time::moment(lang, at);
    match lang {
        Lang::Da => format!("Delt med {other} den {when}."),
        Lang::En => format!("Shared with {other} on {when}."),
    }
}

/// A whole number with the language's thousands separator: `20.000` / `20,000`.
pub fn number(lang: Lang, n: usize) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The counter under a free-text answer: `1.234 / 20.000 tegn`.
pub fn char_count(lang: Lang, count: usize, limit: usize) -> String {
    let (count, limit) = (number(lang, count), number(lang, limit));
    match lang {
        Lang::Da => format!("{count} / {limit} tegn"),
        Lang::En => format!("{count} / {limit} characters"),
    }
}

/// Next to an answer over the limit: the limit, and that the text is kept.
pub fn answer_too_long(lang: Lang, count: usize) -> String {
    let over = number(
        lang,
        count.saturating_sub(mus_domain::preparation::MAX_ANSWER_CHARS),
    );
    let limit = number(lang, mus_domain::preparation::MAX_ANSWER_CHARS);
    match lang {
        Lang::Da => format!(
            "Svaret er {over} tegn for langt: højst {limit} tegn. Det gemmes ikke, før det er forkortet, men teksten bliver stående her."
        ),
        Lang::En => format!(
            "This answer is {over} characters too long: at most {limit} characters. It is not saved until it is shortened, but the text stays here."
        ),
    }
}

/// Why the held button waits: the meeting's day has not come.
pub fn held_from(lang: Lang, day: NaiveDate) -> String {
    let day = time::date(lang, day);
    match lang {
        Lang::Da => {
            format!("Mødet er ikke holdt endnu. Du kan markere det som holdt fra mødedagen, {day}.")
        }
        Lang::En => format!(
            "The meeting has not taken place yet. You can mark it as held from the day of the meeting, {day}."
        ),
    }
}

pub fn minutes(lang: Lang, minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (lang, hours, rest) {
        (Lang::Da, 0, m) => format!("{m} minutter"),
        (Lang::Da, 1, 0) => "1 time".to_owned(),
        (Lang::Da, h, 0) => format!("{h} timer"),
        (Lang::Da, h, m) => format!("{h} t. {m} min."),
        (Lang::En, 0, m) => format!("{m} minutes"),
        (Lang::En, 1, 0) => "1 hour".to_owned(),
        (Lang::En, h, 0) => format!("{h} hours"),
        (Lang::En, h, m) => format!("{h} h {m} min"),
    }
}

/// An answer in words: the text, the point on the scale with its label, or
/// the chosen options.
pub fn answer_text(lang: Lang, kind: &QuestionKind, answer: Option<&Answer>) -> String {
    let none = || match lang {
        Lang::Da => "(intet svar)".to_owned(),
        Lang::En => "(no answer)".to_owned(),
    };
    match (kind, answer) {
        (_, None) => none(),
        (QuestionKind::Scale { labels }, Some(Answer::Scale(point))) => {
            let label = labels
                .get(usize::from(*point).saturating_sub(1))
                .map(|l| l.trim())
                .filter(|l| !l.is_empty());
            let of = match lang {
                Lang::Da => "af",
                Lang::En => "of",
            };
            match label {
                Some(label) => format!("{point} {of} 5 – {label}"),
                None => format!("{point} {of} 5"),
            }
        }
        (_, Some(Answer::Scale(point))) => point.to_string(),
        (_, Some(Answer::Text(text))) if text.trim().is_empty() => none(),
        (_, Some(Answer::Text(text))) => text.clone(),
        (_, Some(Answer::Choices(chosen))) if chosen.is_empty() => none(),
        (_, Some(Answer::Choices(chosen))) => chosen.join(", "),
    }
}

/// Why a request failed, reduced to what the interface needs to tell people.
///
/// Unlike [`ClientError`] this is `Copy`, so it can live in signals and
/// resources, which hand out clones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The session is over; the person must sign in again.
    SignedOut,
    CannotReachServer,
    UnexpectedResponse,
    Api(ErrorCode),
}

impl Failure {
    /// Not there, or not the caller's: the page has nothing to retry.
    pub fn is_not_found(self) -> bool {
        self == Failure::Api(ErrorCode::NotFound)
    }

    pub fn message_key(self) -> Key {
        match self {
            Failure::SignedOut => Key::ErrorSessionEnded,
            Failure::CannotReachServer => Key::ErrorCannotReachServer,
            Failure::UnexpectedResponse => Key::ErrorUnexpectedResponse,
            Failure::Api(code) => error_code_key(code),
        }
    }
}

impl From<&ClientError> for Failure {
    fn from(error: &ClientError) -> Failure {
        // The client owns the rule for which codes end a session.
        if error.is_signed_out() {
            return Failure::SignedOut;
        }
        match error {
            ClientError::Api(problem) => Failure::Api(problem.code),
            ClientError::Transport(_) => Failure::CannotReachServer,
            ClientError::Decode(_) => Failure::UnexpectedResponse,
        }
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Failure {
        Failure::from(&error)
    }
}

/// The message for a problem code. `ErrorCode` is `#[non_exhaustive]`, so
/// codes added later fall back to the generic message until they get their own.
pub fn error_code_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::InvalidCredentials => Key::ErrorInvalidCredentials,
        ErrorCode::TooManyAttempts => Key::ErrorTooManyAttempts,
        ErrorCode::PasswordSignInOff => Key::ErrorPasswordSignInOff,
        ErrorCode::Unauthenticated
        | ErrorCode::TokenExpired
        | ErrorCode::TokenInvalid
        | ErrorCode::RefreshTokenInvalid
        | ErrorCode::RefreshTokenReused => Key::ErrorSessionEnded,
        // HR may set a first password, never replace one.
        ErrorCode::Forbidden | ErrorCode::PasswordAlreadySet => Key::ErrorForbidden,
        ErrorCode::NotFound => Key::ErrorNotFound,
        ErrorCode::MalformedJson
        | ErrorCode::InvalidBody
        | ErrorCode::InvalidParameter
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::AlreadyExists => Key::ErrorInvalidInput,
        ErrorCode::Unavailable => Key::ErrorUnavailable,
        ErrorCode::VersionConflict | ErrorCode::Conflict => Key::ErrorChangedMeanwhile,
        ErrorCode::WrongState => Key::ErrorWrongState,
        ErrorCode::LinkInvalid => Key::ErrorLinkInvalid,
        ErrorCode::TooEarly => Key::ErrorTooEarly,
        ErrorCode::MethodNotAllowed | ErrorCode::Internal => Key::ErrorGeneric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for code in ErrorCode::ALL {
            let key = error_code_key(code);
            assert!(!t(Lang::Da, key).is_empty());
            assert!(!t(Lang::En, key).is_empty());
        }
    }

    #[test]
    fn every_sso_error_has_a_message_in_both_languages() {
        for error in SsoError::ALL {
            let key = sso_error_key(error);
            assert!(!t(Lang::Da, key).is_empty());
            assert!(!t(Lang::En, key).is_empty());
        }
        assert_eq!(
            t(Lang::Da, sso_error_key(SsoError::UnknownPerson)),
            "Du er ikke oprettet i MUS. Kontakt HR."
        );
    }

    #[test]
    fn the_organisations_button_names_it_or_says_your_organisation() {
        assert_eq!(
            sign_in_with(Lang::Da, Some("Solbakke Kommune")),
            "Log ind med Solbakke Kommune"
        );
        assert_eq!(
            sign_in_with(Lang::En, None),
            "Sign in with your organisation"
        );
        assert_eq!(
            sign_in_with(Lang::Da, Some(" ")),
            "Log ind med din organisation"
        );
    }

    #[test]
    fn client_errors_become_failures() {
        let api = |code| ClientError::Api(Box::new(mus_domain::Problem::new(code)));
        assert_eq!(
            Failure::from(api(ErrorCode::TokenExpired)),
            Failure::SignedOut
        );
        assert_eq!(
            Failure::from(api(ErrorCode::InvalidCredentials)),
            Failure::Api(ErrorCode::InvalidCredentials)
        );
        assert_eq!(
            Failure::from(ClientError::Transport("refused".into())),
            Failure::CannotReachServer
        );
        assert_eq!(
            Failure::from(ClientError::Decode("html".into())),
            Failure::UnexpectedResponse
        );
    }

    #[test]
    fn answers_read_as_words() {
        let scale = QuestionKind::Scale {
            labels: vec![
                "Dårligt".into(),
                String::new(),
                String::new(),
                String::new(),
                "Godt".into(),
            ],
        };
        assert_eq!(
            answer_text(Lang::Da, &scale, Some(&Answer::Scale(5))),
            "5 af 5 – Godt"
        );
        assert_eq!(
            answer_text(Lang::En, &scale, Some(&Answer::Scale(3))),
            "3 of 5"
        );
        let choices = Answer::Choices(vec!["Kursus".into(), "Rotation".into()]);
        assert_eq!(
            answer_text(Lang::Da, &QuestionKind::Text, Some(&choices)),
            "Kursus, Rotation"
        );
        assert_eq!(
            answer_text(Lang::Da, &QuestionKind::Text, None),
            "(intet svar)"
        );
    }

    #[test]
    fn counts_read_with_the_languages_separator() {
        assert_eq!(char_count(Lang::Da, 1_234, 20_000), "1.234 / 20.000 tegn");
        assert_eq!(char_count(Lang::En, 999, 20_000), "999 / 20,000 characters");
        assert_eq!(number(Lang::Da, 0), "0");
        assert_eq!(number(Lang::Da, 1_000_000), "1.000.000");
    }

    #[test]
    fn meeting_lengths_read_naturally() {
        assert_eq!(minutes(Lang::Da, 45), "45 minutter");
        assert_eq!(minutes(Lang::Da, 60), "1 time");
        assert_eq!(minutes(Lang::Da, 90), "1 t. 30 min.");
        assert_eq!(minutes(Lang::En, 120), "2 hours");
    }

    #[test]
    fn every_status_has_a_name_in_both_languages() {
        for status in ConversationStatus::ALL {
            let key = status_key(status);
            assert!(!t(Lang::Da, key).is_empty() && !t(Lang::En, key).is_empty());
        }
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::Da, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
        }
        assert_eq!(Lang::from_code("sv"), None);
    }
}
