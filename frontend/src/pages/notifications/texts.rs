//! The words of the notifications page, in Danish and English: one `match`
//! of `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::NotificationKind;

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    Intro,
    NoneYet,
    MarkAllRead,
    Marking,
    AllRead,
    ShowOlder,
    LoadingOlder,
    New,
    SettingsHeading,
    SettingsIntro,
    AlwaysSent,
    MailLanguage,
    Save,
    Saving,
    Saved,
    DeliveryHeading,
    DeliveryIntro,
    Kind,
    Sent,
    Waiting,
    Retrying,
    Dead,
    NothingSent,
    DeadLettersHeading,
    NoDeadLetters,
    DeadSince,
    Attempts,
    LastError,
    SendAgain,
    SentAgain,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Notifikationer · MUS", "Notifications · MUS"),
        Heading => ("Notifikationer", "Notifications"),
        Intro => (
            "Det MUS har fortalt dig: åbne runder, frister, møder, underskrifter og opfølgning. Beskederne nævner navne, datoer og status, aldrig hvad nogen har skrevet.",
            "What MUS has told you: rounds opening, deadlines, meetings, signatures and follow-up. Messages name people, dates and states, never what anyone wrote.",
        ),
        NoneYet => (
            "Du har ingen notifikationer endnu.",
            "You have no notifications yet.",
        ),
        MarkAllRead => ("Markér alle som læst", "Mark all as read"),
        Marking => ("Markerer …", "Marking …"),
        AllRead => (
            "Alle notifikationer er markeret som læst.",
            "All notifications are marked as read.",
        ),
        ShowOlder => ("Vis ældre", "Show older"),
        LoadingOlder => ("Henter …", "Loading …"),
        New => ("Ny", "New"),
        SettingsHeading => ("Mails fra MUS", "E-mails from MUS"),
        SettingsIntro => (
            "Vælg, hvad du også vil have på mail. Alt står under Notifikationer her uanset hvad du vælger.",
            "Choose what you also want by e-mail. Everything is listed here under Notifications whatever you choose.",
        ),
        AlwaysSent => (
            "Kalenderinvitationer til møder, besked om ny nærmeste leder og links til at logge ind sendes altid.",
            "Calendar invitations to meetings, notice of a new nearest manager and sign-in links are always sent.",
        ),
        MailLanguage => ("Sprog i mails", "Language of e-mails"),
        Save => ("Gem valg", "Save choices"),
        Saving => ("Gemmer …", "Saving …"),
        Saved => ("Dine valg er gemt.", "Your choices are saved."),
        DeliveryHeading => ("Levering af mails", "Delivery of e-mails"),
        DeliveryIntro => (
            "Hvor mange mails af hver slags der er sendt, venter, prøves igen eller er opgivet. Modtagere og indhold vises ikke.",
            "How many e-mails of each kind were sent, are waiting, are being retried or were given up on. Recipients and content are not shown.",
        ),
        Kind => ("Slags", "Kind"),
        Sent => ("Sendt", "Sent"),
        Waiting => ("Venter", "Waiting"),
        Retrying => ("Prøves igen", "Retrying"),
        Dead => ("Opgivet", "Given up"),
        NothingSent => (
            "Der er ikke sendt nogen mails endnu.",
            "No e-mails have been sent yet.",
        ),
        DeadLettersHeading => ("Opgivne mails", "E-mails given up on"),
        NoDeadLetters => (
            "Ingen mails er opgivet.",
            "No e-mails have been given up on.",
        ),
        DeadSince => ("Opgivet", "Given up"),
        Attempts => ("Forsøg", "Attempts"),
        LastError => ("Mailserverens svar", "The mail server's answer"),
        SendAgain => ("Send igen", "Send again"),
        SentAgain => ("Mailen er sat i kø igen.", "The e-mail is queued again."),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// A kind of notification, as a person would name it.
pub fn kind_name(lang: Lang, kind: &str) -> String {
    if let Some(event) = mus_domain::WebhookEvent::parse(kind) {
        return format!(
            "Webhook: {}",
            crate::pages::integrations::event_name(lang, event)
        );
    }
    let (da, en) = match NotificationKind::parse(kind) {
        Some(NotificationKind::RoundOpened) => ("En runde åbner", "A round opens"),
        Some(NotificationKind::PreparationDue) => (
            "Fristen for forberedelsen nærmer sig",
            "The preparation deadline nears",
        ),
        Some(NotificationKind::Meeting) => ("Mødeinvitationer", "Meeting invitations"),
        Some(NotificationKind::SignatureWaiting) => (
            "Et referat venter på din underskrift",
            "A summary awaits your signature",
        ),
        Some(NotificationKind::CheckInDue) => ("Opfølgning skal ske", "A check-in is due"),
        Some(NotificationKind::AgreementsOverdue) => (
            "Aftaler har passeret deres dato (ugentligt)",
            "Agreements past their date (weekly)",
        ),
        Some(NotificationKind::WeeklyDigest) => {
            ("Ugens overblik for ledere", "Weekly overview for managers")
        }
        Some(NotificationKind::ManagerChanged) => ("Ny nærmeste leder", "New nearest manager"),
        None => match kind {
            "invitation" => ("Invitationer til MUS", "Invitations to MUS"),
            "password_reset" => ("Ny adgangskode", "New password"),
            _ => ("Andet", "Other"),
        },
    };
    match lang {
        Lang::Da => da.to_owned(),
        Lang::En => en.to_owned(),
    }
}
