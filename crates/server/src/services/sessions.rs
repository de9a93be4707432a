//! Sign-in sessions: login, refresh-token rotation with reuse detection, logout.

use chrono::Utc;
use mus_domain::{AuditAction, ErrorCode, Role, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use uuid::Uuid;

use super::audit::{self, Event};
use crate::auth::{TokenKeys, new_refresh_token, verify_password};
use crate::error::AppError;
use crate::store::begin_write;
use crate::store::entities::{refresh_token, user};

/// What a successful login or refresh hands out.
#[derive(Debug)]
pub struct IssuedSession {
    pub user: UserId,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// Checks the password and opens a session, recording the sign-in with it.
pub async fn login(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    refresh_ttl: std::time::Duration,
    email: &str,
    password: String,
) -> Result<IssuedSession, AppError> {
    let account = super::people::find_by_email(db, email).await?;
    // An empty hash means no password was ever set: nobody can sign in.
    let stored_hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .filter(|hash| !hash.is_empty());
    if !verify_password(password, stored_hash).await? {
        return Err(AppError::InvalidCredentials);
    }
    let account = account.ok_or(AppError::InvalidCredentials)?;
    let txn = begin_write(db).await?;
    let session = issue(&txn, keys, refresh_ttl, &account, Uuid::new_v4()).await?;
    let signed_in = Event::new(session.user, AuditAction::SignedIn, "session").about(session.user);
    audit::record(&txn, signed_in).await?;
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
    let txn = begin_write(db).await?;
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
    let Some(account) = user::Entity::find_by_id(token.user_id).one(&txn).await? else {
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
    let txn = begin_write(db).await?;
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
/// tokens already handed out expire on their own within minutes.
pub(crate) async fn end_all_sessions(
    db: &impl ConnectionTrait,
    person: UserId,
) -> Result<(), AppError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(person.0))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
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

async fn issue(
    db: &impl ConnectionTrait,
    keys: &TokenKeys,
    refresh_ttl: std::time::Duration,
    account: &user::Model,
    family: Uuid,
) -> Result<IssuedSession, AppError> {
    let role = Role::parse(&account.role).ok_or_else(|| {
        anyhow::anyhow!("user {} has unknown role {:?}", account.id, account.role)
    })?;
    let access_token = keys.issue(account.id.into(), role)?;
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
