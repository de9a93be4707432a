//! The words of "my data" and the API tokens page, in Danish and English:
//! one `match` of `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::{AuditAction, TokenScope};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    TitleMyData,
    TitleTokens,
    MyDataHeading,
    MyDataIntro,
    AccessLogHeading,
    AccessLogIntro,
    NoAccess,
    ShowOlder,
    LoadingOlder,
    When,
    Who,
    What,
    Whose,
    System,
    ExportHeading,
    ExportIntro,
    ExportButton,
    Exporting,
    Exported,
    TokensHeading,
    TokensIntro,
    NoTokens,
    TokenName,
    TokenNameExample,
    TokenScope,
    ScopeRead,
    ScopeWrite,
    ScopeScim,
    TokenExpires,
    TokenDays,
    CreateToken,
    TokenCreatedHeading,
    TokenShownOnce,
    Revoke,
    RevokeConfirm,
    TokenRevoked,
    RevokeQuestion,
    Created,
    Expires,
    NameRequired,
    PasswordHeading,
    PasswordIntro,
    CurrentPassword,
    NewPassword,
    RepeatPassword,
    PasswordRules,
    ChangePassword,
    ChangingPassword,
    PasswordChanged,
    WrongCurrentPassword,
    PasswordsDiffer,
    PasswordSame,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        TitleMyData => ("Mine data · MUS", "My data · MUS"),
        TitleTokens => ("API-nøgler · MUS", "API tokens · MUS"),
        PasswordHeading => ("Skift adgangskode", "Change password"),
        PasswordIntro => (
            "Når du skifter adgangskode, bliver du logget ud alle andre steder, fx på din telefon.",
            "Changing your password signs you out everywhere else, for example on your phone.",
        ),
        CurrentPassword => ("Nuværende adgangskode", "Current password"),
        NewPassword => ("Ny adgangskode", "New password"),
        RepeatPassword => ("Gentag den nye adgangskode", "Repeat the new password"),
        PasswordRules => ("Mindst 10 tegn.", "At least 10 characters."),
        ChangePassword => ("Skift adgangskode", "Change password"),
        ChangingPassword => ("Skifter …", "Changing …"),
        PasswordChanged => (
            "Din adgangskode er skiftet. Du er logget ud på dine andre enheder.",
            "Your password has been changed. You have been signed out on your other devices.",
        ),
        WrongCurrentPassword => (
            "Den nuværende adgangskode er ikke rigtig.",
            "The current password is not right.",
        ),
        PasswordsDiffer => (
            "De to nye adgangskoder er ikke ens.",
            "The two new passwords are not the same.",
        ),
        PasswordSame => (
            "Den nye adgangskode er den samme som den nuværende.",
            "The new password is the same as the current one.",
        ),
        MyDataHeading => ("Mine data", "My data"),
        MyDataIntro => (
            "Hvem har læst dine oplysninger, og alt hvad MUS har om dig, til at gemme.",
            "Who has read your information, and everything MUS holds about you, to keep.",
        ),
        AccessLogHeading => (
            "Hvem har læst mine oplysninger",
            "Who has read my information",
        ),
        AccessLogIntro => (
            "Hver gang en anden end dig læser din forberedelse, dit referat, dine aftaler eller dine opfølgninger, skrives det her. Det gør det også, når du får en ny nærmeste leder, for så kan vedkommende læse dine referater.",
            "Every time someone other than you reads your preparation, summary, agreements or check-ins, it is written here. So is a new nearest manager, who can then read your summaries.",
        ),
        ShowOlder => ("Vis ældre", "Show older"),
        LoadingOlder => ("Henter ældre …", "Loading older …"),
        NoAccess => (
            "Ingen andre har læst dine oplysninger endnu.",
            "No one else has read your information yet.",
        ),
        When => ("Hvornår", "When"),
        Who => ("Hvem", "Who"),
        What => ("Hvad", "What"),
        Whose => ("Hvis", "Whose"),
        System => ("MUS selv", "MUS itself"),
        ExportHeading => ("Hent mine data", "Export my data"),
        ExportIntro => (
            "Dine samtaler, de forberedelser du har skrevet, alle versioner af dine referater, aftaler, opfølgninger og loggen, som én JSON-fil.",
            "Your conversations, the preparations you wrote, every version of your summaries, agreements, check-ins and the log, as one JSON file.",
        ),
        ExportButton => ("Hent mine data (JSON)", "Export my data (JSON)"),
        Exporting => ("Henter …", "Exporting …"),
        Exported => ("Filen er hentet.", "The file has been downloaded."),
        TokensHeading => ("Personlige API-nøgler", "Personal API tokens"),
        TokensIntro => (
            "En nøgle lader et andet system bruge MUS' API på dine vegne, med højst dine rettigheder. Den vises kun én gang.",
            "A token lets another system use the MUS API on your behalf, with at most your rights. It is shown only once.",
        ),
        NoTokens => ("Du har ingen nøgler.", "You have no tokens."),
        TokenName => ("Navn", "Name"),
        TokenNameExample => ("fx Lønsystemets integration", "e.g. Payroll integration"),
        TokenScope => ("Rettighed", "Scope"),
        ScopeRead => ("Kun læse", "Read only"),
        ScopeWrite => ("Læse og skrive", "Read and write"),
        ScopeScim => ("Brugerprovisionering (SCIM)", "User provisioning (SCIM)"),
        TokenExpires => ("Udløber", "Expires"),
        TokenDays => ("dage", "days"),
        CreateToken => ("Opret nøgle", "Create token"),
        TokenCreatedHeading => ("Din nye nøgle", "Your new token"),
        TokenShownOnce => (
            "Kopiér den nu: MUS gemmer kun et fingeraftryk og kan ikke vise den igen.",
            "Copy it now: MUS keeps only a fingerprint and cannot show it again.",
        ),
        Revoke => ("Tilbagekald", "Revoke"),
        RevokeConfirm => ("Ja, tilbagekald", "Yes, revoke"),
        TokenRevoked => ("Nøglen er tilbagekaldt.", "The token is revoked."),
        RevokeQuestion => (
            "Tilbagekald nøglen? Systemer, der bruger den, mister adgangen med det samme.",
            "Revoke the token? Systems that use it lose access at once.",
        ),
        Created => ("Oprettet", "Created"),
        Expires => ("Udløber", "Expires"),
        NameRequired => ("Giv nøglen et navn.", "Give the token a name."),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn scope(lang: Lang, scope: TokenScope) -> &'static str {
    tx(
        lang,
        match scope {
            TokenScope::Read => Text::ScopeRead,
            TokenScope::Write => Text::ScopeWrite,
            TokenScope::Scim => Text::ScopeScim,
        },
    )
}

