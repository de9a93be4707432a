//! What MUS tells people outside its pages and in its list of
//! notifications, and what each person has chosen to receive by e-mail.
//!
//! A notification carries names, dates, states and a link, never what
//! anyone wrote: its title is the subject of the e-mail it goes with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::forms::Language;
use crate::ids::{MessageId, NotificationId};

/// Why someone was told something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A round opened: prepare by its deadline.
    RoundOpened,
    /// The preparation deadline is near and yours is not shared.
    PreparationDue,
    /// The meeting was set, moved or cancelled (a calendar invitation).
    Meeting,
    /// A summary waits for your signature.
    SignatureWaiting,
    /// A quarterly check-in is due or overdue.
    CheckInDue,
    /// Agreements you own are past their date (weekly).
    AgreementsOverdue,
    /// A manager's weekly digest of what in the team needs them.
    WeeklyDigest,
    /// You have a new nearest manager.
    ManagerChanged,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 8] = [
        NotificationKind::RoundOpened,
        NotificationKind::PreparationDue,
        NotificationKind::Meeting,
        NotificationKind::SignatureWaiting,
        NotificationKind::CheckInDue,
        NotificationKind::AgreementsOverdue,
        NotificationKind::WeeklyDigest,
        NotificationKind::ManagerChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::RoundOpened => "round_opened",
            NotificationKind::PreparationDue => "preparation_due",
            NotificationKind::Meeting => "meeting",
            NotificationKind::SignatureWaiting => "signature_waiting",
            NotificationKind::CheckInDue => "check_in_due",
            NotificationKind::AgreementsOverdue => "agreements_overdue",
            NotificationKind::WeeklyDigest => "weekly_digest",
            NotificationKind::ManagerChanged => "manager_changed",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a person may stop this kind of e-mail. Calendar invitations
    /// and the notice of a new manager (who reads one's history from then
    /// on) always go out, as do sign-in links.
    pub fn may_be_turned_off(self) -> bool {
        !matches!(
            self,
            NotificationKind::Meeting | NotificationKind::ManagerChanged
        )
    }
}

/// One entry in a person's list of notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: NotificationId,
    pub kind: NotificationKind,
    /// In the person's language, as the e-mail's subject; names, dates and
    /// states only.
    #[cfg_attr(feature = "openapi", schema(example = "Forbered din MUS: MUS 2027"))]
    pub title: String,
    /// Where in the web app it leads, relative to the app's root.
    #[cfg_attr(feature = "openapi", schema(example = "/conversations/5f0c…"))]
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// `GET /me/notifications`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<Notification>,
    /// How many of the person's notifications are unread, on every page.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unread: u32,
    /// Opaque; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Most ids in one `POST /me/notifications/read`.
pub const MAX_MARK_READ: usize = 100;

/// Body of `POST /me/notifications/read`: these notifications, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// The notifications to mark read; ids of others' are ignored.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub ids: Vec<NotificationId>,
    /// Every notification of the caller's, whatever `ids` says.
    #[serde(default)]
    pub all: bool,
}

/// Answer to `POST /me/notifications/read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unread: u32,
}

/// Which e-mails a person receives: `GET,PUT /me/notification-settings`.
/// A `PUT` replaces every field. Calendar invitations, the notice of a new
/// manager and sign-in links are always sent and are not listed; every
/// notification is in the list in the web app whatever is chosen here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    /// The language of the person's e-mails and notifications.
    pub language: Language,
    pub round_opened: bool,
    pub preparation_due: bool,
    pub signature_waiting: bool,
    pub check_in_due: bool,
    pub agreements_overdue: bool,
    pub weekly_digest: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            language: Language::Da,
            round_opened: true,
            preparation_due: true,
            signature_waiting: true,
            check_in_due: true,
            agreements_overdue: true,
            weekly_digest: true,
        }
    }
}

impl NotificationSettings {
    /// Whether an e-mail of `kind` goes out.
    pub fn mails(&self, kind: NotificationKind) -> bool {
        match kind {
            NotificationKind::RoundOpened => self.round_opened,
            NotificationKind::PreparationDue => self.preparation_due,
            NotificationKind::SignatureWaiting => self.signature_waiting,
            NotificationKind::CheckInDue => self.check_in_due,
            NotificationKind::AgreementsOverdue => self.agreements_overdue,
            NotificationKind::WeeklyDigest => self.weekly_digest,
            NotificationKind::Meeting | NotificationKind::ManagerChanged => true,
        }
    }

    /// The kinds turned off, as stored.
    pub fn turned_off(&self) -> Vec<NotificationKind> {
        NotificationKind::ALL
            .into_iter()
            .filter(|kind| !self.mails(*kind))
            .collect()
    }

    /// Everything on except `off` (kinds that cannot be turned off stay on).
    pub fn with_off(off: impl IntoIterator<Item = NotificationKind>) -> NotificationSettings {
        let mut settings = NotificationSettings::default();
        for kind in off {
            settings.set(kind, false);
        }
        settings
    }

    /// Turns mail of `kind` on or off; a kind that cannot be turned off
    /// (`NotificationKind::may_be_turned_off`) stays on.
    pub fn set(&mut self, kind: NotificationKind, on: bool) {
        let field = match kind {
            NotificationKind::RoundOpened => &mut self.round_opened,
            NotificationKind::PreparationDue => &mut self.preparation_due,
            NotificationKind::SignatureWaiting => &mut self.signature_waiting,
            NotificationKind::CheckInDue => &mut self.check_in_due,
            NotificationKind::AgreementsOverdue => &mut self.agreements_overdue,
            NotificationKind::WeeklyDigest => &mut self.weekly_digest,
            NotificationKind::Meeting | NotificationKind::ManagerChanged => return,
        };
        *field = on;
    }
}

/// Where a kind of message stands in the outbox, for HR: counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryCount {
    /// What the messages are about: a notification kind, `invitation` or
    /// `password_reset`.
    #[cfg_attr(feature = "openapi", schema(example = "round_opened"))]
    pub topic: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub sent: u32,
    /// Not yet tried, or being sent now.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub waiting: u32,
    /// Failed at least once and due again later.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub retrying: u32,
    /// Given up on after days of trying; HR may retry them.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub dead: u32,
}

/// A message given up on: what it was about and why, not what it said or
/// to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadLetter {
    pub id: MessageId,
    pub topic: String,
    pub created_at: DateTime<Utc>,
    pub dead_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub attempts: u32,
    /// The mail server's last answer.
    pub last_error: Option<String>,
}

/// `GET /outbox`: delivery per kind, and the dead letters (newest first,
/// at most 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deliveries {
    pub kinds: Vec<DeliveryCount>,
    pub dead_letters: Vec<DeadLetter>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_cannot_be_turned_off() {
        let settings = NotificationSettings::with_off(NotificationKind::ALL);
        assert!(settings.mails(NotificationKind::Meeting));
        assert!(settings.mails(NotificationKind::ManagerChanged));
        assert!(!settings.mails(NotificationKind::RoundOpened));
        assert_eq!(settings.turned_off().len(), 6);
        let choosable = NotificationKind::ALL
            .into_iter()
            .filter(|kind| kind.may_be_turned_off());
        assert!(choosable.eq(settings.turned_off()));
        assert_eq!(
            NotificationSettings::with_off(settings.turned_off()),
            settings
        );
    }

    #[test]
    fn kinds_have_stable_names() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
