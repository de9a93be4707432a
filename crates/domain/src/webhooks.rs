//! Webhooks: other systems told of what happens in MUS, as HR chose.
//!
//! A delivery follows the Standard Webhooks convention: the body is a
//! [`WebhookMessage`], signed with the endpoint's secret in the
//! `webhook-signature` header. It carries ids, states and dates, never what
//! anyone wrote: integrations are not a channel the employee chose to trust.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{
    AgreementId, CheckInId, ConversationId, DepartmentId, MessageId, RoundId, UserId, WebhookId,
};

/// Endpoints HR may register at most.
pub const MAX_WEBHOOKS: usize = 20;
/// Longest endpoint address accepted.
pub const MAX_WEBHOOK_URL_CHARS: usize = 500;
/// Longest description accepted.
pub const MAX_WEBHOOK_DESCRIPTION_CHARS: usize = 200;
/// Prefix of every signing secret, as the convention has it.
pub const WEBHOOK_SECRET_PREFIX: &str = "whsec_";
/// How long the secret replaced by a rotation still signs deliveries, beside
/// the new one, so a receiver can change its secret without losing any.
pub const PREVIOUS_SECRET_HOURS: i64 = 24;

/// What happened, as the `type` of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEvent {
    /// HR opened a round: its dates and how many conversations it has.
    #[serde(rename = "round.opened")]
    RoundOpened,
    /// A conversation moved to another status (preparing, shared, meeting
    /// set, held, signed, …).
    #[serde(rename = "conversation.state_changed")]
    ConversationStateChanged,
    /// One side signed a summary; `fully_signed` once both have.
    #[serde(rename = "summary.signed")]
    SummarySigned,
    /// An agreement's status or date changed.
    #[serde(rename = "agreement.changed")]
    AgreementChanged,
    /// A quarterly check-in was completed.
    #[serde(rename = "check_in.completed")]
    CheckInCompleted,
    /// A person was added.
    #[serde(rename = "person.created")]
    PersonCreated,
    /// A person's role, department, nearest manager or leaving day changed.
    #[serde(rename = "person.changed")]
    PersonChanged,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 7] = [
        WebhookEvent::RoundOpened,
        WebhookEvent::ConversationStateChanged,
        WebhookEvent::SummarySigned,
        WebhookEvent::AgreementChanged,
        WebhookEvent::CheckInCompleted,
        WebhookEvent::PersonCreated,
        WebhookEvent::PersonChanged,
    ];

    /// The name on the wire, as in `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::RoundOpened => "round.opened",
            WebhookEvent::ConversationStateChanged => "conversation.state_changed",
            WebhookEvent::SummarySigned => "summary.signed",
            WebhookEvent::AgreementChanged => "agreement.changed",
            WebhookEvent::CheckInCompleted => "check_in.completed",
            WebhookEvent::PersonCreated => "person.created",
            WebhookEvent::PersonChanged => "person.changed",
        }
    }

    pub fn parse(name: &str) -> Option<WebhookEvent> {
        WebhookEvent::ALL
            .into_iter()
            .find(|event| event.as_str() == name)
    }
}

/// A registered endpoint, as listed. Its secret is shown only when it is
/// made or rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: WebhookId,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://hr.solbakke.dk/mus-events", max_length = 500)
    )]
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(example = "Lønsystemet", max_length = 200))]
    pub description: String,
    /// The events sent to it; at least one.
    pub events: Vec<WebhookEvent>,
    pub created_at: DateTime<Utc>,
    /// Until then deliveries carry a second signature, made with the secret
    /// the last rotation replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<DateTime<Utc>>,
}

/// Body of `POST /webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are posted: `https://`, on a public address.
    /// Addresses in private, loopback or link-local ranges are refused
    /// unless the server allows them (`MUS_WEBHOOKS_ALLOW_PRIVATE`), and
    /// then `http://` is accepted too. Redirects are never followed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://hr.solbakke.dk/mus-events",
            min_length = 1,
            max_length = 500
        )
    )]
    pub url: String,
    /// What the endpoint is for, for the people who manage it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Lønsystemet", max_length = 200))]
    pub description: String,
    /// At least one; each at most once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 7))]
    pub events: Vec<WebhookEvent>,
}

/// A new or rotated endpoint with its signing secret: the only time the
/// secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// `whsec_` and the base64 of 32 random bytes; verify deliveries with it
    /// (any Standard Webhooks library takes it as is). Store it now.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
}