/// What happened, in words.
pub fn action(lang: Lang, action: AuditAction) -> &'static str {
    use AuditAction::*;
    let (da, en) = match action {
        SignedIn => ("Loggede ind", "Signed in"),
        PersonCreated => ("Oprettede en person", "Created a person"),
        PersonUpdated => ("Ændrede en person", "Changed a person"),
        PeopleImported => ("Importerede personer", "Imported people"),
        DepartmentCreated => ("Oprettede en afdeling", "Created a department"),
        ApiTokenCreated => ("Oprettede en API-nøgle", "Created an API token"),
        ApiTokenRevoked => ("Tilbagekaldte en API-nøgle", "Revoked an API token"),
        PersonRead => ("Læste personoplysninger", "Read personal details"),
        DataExported => ("Hentede data", "Exported data"),
        TemplateCreated => ("Oprettede en samtaleform", "Created a form"),
        TemplateChanged => ("Ændrede en samtaleform", "Changed a form"),
        RoundOpened => ("Åbnede en runde", "Opened a round"),
        RoundChanged => ("Ændrede en runde", "Changed a round"),
        PreparationSaved => ("Gemte en forberedelse", "Saved a preparation"),
        PreparationShared => ("Delte en forberedelse", "Shared a preparation"),
        PreparationRead => ("Læste forberedelsen", "Read the preparation"),
        MeetingScheduled => ("Planlagde samtalen", "Scheduled the meeting"),
        MeetingCancelled => ("Aflyste mødet", "Cancelled the meeting"),
        MeetingHeld => ("Markerede samtalen som holdt", "Marked the meeting held"),
        SummaryEdited => ("Skrev i referatet", "Edited the summary"),
        SummarySigned => ("Underskrev referatet", "Signed the summary"),
        SummaryAmended => ("Rettede referatet", "Amended the summary"),
        SummaryRead => ("Læste referatet", "Read the summary"),
        PreviousAgreementReviewed => (
            "Gennemgik sidste års aftale",
            "Reviewed last year's agreement",
        ),
        AgreementUpdated => ("Opdaterede en aftale", "Updated an agreement"),
        AgreementsRead => ("Læste aftalerne", "Read the agreements"),
        CheckInCompleted => ("Afsluttede en opfølgning", "Completed a check-in"),
        PreparationDeleted => ("Slettede sin forberedelse", "Deleted their preparation"),
        PasswordChanged => ("Skiftede sin adgangskode", "Changed their password"),
        ManagerChanged => (
            "Gav dig en ny nærmeste leder, som nu kan læse dine referater",
            "Gave you a new nearest manager, who can now read your summaries",
        ),
        AccessEnded => (
            "Afsluttede dine sessioner og API-nøgler på din fratrædelsesdag",
            "Ended your sessions and API tokens on your leaving day",
        ),
        InvitationSent => (
            "Sendte dig en invitation til at vælge din adgangskode",
            "Sent you an invitation to choose your password",
        ),
        PasswordSet => (
            "Valgte sin adgangskode via et link i sin mail",
            "Chose their password through a link in their mail",
        ),
        RetentionApplied => (
            "Slettede indhold efter opbevaringstiden",
            "Removed content after the retention period",
        ),
        WebhookCreated => ("Oprettede en webhook", "Registered a webhook"),
        WebhookSecretRotated => ("Gav en webhook en ny nøgle", "Gave a webhook a new secret"),
        WebhookDeleted => ("Fjernede en webhook", "Removed a webhook"),
        GroupCreated => ("Oprettede en gruppesamtale", "Created a group conversation"),
        GroupMembersChanged => (
            "Ændrede deltagerne i en gruppesamtale",
            "Changed the members of a group conversation",
        ),
        SummaryAcknowledged => (
            "Kvitterede for gruppens referat",
            "Acknowledged the group summary",
        ),
        DevelopmentGoalAdded => (
            "Tilføjede et mål til udviklingsplanen",
            "Added a goal to the development plan",
        ),
        DevelopmentGoalUpdated => (
            "Ændrede et mål i udviklingsplanen",
            "Changed a goal in the development plan",
        ),
        DevelopmentPlanRead => ("Læste udviklingsplanen", "Read the development plan"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}
