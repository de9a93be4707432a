//! Sign-in sessions: login with throttling, refresh-token rotation with
//! reuse detection, logout.

use std::time::Duration;

use chrono::{DateTime, Utc};
use mus_domain::{AuditAction, ErrorCode, FieldError, PasswordChange, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::audit::{self, Event};
use crate::auth::password::{self, Hasher, Wait};
use crate::auth::{TokenKeys, hash_password, new_refresh_token};
use crate::error::AppError;
use crate::store::begin_write;
use crate::store::entities::{login_attempt, refresh_token, user};

/// What a successful login or refresh hands out.
#[derive(Debug)]
pub struct IssuedSession {
    pub user: UserId,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// How long a failed sign-in counts against its e-mail and address.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures one address may have against one e-mail within the window.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
/// Failures one address may have against all e-mails within the window
/// (one address trying many accounts).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;
/// Failures against one e-mail from all addresses within the window above
/// which every address that has failed against it is refused until its own
/// failures age out (many addresses trying one account). Addresses without a
/// failure are never refused, so the owner still gets in with the right
/// password: a known e-mail cannot be locked out by strangers.
pub const ACCOUNT_CEILING: u64 = 50;

/// Checks the throttle and the password and opens a session, recording the
/// sign-in with it. `address` is the client's address as the throttle
/// counts it (see `routes::auth`).
///
/// The attempt is counted before its password is checked and stays counted
/// unless it succeeds (or is never checked), so guesses sent in parallel
/// are counted as they come: of forty wrong ones sent at once, five are
/// checked and the rest refused.
pub async fn login(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    refresh_ttl: Duration,
    email: &str,
    address: &str,
    password: String,
) -> Result<IssuedSession, AppError> {
    let throttled = throttle_key(email);
    let (hasher, attempt) = admit(db, &throttled, address).await?;
    let (account, verified) = match check_credentials(db, hasher, email, password).await {
        Ok(checked) => checked,
        Err(error) => {
            attempt.withdraw(db).await;
            return Err(error);
        }
    };
    // Unknown e-mails count like wrong passwords: the answer must not tell
    // which e-mails have accounts. So does a leaver's right password, so that
    // a password that leaked with a leaver's old laptop is neither confirmed
    // to whoever tries it nor a way to try others without being counted.
    let Some(account) =
        account.filter(|account| verified && !crate::auth::has_left(account.left_on))
    else {
        tracing::info!(address, "failed sign-in");
        return Err(AppError::InvalidCredentials);
    };
    let (_turn, txn) = begin_write(db).await?;
    // A success forgets this address's failures against this account (and
    // this attempt), so a few typos now and then never add up to a lockout.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(throttled.as_str()))
        .filter(login_attempt::Column::Address.eq(address))
        .exec(&txn)
        .await?;
    let session = issue(&txn, keys, refresh_ttl, &account, Uuid::new_v4()).await?;
    let signed_in = Event::new(session.user, AuditAction::SignedIn, "session").about(session.user);
    audit::record(&txn, signed_in).await?;
    txn.commit().await?;
    Ok(session)
}

/// The account with this e-mail, if any, and whether `password` is its
/// password. The same work whether the account exists or not.
async fn check_credentials(
    db: &DatabaseConnection,
    hasher: Hasher,
    email: &str,
    password: String,
) -> Result<(Option<user::Model>, bool), AppError> {
    let account = crate::store::accounts::find_by_email(db, email).await?;
    // An empty hash means no password was ever set: nobody can sign in.
    let stored_hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .filter(|hash| !hash.is_empty());
    let verified = hasher.verify(password, stored_hash).await?;
    Ok((account, verified))
}

/// The signed-in person changes their own password. The current password
/// is checked like a sign-in (throttled per e-mail and address, counted
/// before it is checked, a wrong one kept as a failure), so a session left
/// open on a shared screen cannot be used to take the account over. Every
/// session of the person ends, this one included, and a new one is handed
/// out in its place.
pub async fn change_password(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    refresh_ttl: Duration,
    person: UserId,
    address: &str,
    change: PasswordChange,
) -> Result<IssuedSession, AppError> {
    let Some(account) = user::Entity::find_by_id(person.0).one(db).await? else {
        return Err(AppError::Unauthorized(ErrorCode::TokenInvalid));
    };
    let throttled = throttle_key(&account.email);
    let (hasher, attempt) = admit(db, &throttled, address).await?;
    let mut errors = Vec::new();
    password::check_new_password("new_password", &change.new_password, &mut errors);
    if errors.is_empty() && change.new_password == change.current_password {
        errors.push(FieldError::new(
            "new_password",
            "the new password is the current one",
        ));
    }
    let stored = Some(account.password_hash.clone()).filter(|hash| !hash.is_empty());
    let right = hasher.verify(change.current_password, stored).await;
    if !matches!(right, Ok(false)) {
        // Right, or never checked: either way no failure.
        attempt.withdraw(db).await;
    }
    if !right? {
        tracing::info!(address, user = %person, "wrong current password");
        errors.insert(
            0,
            FieldError::new("current_password", "this is not your current password"),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let hash = hash_password(change.new_password, Wait::Briefly).await?;
    let (_turn, txn) = begin_write(db).await?;
    let changed = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(account.id))
        // Nobody changed it meanwhile (a second tab, HR).
        .filter(user::Column::PasswordHash.eq(account.password_hash.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed != 1 {
        return Err(AppError::Conflict(
            "the password was changed meanwhile; sign in again".into(),
        ));
    }
    end_all_sessions(&txn, person).await?;
    let session = issue(&txn, keys, refresh_ttl, &account, Uuid::new_v4()).await?;
    let event = Event::new(person, AuditAction::PasswordChanged, "user")
        .about(person)
        .on(person);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(session)
}

/// Trades a refresh token for a new session. Each refresh token works once;
/// a second use means it was copied, so the whole family is revoked.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    refresh_ttl: std::time::Duration,
    presented: &str,
) -> Result<IssuedSession, AppError> {
    let hash = crate::auth::hash_refresh_token(presented);
    let (_turn, txn) = begin_write(db).await?;
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&txn)
        .await?
    else {
        return Err(AppError::Unauthorized(ErrorCode::RefreshTokenInvalid));
    };
    let now = Utc::now();
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Err(AppError::Unauthorized(ErrorCode::RefreshTokenInvalid));
    }
    // Marking the token used only if nobody else did makes concurrent reuse
    // detectable on every database, without relying on row locks.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        revoke_family(&txn, token.family_id).await?;
        txn.commit().await?;
        tracing::warn!(user = %token.user_id, family = %token.family_id, "refresh token reused; session revoked");
        return Err(AppError::Unauthorized(ErrorCode::RefreshTokenReused));
    }
    let Some(account) = user::Entity::find_by_id(token.user_id)
        .one(&txn)
        .await?
        .filter(|account| !crate::auth::has_left(account.left_on))
    else {
        return Err(AppError::Unauthorized(ErrorCode::RefreshTokenInvalid));
    };
    let session = issue(&txn, keys, refresh_ttl, &account, token.family_id).await?;
    txn.commit().await?;
    Ok(session)
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored:
/// logging out twice is not an error.
pub async fn logout(db: &DatabaseConnection, presented: &str) -> Result<(), AppError> {
    let hash = crate::auth::hash_refresh_token(presented);
    let (_turn, txn) = begin_write(db).await?;
    if let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&txn)
        .await?
    {
        revoke_family(&txn, token.family_id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Ends every session of `person`: each refresh token stops working. Access
/// tokens already handed out expire on their own within minutes. Returns
/// how many refresh tokens it revoked.
pub(crate) async fn end_all_sessions(
    db: &impl ConnectionTrait,
    person: UserId,
) -> Result<u64, AppError> {
    Ok(refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(person.0))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

async fn revoke_family(db: &impl ConnectionTrait, family: Uuid) -> Result<(), AppError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Opens a session for `account`: an access token and a refresh token of
/// `family`. Every way of signing in ends here.
pub(crate) async fn issue(
    db: &impl ConnectionTrait,
    keys: &TokenKeys,
    refresh_ttl: std::time::Duration,
    account: &user::Model,
    family: Uuid,
) -> Result<IssuedSession, AppError> {
    let access_token = keys.issue(account.id.into())?;
    let (refresh, hash) = new_refresh_token()?;
    let now = Utc::now();
    let ttl = chrono::Duration::from_std(refresh_ttl).map_err(anyhow::Error::from)?;
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        family_id: Set(family),
        user_id: Set(account.id),
        token_hash: Set(hash),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(IssuedSession {
        user: account.id.into(),
        access_token,
        refresh_token: refresh,
        expires_in: keys.ttl().as_secs(),
    })
}

/// The e-mail as the throttle counts it: normalised like account e-mails,
/// and cut to the column's length when it is not an e-mail at all.
fn throttle_key(email: &str) -> String {
    match mus_domain::Email::parse(email) {
        Ok(email) => email.as_str().to_owned(),
        Err(_) => email.trim().to_lowercase().chars().take(320).collect(),
    }
}

/// Refuses the attempt with 429 when `address` has failed too often against
/// `email`, against all e-mails, or at all against an e-mail under attack
/// from many addresses. Counted in the database, so every server instance
/// sees the same numbers; attempts whose password is still being checked
/// count as failures.
async fn check_throttle(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let window = chrono::Duration::from_std(THROTTLE_WINDOW).map_err(anyhow::Error::from)?;
    let since = now - window;
    let recent = |limit: u64| {
        login_attempt::Entity::find()
            .select_only()
            .column(login_attempt::Column::AttemptedAt)
            .filter(login_attempt::Column::AttemptedAt.gt(since))
            .order_by_desc(login_attempt::Column::AttemptedAt)
            .limit(limit)
    };
    // The failure that must age out before the count drops below the limit.
    let refuse_until = |times: &[DateTime<Utc>], limit: u64| -> Option<AppError> {
        let oldest = usize::try_from(limit).ok().and_then(|l| times.get(l - 1))?;
        let retry_after = (*oldest + window - now).to_std().unwrap_or(Duration::ZERO);
        Some(AppError::TooManyAttempts { retry_after })
    };

    let pair: Vec<DateTime<Utc>> = recent(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Address.eq(address))
        .into_tuple()
        .all(db)
        .await?;
    if let Some(refused) = refuse_until(&pair, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS) {
        return Err(refused);
    }
    let from_address: Vec<DateTime<Utc>> = recent(MAX_FAILURES_PER_ADDRESS)
        .filter(login_attempt::Column::Address.eq(address))
        .into_tuple()
        .all(db)
        .await?;
    if let Some(refused) = refuse_until(&from_address, MAX_FAILURES_PER_ADDRESS) {
        return Err(refused);
    }
    if let Some(newest) = pair.first() {
        let against_account = login_attempt::Entity::find()
            .filter(login_attempt::Column::Email.eq(email))
            .filter(login_attempt::Column::AttemptedAt.gt(since))
            .count(db)
            .await?;
        if against_account >= ACCOUNT_CEILING {
            let retry_after = (*newest + window - now).to_std().unwrap_or(Duration::ZERO);
            return Err(AppError::TooManyAttempts { retry_after });
        }
    }
    Ok(())
}

/// A sign-in attempt counted against its e-mail and address before its
/// password is checked: a failure unless it is withdrawn.
#[derive(Debug)]
#[must_use = "an attempt stays counted as a failure unless withdrawn"]
struct Attempt {
    id: Uuid,
}

impl Attempt {
    /// Stops counting the attempt: its password was right, or was never
    /// checked (no hasher free in time, a database error). Otherwise a flood
    /// of other people's sign-ins that leaves an honest one with a 503 would
    /// count it as a failure. Best effort: left behind, the row is one
    /// failure too many for 15 minutes.
    async fn withdraw(self, db: &DatabaseConnection) {
        let withdrawn = async {
            let (_turn, txn) = begin_write(db).await?;
            login_attempt::Entity::delete_by_id(self.id)
                .exec(&txn)
                .await?;
            txn.commit().await
        };
        if let Err(error) = withdrawn.await {
            tracing::warn!(attempt = %self.id, %error, "cannot withdraw a sign-in attempt");
        }
    }
}

/// Lets a password check from `address` against `email` go ahead, with a
/// hasher reserved for it and the attempt counted; or refuses it: 429 when
/// the address has failed too often (`check_throttle`), 503 when no hasher
/// frees up in time.
///
/// Cheapest refusal first, so that a flood costs as little as it can.
/// Refusals by the throttle, nearly every attempt of a single attacker,
/// come from a read, without a turn to write (which everyone else's
/// sign-ins and autosaves queue for on SQLite), and whatever the load, so
/// that parallel guesses get 429 rather than a 503 that invites a retry.
/// When the hashers are so far behind that this attempt would not get one
/// in time, it is refused before it is written: of 2,000 sign-ins sent at
/// once nearly all are, and only the few that get their password checked
/// write anything. The attempt is counted before it waits for a hasher, so
/// that guesses sent together are counted in the order they came.
async fn admit(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
) -> Result<(Hasher, Attempt), AppError> {
    check_throttle(db, email, address, Utc::now()).await?;
    password::refuse_if_busy()?;
    let attempt = count_attempt(db, email, address).await?;
    match password::hasher(Wait::Briefly).await {
        Ok(hasher) => Ok((hasher, attempt)),
        Err(error) => {
            // Never checked, so no failure.
            attempt.withdraw(db).await;
            Err(error)
        }
    }
}

/// The class of the PostgreSQL advisory locks the throttle takes (ASCII
/// "MUST"), so that they cannot meet other locks on the same database.
const THROTTLE_LOCK_CLASS: i32 = 0x4d55_5354;

/// Counts a sign-in attempt from `address` against `email`, or refuses it
/// with 429 (`check_throttle`); forgets attempts older than the window.
///
/// The check and the count are one write transaction, and those of one
/// address run one after the other, so that parallel attempts cannot all
/// see the count before any of them was added. On SQLite, write
/// transactions run one at a time anyway (`begin_write`). PostgreSQL (read
/// committed) would let two transactions both count four; an advisory lock
/// on the address, held until commit, makes the second wait for the first
/// and see its row. Per address because the limits are counted per
/// address; the ceiling per account, counted over many addresses, can be
/// passed by as many attempts as race each other, which is no matter for a
/// ceiling against botnets of fifty addresses and more.
async fn count_attempt(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
) -> Result<Attempt, AppError> {
    let window = chrono::Duration::from_std(THROTTLE_WINDOW).map_err(anyhow::Error::from)?;
    let (_turn, txn) = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        let lock = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [THROTTLE_LOCK_CLASS.into(), address_lock_key(address).into()],
        );
        txn.execute_raw(lock).await?;
    }
    let now = Utc::now();
    check_throttle(&txn, email, address, now).await?;
    let id = Uuid::new_v4();
    login_attempt::ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        attempted_at: Set(now),
    }
    .insert(&txn)
    .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - window))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Attempt { id })
}

/// The address's advisory lock key: 32 bits of its SHA-256. Two addresses
/// sharing a key only wait for each other now and then.
fn address_lock_key(address: &str) -> i32 {
    let digest = Sha256::digest(address.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}
