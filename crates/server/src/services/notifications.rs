//! Telling people: each notice is an entry in the person's list of
//! notifications and, unless they turned that kind off, an e-mail in the
//! outbox, both written in the transaction of whatever caused it.
//!
//! A notice names its reason (`round_opened:{round}:{person}`), and a reason
//! is stored once (a unique column): whatever the reminder scan finds
//! again, on this instance or another, is not told twice.
//!
//! No content: a notice carries names, dates, states, counts and a link,
//! never what anyone wrote.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mus_domain::{
    Language, MarkRead, Notification, NotificationId, NotificationKind, NotificationList,
    NotificationSettings, Unread,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::letters;
use super::pagination::{decode_time_cursor, finish_page, page_size, time_cursor};
use crate::auth::has_left;
use crate::error::AppError;
use crate::outbox::{self, Invite, Mail, Topic};
use crate::store::entities::{notification, notification_setting, user};
use crate::store::{IN_LIST_CHUNK, begin_write};

/// How a meeting changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingChange {
    Set,
    Moved,
    Cancelled,
}

/// What a notice says, before it is written in the reader's language.
#[derive(Debug, Clone)]
pub enum Message {
    /// A round opened; `conversations` is how many a manager holds in it
    /// (`None` for the employee's own).
    RoundOpened {
        round: String,
        deadline: NaiveDate,
        conversations: Option<u32>,
    },
    /// The preparation deadline is `days` away and the reader's preparation
    /// for the conversations with `with` is not shared.
    PreparationDue {
        round: String,
        deadline: NaiveDate,
        days: i64,
        with: Vec<String>,
    },
    Meeting {
        change: MeetingChange,
        with: String,
        starts_at: DateTime<Utc>,
        invite: Invite,
    },
    /// The other party signed `days` ago.
    SignatureWaiting {
        with: String,
        days: i64,
    },
    CheckInDue {
        with: String,
        due_on: NaiveDate,
        overdue: bool,
    },
    AgreementsOverdue {
        count: u32,
    },
    WeeklyDigest(Digest),
    /// `None`: the person no longer has a nearest manager.
    ManagerChanged {
        manager: Option<String>,
    },
}

/// What in a manager's team needs them this week: counts only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Digest {
    pub summaries_to_write: u32,
    pub summaries_to_sign: u32,
    pub check_ins_due: u32,
    pub preparations_not_shared: u32,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        *self == Digest::default()
    }
}

impl Message {
    pub fn kind(&self) -> NotificationKind {
        match self {
            Message::RoundOpened { .. } => NotificationKind::RoundOpened,
            Message::PreparationDue { .. } => NotificationKind::PreparationDue,
            Message::Meeting { .. } => NotificationKind::Meeting,
            Message::SignatureWaiting { .. } => NotificationKind::SignatureWaiting,
            Message::CheckInDue { .. } => NotificationKind::CheckInDue,
            Message::AgreementsOverdue { .. } => NotificationKind::AgreementsOverdue,
            Message::WeeklyDigest(_) => NotificationKind::WeeklyDigest,
            Message::ManagerChanged { .. } => NotificationKind::ManagerChanged,
        }
    }
}

/// One thing to tell one person.
#[derive(Debug, Clone)]
pub struct Notice {
    pub user: Uuid,
    /// Told once: a second notice with the same reason is not stored.
    pub reason: String,
    pub message: Message,
    /// Where in the web app it leads: a path such as `/conversations/{id}`.
    pub link: String,
}

/// A person as a notice needs them.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub name: String,
    /// Their nearest manager now.
    pub manager: Option<Uuid>,
    pub email: String,
    pub language: Language,
    pub left: bool,
    pub settings: NotificationSettings,
}

/// The people notices may go to, by id.
#[derive(Debug, Clone, Default)]
pub struct Recipients(HashMap<Uuid, Recipient>);

impl Recipients {
    /// Everyone: two statements, whatever the size of the organisation.
    pub async fn all(db: &impl ConnectionTrait) -> Result<Recipients, AppError> {
        let people = people().into_tuple().all(db).await?;
        let settings = notification_setting::Entity::find().all(db).await?;
        Ok(Recipients::from_rows(people, settings))
    }

