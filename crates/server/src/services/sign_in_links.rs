//! Links sent to a person's own mailbox with which they choose their own
//! password: an invitation HR asks for, or a reset the person asks for.
//!
//! A link carries 256 random bits and is stored only as their SHA-256; it
//! works once, until it expires or a newer link or a new password replaces
//! it. Nobody but the person ever sees it: the API answers HR with when it
//! expires, never with the link, and the message leaves through the outbox.

use std::time::Duration;

use chrono::{DateTime, Utc};
use mus_domain::{
    AuditAction, ErrorCode, INVITATION_HOURS, InvitationSent, Language,
    MAX_PASSWORD_RESETS_PER_HOUR, PASSWORD_RESET_MINUTES, PasswordResetCompletion, Problem, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::letters;
use super::sessions::{self, IssuedSession};
use crate::auth::has_left;
use crate::auth::password::{self as passwords, Wait};
use crate::auth::{TokenKeys, hash_refresh_token, new_refresh_token};
use crate::error::AppError;
use crate::outbox::{self, Mail, Topic};
use crate::store::entities::{sign_in_link, user};
use crate::store::{IN_LIST_CHUNK, accounts, begin_write};

/// Why a link was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
        }
    }
}

/// The page in the web app a link opens. The secret is in the fragment,
/// which browsers never send to a server, so it lands in no access log
/// and no `Referer`.
fn link(site: &url::Url, purpose: Purpose, secret: &str) -> String {
    let page = match purpose {
        Purpose::Invitation => "set-password?welcome=1",
        Purpose::PasswordReset => "set-password",
    };
    format!("{site}{page}#{secret}")
}

/// HR sends `person` an invitation to choose their password. Any earlier
/// link of theirs stops working. `language`, when given, is kept as the
/// language of the person's mail.
pub async fn invite(
    db: &DatabaseConnection,
    hr: UserId,
    person: UserId,
    language: Option<Language>,
    site: &url::Url,
) -> Result<InvitationSent, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let Some(mut account) = user::Entity::find_by_id(person.0).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    if has_left(account.left_on) {
        return Err(AppError::conflict(
            ErrorCode::WrongState,
            "this person has left; they can no longer be invited",
        ));
    }
    if let Some(language) = language {
        user::Entity::update_many()
            .col_expr(user::Column::Language, Expr::value(language.as_str()))
            .filter(user::Column::Id.eq(account.id))
            .exec(&txn)
            .await?;
        account.language = language.as_str().to_owned();
    }
    let expires_at = send_invitations(&txn, hr, std::slice::from_ref(&account), site).await?;
    txn.commit().await?;
    Ok(InvitationSent { person, expires_at })
}

/// Invitations for people just created, inside the caller's transaction
/// (the CSV import): all are sent or none.
pub(crate) async fn invite_all(
    txn: &impl ConnectionTrait,
    hr: UserId,
    people: &[Uuid],
    site: &url::Url,
) -> Result<u32, AppError> {
    let mut sent = 0;
    for chunk in people.chunks(IN_LIST_CHUNK) {
        let accounts = user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .all(txn)
            .await?;
        send_invitations(txn, hr, &accounts, site).await?;
        sent += u32::try_from(accounts.len()).unwrap_or(u32::MAX);
    }
    Ok(sent)
}

/// A new invitation link for each of `accounts` (at most `IN_LIST_CHUNK`),
/// replacing any link they had, with its mail and its audit entry: a few
/// statements however many people. Returns when the links expire.
async fn send_invitations(
    txn: &impl ConnectionTrait,
    hr: UserId,
    accounts: &[user::Model],
    site: &url::Url,
) -> Result<DateTime<Utc>, AppError> {
    let expires_at = Utc::now() + chrono::Duration::hours(INVITATION_HOURS);
    let ids: Vec<Uuid> = accounts.iter().map(|account| account.id).collect();
    lock_people(txn, &ids).await?;
    retire_links(txn, &ids).await?;
    let mut links = Vec::with_capacity(accounts.len());
    let mut mails = Vec::with_capacity(accounts.len());
    let mut events = Vec::with_capacity(accounts.len());
    for account in accounts {
        let (secret, token_hash) = new_refresh_token()?;
        links.push(link_row(
            account.id,
            Purpose::Invitation,
            token_hash,
            Some(hr),
            expires_at,
        ));
        mails.push(Mail {
            topic: Topic::Invitation,
            recipient: Some(account.id),
            address: account.email.clone(),
            letter: letters::invitation(
                accounts::language_of(account),
                &account.name,
                &link(site, Purpose::Invitation, &secret),
                expires_at,
            ),
        });
        let person = UserId::from(account.id);
        events.push(
            Event::new(hr, AuditAction::InvitationSent, "user")
                .about(person)
                .on(person),
        );
    }
    if !links.is_empty() {
        sign_in_link::Entity::insert_many(links).exec(txn).await?;
    }
    outbox::enqueue_mails(txn, mails).await?;
    audit::record_all(txn, events).await?;
    Ok(expires_at)
}

