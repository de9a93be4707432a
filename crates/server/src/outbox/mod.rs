//! Every message that leaves MUS goes through one `outbox` table. A message
//! is a row inserted in the same transaction as the change that causes it,
//! so the change and its message are kept or lost together; a worker in
//! each `mus serve` claims due rows with a lease and delivers them
//! (`worker`), retrying with growing pauses for days before it gives up and
//! keeps the message as a dead letter.
//!
//! No content leaves: a message carries names, dates, states and links,
//! never what anyone wrote in a preparation, a summary or an agreement.

mod html;
mod mail;
mod webhook;
mod worker;

use std::sync::Arc;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use uuid::Uuid;

use mus_domain::{Language, NotificationKind};

use crate::error::AppError;
use crate::store::entities::outbox;

pub use mail::{Mailer, MailerConfig};
pub use webhook::{Hooks, Unreachable, is_public, new_secret, public_addresses, sign};
pub use worker::{Delivered, MAX_ATTEMPTS, Senders, deliver_due, pause_after, start};

/// What a message is about; shown in the list of dead letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// HR invited the person to choose a password.
    Invitation,
    /// The person asked for a link to choose a new password.
    PasswordReset,
    /// The person has a new nearest manager.
    ManagerChanged,
    /// A notification of this kind (`services::notifications`).
    Notice(NotificationKind),
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Invitation => "invitation",
            Topic::PasswordReset => "password_reset",
            Topic::ManagerChanged => "manager_changed",
            Topic::Notice(kind) => kind.as_str(),
        }
    }
}

/// An e-mail as it waits in the outbox: already written, in the
/// recipient's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// The recipient's name, for the `To` header.
    pub to_name: String,
    pub subject: String,
    /// Plain text; the HTML part is made from it when the mail is sent.
    pub text: String,
    /// The recipient's language, for the HTML part.
    #[serde(default = "danish")]
    pub language: Language,
    /// A calendar invitation, sent as the mail's `text/calendar` part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Invite>,
}

fn danish() -> Language {
    Language::Da
}

/// An iCalendar object with its method, for a mail that calendars show as
/// an invitation (RFC 6047).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// `REQUEST` or `CANCEL`, as in the object's `METHOD`.
    pub method: String,
    pub ics: String,
}

/// An e-mail waiting to go out: `letter` for `address`.
#[derive(Debug, Clone)]
pub struct Mail {
    pub topic: Topic,
    /// The person it is for, when it is for a person.
    pub recipient: Option<Uuid>,
    pub address: String,
    pub letter: Letter,
}

impl Mail {
    fn into_row(self) -> Result<outbox::ActiveModel, AppError> {
        let now = Utc::now();
        Ok(outbox::ActiveModel {
            id: Set(Uuid::new_v4()),
            channel: Set(CHANNEL_MAIL.into()),
            topic: Set(self.topic.as_str().into()),
            recipient_id: Set(self.recipient),
            address: Set(self.address),
            payload: Set(serde_json::to_string(&self.letter)?),
            created_at: Set(now),
            due_at: Set(now),
            attempts: Set(0),
            leased_until: Set(None),
            sent_at: Set(None),
            dead_at: Set(None),
            last_error: Set(None),
            webhook_id: Set(None),
        })
    }
}

/// Puts `letter` for `address` in the outbox, inside the caller's
/// transaction. Call `Wake::wake` once that transaction is committed.
pub async fn enqueue_mail(
    db: &impl ConnectionTrait,
    topic: Topic,
    recipient: Option<Uuid>,
    address: &str,
    letter: &Letter,
) -> Result<Uuid, AppError> {
    let mail = Mail {
        topic,
        recipient,
        address: address.to_owned(),
        letter: letter.clone(),
    };
    Ok(mail.into_row()?.insert(db).await?.id)
}

/// Puts many mails in the outbox at once, a few statements in all.
pub async fn enqueue_mails(db: &impl ConnectionTrait, mails: Vec<Mail>) -> Result<(), AppError> {
    let rows = mails
        .into_iter()
        .map(Mail::into_row)
        .collect::<Result<Vec<_>, _>>()?;
    for chunk in rows.chunks(crate::store::IN_LIST_CHUNK) {
        outbox::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

pub(crate) const CHANNEL_MAIL: &str = "mail";
pub(crate) const CHANNEL_WEBHOOK: &str = "webhook";

/// Wakes this process's delivery worker, so a message committed a moment
/// ago goes out now rather than at the next poll.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }

    async fn woken(&self) {
        self.0.notified().await;
    }
}