    /// The people in `ids`.
    pub async fn of(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Recipients, AppError> {
        let mut found = Vec::with_capacity(ids.len());
        let mut settings = Vec::new();
        for chunk in ids.chunks(IN_LIST_CHUNK) {
            found.extend(
                people()
                    .filter(user::Column::Id.is_in(chunk.iter().copied()))
                    .into_tuple::<Person>()
                    .all(db)
                    .await?,
            );
            settings.extend(
                notification_setting::Entity::find()
                    .filter(notification_setting::Column::UserId.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?,
            );
        }
        Ok(Recipients::from_rows(found, settings))
    }

    fn from_rows(people: Vec<Person>, settings: Vec<notification_setting::Model>) -> Self {
        let mut settings: HashMap<Uuid, NotificationSettings> = settings
            .into_iter()
            .map(|row| (row.user_id, settings_of(&row.mail_off)))
            .collect();
        Recipients(
            people
                .into_iter()
                .map(|(id, name, email, language, left_on, manager)| {
                    let recipient = Recipient {
                        name,
                        email,
                        manager,
                        language: Language::parse(&language).unwrap_or(Language::Da),
                        left: has_left(left_on),
                        settings: settings.remove(&id).unwrap_or_default(),
                    };
                    (id, recipient)
                })
                .collect(),
        )
    }

    pub fn get(&self, id: Uuid) -> Option<&Recipient> {
        self.0.get(&id)
    }
}

/// A person as read for a notice: id, name, e-mail, language, leaving day
/// and nearest manager.
type Person = (
    Uuid,
    String,
    String,
    String,
    Option<NaiveDate>,
    Option<Uuid>,
);

/// The columns of `Person`, and no others (not the password hash).
fn people() -> sea_orm::Select<user::Entity> {
    user::Entity::find().select_only().columns([
        user::Column::Id,
        user::Column::Name,
        user::Column::Email,
        user::Column::Language,
        user::Column::LeftOn,
        user::Column::ManagerId,
    ])
}

fn settings_of(mail_off: &str) -> NotificationSettings {
    let off: Vec<String> = serde_json::from_str(mail_off).unwrap_or_default();
    NotificationSettings::with_off(off.iter().filter_map(|k| NotificationKind::parse(k)))
}

/// What `tell` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Told {
    pub notifications: usize,
    pub mails: usize,
}

/// Stores each notice for its person and puts a mail in the outbox for
/// each one the person receives by e-mail, inside the caller's
/// transaction. People who have left are told nothing. Call
/// `Wake::wake` once the transaction is committed.
pub async fn tell(
    db: &impl ConnectionTrait,
    site: &url::Url,
    recipients: &Recipients,
    notices: Vec<Notice>,
) -> Result<Told, AppError> {
    let now = Utc::now();
    let mut rows = Vec::with_capacity(notices.len());
    let mut mails = Vec::new();
    for notice in notices {
        let Some(recipient) = recipients.get(notice.user).filter(|r| !r.left) else {
            continue;
        };
        let kind = notice.message.kind();
        let link = site
            .join(notice.link.trim_start_matches('/'))
            .map_or_else(|_| site.to_string(), |url| url.to_string());
        let letter = letters::notice(recipient.language, &recipient.name, &notice.message, &link);
        rows.push(notification::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(notice.user),
            kind: Set(kind.as_str().to_owned()),
            reason: Set(notice.reason),
            title: Set(letter.subject.chars().take(300).collect()),
            link: Set(notice.link.chars().take(300).collect()),
            created_at: Set(now),
            read_at: Set(None),
        });
        if recipient.settings.mails(kind) {
            mails.push(Mail {
                topic: Topic::Notice(kind),
                recipient: Some(notice.user),
                address: recipient.email.clone(),
                letter,
            });
        }
    }
    let told = Told {
        notifications: rows.len(),
        mails: mails.len(),
    };
    for chunk in rows.chunks(IN_LIST_CHUNK) {
        notification::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    outbox::enqueue_mails(db, mails).await?;
    Ok(told)
}

/// The caller's notifications, newest first, with the count of unread.
pub async fn list(
    db: &impl ConnectionTrait,
    person: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<NotificationList, AppError> {
    let limit = page_size(limit)?;
    let mut query = notification::Entity::find()
        .filter(notification::Column::UserId.eq(person))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(u64::from(limit) + 1);
    if let Some(cursor) = cursor {
        let (at, id) = decode_time_cursor(cursor)?;
        query = query.filter(
            Condition::any()
                .add(notification::Column::CreatedAt.lt(at))
                .add(
                    Condition::all()
                        .add(notification::Column::CreatedAt.eq(at))
                        .add(notification::Column::Id.lt(id)),
                ),
        );
    }
    let mut rows = query.all(db).await?;
    let next_cursor = finish_page(&mut rows, limit, |row| time_cursor(row.created_at, row.id));
    Ok(NotificationList {
        items: rows.into_iter().filter_map(to_domain).collect(),
        unread: unread(db, person).await?,
        next_cursor,
    })
}

/// Every notification of the person's, newest first, for their export.
pub async fn all_of(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<Vec<Notification>, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(person))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(to_domain)
        .collect())
}

