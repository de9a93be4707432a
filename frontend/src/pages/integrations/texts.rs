//! The words of the integrations page, in Danish and English: one `match`
//! of `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::{DeliveryState, WebhookEvent};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    Intro,
    AddHeading,
    Url,
    UrlHint,
    Description,
    DescriptionHint,
    Events,
    Add,
    Adding,
    SecretHeading,
    SecretShownOnce,
    ListHeading,
    NoneYet,
    Created,
    OldSecretUntil,
    ShowDeliveries,
    HideDeliveries,
    NoDeliveries,
    Event,
    State,
    Attempts,
    When,
    LastAnswer,
    SendAgain,
    SentAgain,
    Older,
    Rotate,
    RotateQuestion,
    RotateConfirm,
    Remove,
    RemoveQuestion,
    RemoveConfirm,
    Removed,
    UrlHttps,
    UrlPrivate,
    UrlUnknownHost,
    UrlCredentials,
    EventsRequired,
    DescriptionTooLong,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Integrationer", "Integrations"),
        Heading => ("Integrationer", "Integrations"),
        Intro => (
            "Andre systemer kan få besked, når noget sker i MUS: en runde åbner, en samtale skifter status, et referat underskrives, en aftale eller en person ændres. Beskederne sendes som webhooks efter Standard Webhooks og rummer kun id'er, status og datoer – aldrig det, nogen har skrevet.",
            "Other systems can be told when something happens in MUS: a round opens, a conversation changes status, a summary is signed, an agreement or a person changes. The messages are sent as webhooks following Standard Webhooks and hold only ids, states and dates – never what anyone wrote.",
        ),
        AddHeading => ("Tilføj en webhook", "Add a webhook"),
        Url => ("Adresse", "Address"),
        UrlHint => (
            "Den adresse, beskederne sendes til. Den skal begynde med https://.",
            "Where the messages are sent. It must begin with https://.",
        ),
        Description => ("Beskrivelse", "Description"),
        DescriptionHint => (
            "Hvad modtageren er, så andre kan se det. Højst 200 tegn.",
            "What the receiver is, for others to see. At most 200 characters.",
        ),
        Events => ("Hændelser", "Events"),
        Add => ("Tilføj webhook", "Add webhook"),
        Adding => ("Tilføjer …", "Adding …"),
        SecretHeading => (
            "Nøglen til at tjekke beskederne",
            "The secret to verify the messages",
        ),
        SecretShownOnce => (
            "Giv den til modtageren nu: den vises kun denne ene gang. Modtageren tjekker hver besked med den (webhook-signature).",
            "Give it to the receiver now: it is shown only this once. The receiver verifies each message with it (webhook-signature).",
        ),
        ListHeading => ("Webhooks", "Webhooks"),
        NoneYet => ("Der er ingen webhooks endnu.", "There are no webhooks yet."),
        Created => ("Oprettet", "Created"),
        OldSecretUntil => (
            "Den tidligere nøgle underskriver også indtil",
            "The previous secret also signs until",
        ),
        ShowDeliveries => ("Vis leveringer", "Show deliveries"),
        HideDeliveries => ("Skjul leveringer", "Hide deliveries"),
        NoDeliveries => ("Intet er sendt endnu.", "Nothing has been sent yet."),
        Event => ("Hændelse", "Event"),
        State => ("Status", "State"),
        Attempts => ("Forsøg", "Attempts"),
        When => ("Tidspunkt", "Time"),
        LastAnswer => ("Sidste svar", "Last answer"),
        SendAgain => ("Send igen", "Send again"),
        SentAgain => ("Beskeden sendes igen.", "The message is sent again."),
        Older => ("Vis ældre", "Show older"),
        Rotate => ("Ny nøgle", "New secret"),
        RotateQuestion => (
            "Lave en ny nøgle? Den gamle underskriver også de næste 24 timer, så modtageren kan nå at skifte.",
            "Make a new secret? The old one also signs for the next 24 hours, so the receiver can change over.",
        ),
        RotateConfirm => ("Lav ny nøgle", "Make new secret"),
        Remove => ("Fjern", "Remove"),
        RemoveQuestion => (
            "Fjerne webhooken? Beskeder, der venter, sendes ikke.",
            "Remove the webhook? Messages waiting are not sent.",
        ),
        RemoveConfirm => ("Fjern webhook", "Remove webhook"),
        Removed => ("Webhooken er fjernet.", "The webhook was removed."),
        UrlHttps => (
            "Skriv en adresse, der begynder med https://.",
            "Enter an address beginning with https://.",
        ),
        UrlPrivate => (
            "Adressen ligger i et privat netværk, som MUS ikke sender til.",
            "The address is in a private network, which MUS does not send to.",
        ),
        UrlUnknownHost => (
            "Adressens værtsnavn kan ikke findes.",
            "The address's host cannot be found.",
        ),
        UrlCredentials => (
            "Adressen må ikke indeholde brugernavn eller adgangskode.",
            "The address may not hold a user name or password.",
        ),
        EventsRequired => ("Vælg mindst én hændelse.", "Choose at least one event."),
        DescriptionTooLong => (
            "Beskrivelsen må højst have 200 tegn.",
            "The description may have at most 200 characters.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// An event, as a person would name it.
pub fn event_name(lang: Lang, event: WebhookEvent) -> &'static str {
    let (da, en) = match event {
        WebhookEvent::RoundOpened => ("En runde er åbnet", "A round was opened"),
        WebhookEvent::ConversationStateChanged => (
            "En samtale har skiftet status",
            "A conversation changed status",
        ),
        WebhookEvent::SummarySigned => ("Et referat er underskrevet", "A summary was signed"),
        WebhookEvent::AgreementChanged => ("En aftale er ændret", "An agreement changed"),
        WebhookEvent::CheckInCompleted => {
            ("En opfølgning er gennemført", "A check-in was completed")
        }
        WebhookEvent::PersonCreated => ("En person er oprettet", "A person was added"),
        WebhookEvent::PersonChanged => ("En person er ændret", "A person changed"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn state_name(lang: Lang, state: DeliveryState) -> &'static str {
    let (da, en) = match state {
        DeliveryState::Waiting => ("Venter", "Waiting"),
        DeliveryState::Retrying => ("Prøves igen", "Retrying"),
        DeliveryState::Sent => ("Sendt", "Sent"),
        DeliveryState::Dead => ("Opgivet", "Given up"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}