/// Where one delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not tried yet.
    Waiting,
    /// Tried and refused; tried again at `next_attempt_at`.
    Retrying,
    /// Accepted by the endpoint (a 2xx).
    Sent,
    /// Given up on after days of trying; HR may send it again
    /// (`POST /outbox/{id}/retry`).
    Dead,
}

/// One delivery in an endpoint's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The `webhook-id` header: the same on every attempt.
    pub id: MessageId,
    pub event: WebhookEvent,
    pub state: DeliveryState,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The endpoint's last answer (`HTTP 500`), or why it could not be
    /// reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// The body of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookMessage {
    #[serde(rename = "type")]
    pub event: WebhookEvent,
    /// When it happened.
    pub timestamp: DateTime<Utc>,
    pub data: WebhookData,
}

/// What a delivery is about: ids, states and dates only. Which of these it
/// is follows from `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum WebhookData {
    Round(RoundOpened),
    Conversation(ConversationStateChanged),
    Summary(SummarySigned),
    Agreement(AgreementChanged),
    CheckIn(CheckInCompleted),
    Person(PersonChanged),
}

/// `round.opened`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundOpened {
    pub round_id: RoundId,
    pub preparation_deadline: NaiveDate,
    pub meetings_from: NaiveDate,
    pub meetings_until: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub conversations: u32,
}

/// `conversation.state_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationStateChanged {
    pub conversation_id: ConversationId,
    pub round_id: RoundId,
    pub employee_id: UserId,
    pub manager_id: UserId,
    /// The status before, as in `Conversation.status`.
    #[cfg_attr(feature = "openapi", schema(example = "preparing"))]
    pub from: String,
    /// The status now.
    #[cfg_attr(feature = "openapi", schema(example = "shared"))]
    pub to: String,
}

/// `summary.signed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummarySigned {
    pub conversation_id: ConversationId,
    /// Who signed.
    pub signed_by: UserId,
    /// The version of the summary that was signed.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: u32,
    /// Both sides have signed this version.
    pub fully_signed: bool,
}

/// `agreement.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementChanged {
    pub agreement_id: AgreementId,
    pub conversation_id: ConversationId,
    pub employee_id: UserId,
    /// As in `Agreement.status`.
    #[cfg_attr(feature = "openapi", schema(example = "done"))]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
}

/// `check_in.completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInCompleted {
    pub check_in_id: CheckInId,
    pub conversation_id: ConversationId,
    pub employee_id: UserId,
    pub completed_at: DateTime<Utc>,
}

/// `person.created` and `person.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonChanged {
    pub user_id: UserId,
    /// As in `User.role`.
    #[cfg_attr(feature = "openapi", schema(example = "employee"))]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<DepartmentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<UserId>,
    /// The leaving day, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
}

impl WebhookData {
    /// The event this data belongs to; `person` needs to be told whether the
    /// person is new.
    pub fn event(&self, new_person: bool) -> WebhookEvent {
        match self {
            WebhookData::Round(_) => WebhookEvent::RoundOpened,
            WebhookData::Conversation(_) => WebhookEvent::ConversationStateChanged,
            WebhookData::Summary(_) => WebhookEvent::SummarySigned,
            WebhookData::Agreement(_) => WebhookEvent::AgreementChanged,
            WebhookData::CheckIn(_) => WebhookEvent::CheckInCompleted,
            WebhookData::Person(_) if new_person => WebhookEvent::PersonCreated,
            WebhookData::Person(_) => WebhookEvent::PersonChanged,
        }
    }
}

/// Why a new endpoint is refused: the field it is about and the message
/// the server sends, which the web app reads back with [`WebhookRule::of`]
/// to say it in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookRule {
    /// No events chosen, or one chosen twice.
    Events,
    /// Not an absolute `https://` (or allowed `http://`) address with a
    /// host, of at most 500 characters.
    Url,
    /// A user name or password in the address.
    Credentials,
    /// The address is, or its name resolves to, a private, loopback or
    /// link-local address, and the server does not allow those.
    Private,
    /// The address's host name has no address.
    UnknownHost,
    /// Longer than 200 characters.
    Description,
}

impl WebhookRule {
    const ALL: [WebhookRule; 6] = [
        WebhookRule::Events,
        WebhookRule::Url,
        WebhookRule::Credentials,
        WebhookRule::Private,
        WebhookRule::UnknownHost,
        WebhookRule::Description,
    ];