fn to_domain(row: notification::Model) -> Option<Notification> {
    Some(Notification {
        id: NotificationId(row.id),
        kind: NotificationKind::parse(&row.kind)?,
        title: row.title,
        link: row.link,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    })
}

async fn unread(db: &impl ConnectionTrait, person: Uuid) -> Result<u32, AppError> {
    let count = notification::Entity::find()
        .filter(notification::Column::UserId.eq(person))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Marks the caller's notifications in `which` read; others' ids change
/// nothing.
pub async fn mark_read(
    db: &DatabaseConnection,
    person: Uuid,
    which: &MarkRead,
) -> Result<Unread, AppError> {
    if which.ids.len() > mus_domain::MAX_MARK_READ {
        return Err(AppError::Validation(vec![mus_domain::FieldError::new(
            "ids",
            format!("at most {} at once", mus_domain::MAX_MARK_READ),
        )]));
    }
    if which.all || !which.ids.is_empty() {
        let mut update = notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notification::Column::UserId.eq(person))
            .filter(notification::Column::ReadAt.is_null());
        if !which.all {
            update = update.filter(notification::Column::Id.is_in(which.ids.iter().map(|id| id.0)));
        }
        let (_turn, txn) = begin_write(db).await?;
        update.exec(&txn).await?;
        txn.commit().await?;
    }
    Ok(Unread {
        unread: unread(db, person).await?,
    })
}

/// The kinds of e-mail the caller receives, and in which language.
pub async fn settings(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<NotificationSettings, AppError> {
    let account = user::Entity::find_by_id(person)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut settings = notification_setting::Entity::find_by_id(person)
        .one(db)
        .await?
        .map(|row| settings_of(&row.mail_off))
        .unwrap_or_default();
    settings.language = crate::store::accounts::language_of(&account);
    Ok(settings)
}

/// Replaces the caller's choice of e-mails.
pub async fn set_settings(
    db: &DatabaseConnection,
    person: Uuid,
    settings: NotificationSettings,
) -> Result<NotificationSettings, AppError> {
    use sea_orm::sea_query::OnConflict;
    let off: Vec<&str> = settings
        .turned_off()
        .into_iter()
        .map(NotificationKind::as_str)
        .collect();
    let row = notification_setting::ActiveModel {
        user_id: Set(person),
        mail_off: Set(serde_json::to_string(&off)?),
        updated_at: Set(Utc::now()),
    };
    let (_turn, txn) = begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::Language,
            Expr::value(settings.language.as_str()),
        )
        .filter(user::Column::Id.eq(person))
        .exec(&txn)
        .await?;
    notification_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notification_setting::Column::UserId)
                .update_columns([
                    notification_setting::Column::MailOff,
                    notification_setting::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_read_back() {
        assert_eq!(settings_of("[]"), NotificationSettings::default());
        assert_eq!(settings_of("not json"), NotificationSettings::default());
        let settings = settings_of(r#"["weekly_digest","meeting","nonsense"]"#);
        assert!(!settings.weekly_digest);
        assert!(settings.mails(NotificationKind::Meeting));
        assert!(settings.round_opened);
    }
}