/// Someone asked for a password-reset link for `email`. Sends one when the
/// e-mail belongs to a person who has not left and has not been sent
/// `MAX_PASSWORD_RESETS_PER_HOUR` within the hour; otherwise does nothing.
/// The caller answers the same either way, without waiting for this.
pub async fn request_reset(
    db: &DatabaseConnection,
    email: &str,
    language: Language,
    site: &url::Url,
) -> Result<bool, AppError> {
    let Some(account) = accounts::find_by_email(db, email).await? else {
        return Ok(false);
    };
    if has_left(account.left_on) {
        return Ok(false);
    }
    let (_turn, txn) = begin_write(db).await?;
    // Requests for one person at once count one after another.
    lock_people(&txn, &[account.id]).await?;
    let hour_ago = Utc::now() - chrono::Duration::hours(1);
    let recent = sign_in_link::Entity::find()
        .filter(sign_in_link::Column::UserId.eq(account.id))
        .filter(sign_in_link::Column::Purpose.eq(Purpose::PasswordReset.as_str()))
        .filter(sign_in_link::Column::CreatedAt.gt(hour_ago))
        .count(&txn)
        .await?;
    if recent >= MAX_PASSWORD_RESETS_PER_HOUR {
        tracing::info!(user = %account.id, "password reset asked for too often; no mail sent");
        return Ok(false);
    }
    let expires_at = Utc::now() + chrono::Duration::minutes(PASSWORD_RESET_MINUTES);
    retire_links(&txn, &[account.id]).await?;
    let (secret, token_hash) = new_refresh_token()?;
    link_row(
        account.id,
        Purpose::PasswordReset,
        token_hash,
        None,
        expires_at,
    )
    .insert(&txn)
    .await?;
    let letter = letters::password_reset(
        language,
        &account.name,
        &link(site, Purpose::PasswordReset, &secret),
        expires_at,
    );
    outbox::enqueue_mail(
        &txn,
        Topic::PasswordReset,
        Some(account.id),
        &account.email,
        &letter,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The person chooses their password with the secret from a link. The link
/// is spent, every other link of theirs stops working, every session they
/// had ends, and they are signed in anew.
pub async fn complete(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    refresh_ttl: Duration,
    completion: PasswordResetCompletion,
) -> Result<IssuedSession, AppError> {
    let hash = hash_refresh_token(completion.token.trim());
    let now = Utc::now();
    let Some(link) = sign_in_link::Entity::find()
        .filter(sign_in_link::Column::TokenHash.eq(hash))
        .one(db)
        .await?
        .filter(|link| link.used_at.is_none() && link.expires_at > now)
    else {
        return Err(link_invalid());
    };
    let Some(account) = user::Entity::find_by_id(link.user_id)
        .one(db)
        .await?
        .filter(|account| !has_left(account.left_on))
    else {
        return Err(link_invalid());
    };
    let mut errors = Vec::new();
    passwords::check_new_password("new_password", &completion.new_password, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let password_hash = passwords::hash_password(completion.new_password, Wait::Briefly).await?;
    let (_turn, txn) = begin_write(db).await?;
    // Spent only if nobody spent it meanwhile: of two uses at once, one wins.
    let spent = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(sign_in_link::Column::Id.eq(link.id))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if spent != 1 {
        return Err(link_invalid());
    }
    retire_links(&txn, &[account.id]).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    let person = UserId::from(account.id);
    sessions::end_all_sessions(&txn, person).await?;
    let session = sessions::issue(&txn, keys, refresh_ttl, &account, Uuid::new_v4()).await?;
    audit::record(
        &txn,
        Event::new(person, AuditAction::PasswordSet, "user")
            .about(person)
            .on(person),
    )
    .await?;
    txn.commit().await?;
    Ok(session)
}

/// Holds the people's rows until the transaction ends (PostgreSQL), so
/// that links for one person are made one after another; SQLite's write
/// lock already does the same.
async fn lock_people(txn: &impl ConnectionTrait, people: &[Uuid]) -> Result<(), AppError> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(people.iter().copied()))
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .all(txn)
        .await?;
    Ok(())
}

/// A link to store: only the hash of its secret.
fn link_row(
    person: Uuid,
    purpose: Purpose,
    token_hash: String,
    created_by: Option<UserId>,
    expires_at: DateTime<Utc>,
) -> sign_in_link::ActiveModel {
    sign_in_link::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(person),
        purpose: Set(purpose.as_str().into()),
        token_hash: Set(token_hash),
        created_by: Set(created_by.map(|id| id.0)),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
}

/// Every unused link of these people stops working.
async fn retire_links(txn: &impl ConnectionTrait, people: &[Uuid]) -> Result<(), AppError> {
    sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(sign_in_link::Column::UserId.is_in(people.iter().copied()))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

fn link_invalid() -> AppError {
    AppError::Problem(Box::new(Problem::new(ErrorCode::LinkInvalid).with_detail(
        "this link has been used, replaced by a newer one, or has expired; ask for a new one",
    )))
}