    /// The field of `NewWebhook` it is about.
    pub fn field(self) -> &'static str {
        match self {
            WebhookRule::Events => "events",
            WebhookRule::Description => "description",
            WebhookRule::Url
            | WebhookRule::Credentials
            | WebhookRule::Private
            | WebhookRule::UnknownHost => "url",
        }
    }

    /// What the server says of it, in English.
    pub fn message(self) -> &'static str {
        match self {
            WebhookRule::Events => "choose at least one event, each once",
            WebhookRule::Url => "an address beginning with https://, of at most 500 characters",
            WebhookRule::Credentials => "the address may not hold a user name or password",
            WebhookRule::Private => {
                "the address is in a private, loopback or link-local range, which this server does not send to"
            }
            WebhookRule::UnknownHost => "the address's host cannot be found",
            WebhookRule::Description => "a description has at most 200 characters",
        }
    }

    /// The rule a refused field names, read back from the server's answer.
    pub fn of(error: &crate::FieldError) -> Option<WebhookRule> {
        WebhookRule::ALL
            .into_iter()
            .find(|rule| rule.field() == error.field && rule.message() == error.message)
    }
}

impl NewWebhook {
    /// The rules that need no network: events and lengths, and the address's
    /// form. Whether the host is public is the server's to find out.
    pub fn check(&self) -> Vec<WebhookRule> {
        let mut broken = Vec::new();
        let mut events = self.events.clone();
        events.sort();
        events.dedup();
        if self.events.is_empty() || events.len() != self.events.len() {
            broken.push(WebhookRule::Events);
        }
        let url = self.url.trim();
        if url.is_empty()
            || url.chars().count() > MAX_WEBHOOK_URL_CHARS
            || !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            broken.push(WebhookRule::Url);
        }
        if self.description.chars().count() > MAX_WEBHOOK_DESCRIPTION_CHARS {
            broken.push(WebhookRule::Description);
        }
        broken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_those_on_the_wire() {
        for event in WebhookEvent::ALL {
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(json, format!("\"{}\"", event.as_str()));
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
        }
        assert_eq!(WebhookEvent::parse("summary.text"), None);
    }

    #[test]
    fn a_message_is_type_timestamp_and_data() {
        let message = WebhookMessage {
            event: WebhookEvent::CheckInCompleted,
            timestamp: "2027-03-01T09:00:00Z".parse().unwrap(),
            data: WebhookData::CheckIn(CheckInCompleted {
                check_in_id: CheckInId::new(),
                conversation_id: ConversationId::new(),
                employee_id: UserId::new(),
                completed_at: "2027-03-01T09:00:00Z".parse().unwrap(),
            }),
        };
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(json["type"], "check_in.completed");
        assert!(json["data"]["check_in_id"].is_string());
        let back: WebhookMessage = serde_json::from_value(json).unwrap();
        assert_eq!(back, message);
    }

    #[test]
    fn a_new_endpoint_needs_events_once_and_an_address() {
        let good = NewWebhook {
            url: "https://hr.example/hook".into(),
            description: String::new(),
            events: vec![WebhookEvent::RoundOpened],
        };
        assert!(good.check().is_empty());
        let twice = NewWebhook {
            events: vec![WebhookEvent::RoundOpened, WebhookEvent::RoundOpened],
            ..good.clone()
        };
        assert_eq!(twice.check(), vec![WebhookRule::Events]);
        let none = NewWebhook {
            events: vec![],
            ..good.clone()
        };
        assert_eq!(none.check(), vec![WebhookRule::Events]);
        for url in [
            "",
            "ftp://x.example/",
            "hr.example/hook",
            "https://a b.example/",
        ] {
            let bad = NewWebhook {
                url: url.into(),
                ..good.clone()
            };
            assert_eq!(bad.check(), vec![WebhookRule::Url], "{url}");
        }
        let long = NewWebhook {
            description: "x".repeat(201),
            ..good
        };
        assert_eq!(long.check(), vec![WebhookRule::Description]);
    }

    #[test]
    fn each_refusal_reads_back_from_its_field_and_message() {
        for rule in WebhookRule::ALL {
            let sent = crate::FieldError::new(rule.field(), rule.message());
            assert_eq!(WebhookRule::of(&sent), Some(rule));
        }
        assert_eq!(
            WebhookRule::of(&crate::FieldError::new("url", "other")),
            None
        );
    }
}
