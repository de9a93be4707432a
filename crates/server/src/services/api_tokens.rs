//! Personal API tokens: long-lived credentials for integrations, narrowed by
//! scope, shown once, stored as a hash, revocable.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use mus_domain::{
    ApiToken, ApiTokenId, AuditAction, CreatedApiToken, ErrorCode, FieldError, MAX_API_TOKEN_DAYS,
    NewApiToken, Role, TokenScope, UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::pagination::valid_name;
use crate::auth::hash_refresh_token as hash_secret;
use crate::error::AppError;
use crate::store::begin_write;
use crate::store::entities::{api_token, user};

/// Tells an API token from a JWT at a glance, and makes leaked tokens easy
/// to find with secret scanners.
pub const PREFIX: &str = "mus_pat_";
const MAX_NAME_CHARS: usize = 100;
const MAX_TOKENS_PER_PERSON: usize = 20;

/// Who an API token speaks for.
#[derive(Debug, Clone, Copy)]
pub struct TokenOwner {
    pub user: UserId,
    pub role: Role,
    pub token: ApiTokenId,
    pub can_write: bool,
    /// A provisioning token: valid at `/scim/v2` and nowhere else.
    pub scim: bool,
}

/// Creates a token for `owner` (whose role is `role`) and records it, in
/// one transaction.
///
/// A `scim` token provisions people, which only HR administrators may do,
/// and it stands alone: a provisioning system holding it reads no
/// conversation, and a token that reads cannot provision.
pub async fn create(
    db: &DatabaseConnection,
    owner: UserId,
    role: Role,
    request: NewApiToken,
) -> Result<CreatedApiToken, AppError> {
    let mut errors = Vec::new();
    let name = valid_name("name", &request.name, MAX_NAME_CHARS, &mut errors);
    let mut scopes: BTreeSet<TokenScope> = request.scopes.into_iter().collect();
    if scopes.contains(&TokenScope::Scim) {
        if role != Role::HrAdmin {
            return Err(AppError::Forbidden(
                "only HR administrators may make a token with the scim scope".into(),
            ));
        }
        if scopes.len() > 1 {
            errors.push(FieldError::new(
                "scopes",
                "the scim scope stands alone: a provisioning token reads and writes nothing else",
            ));
        }
    }
    if scopes.is_empty() {
        errors.push(FieldError::new(
            "scopes",
            "name at least one scope: read, read and write, or scim",
        ));
    }
    // Writing without reading makes no sense to an integration.
    if scopes.contains(&TokenScope::Write) {
        scopes.insert(TokenScope::Read);
    }
    if !(1..=MAX_API_TOKEN_DAYS).contains(&request.expires_in_days) {
        errors.push(FieldError::new(
            "expires_in_days",
            format!("between 1 and {MAX_API_TOKEN_DAYS} days"),
        ));
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let (_turn, txn) = begin_write(db).await?;
    if list(&txn, owner).await?.len() >= MAX_TOKENS_PER_PERSON {
        return Err(AppError::Conflict(format!(
            "a person may hold at most {MAX_TOKENS_PER_PERSON} API tokens; revoke one first"
        )));
    }
    let mut raw = [0_u8; 32];
    getrandom::fill(&mut raw).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(raw));
    let now = Utc::now();
    let created = api_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(owner.0),
        name: Set(name),
        token_hash: Set(hash_secret(&secret)),
        scopes: Set(scopes.iter().map(scope_name).collect::<Vec<_>>().join(",")),
        created_at: Set(now),
        expires_at: Set(Some(
            now + chrono::Duration::days(i64::from(request.expires_in_days)),
        )),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let event = Event::new(owner, AuditAction::ApiTokenCreated, "api_token")
        .about(owner)
        .on(created.id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(CreatedApiToken {
        token: secret,
        api_token: to_domain(created),
    })
}

/// The person's tokens that still work, newest first.
pub async fn list(db: &impl ConnectionTrait, owner: UserId) -> Result<Vec<ApiToken>, AppError> {
    let now = Utc::now();
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(owner.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|t| t.expires_at.is_none_or(|expiry| expiry > now))
        .map(to_domain)
        .collect())
}

/// Revokes one of the owner's tokens and records it, in one transaction.
/// Someone else's token is "not found".
pub async fn revoke(
    db: &DatabaseConnection,
    owner: UserId,
    id: ApiTokenId,
) -> Result<(), AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let revoked = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::Id.eq(id.0))
        .filter(api_token::Column::UserId.eq(owner.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if revoked == 0 {
        return Err(AppError::NotFound);
    }
    let event = Event::new(owner, AuditAction::ApiTokenRevoked, "api_token")
        .about(owner)
        .on(id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Revokes every token `owner` still holds (a leaver's), returning how many.
pub(crate) async fn revoke_all(db: &impl ConnectionTrait, owner: UserId) -> Result<u64, AppError> {
    Ok(api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::UserId.eq(owner.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Resolves a presented token to its owner, if it is known and still valid
/// and the owner has not left: role and leaving day as stored now.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str) -> Result<TokenOwner, AppError> {
    let invalid = || AppError::Unauthorized(ErrorCode::TokenInvalid);
    let Some((token, Some(owner))) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_secret(secret)))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Err(invalid());
    };
    if token.revoked_at.is_some() || crate::auth::has_left(owner.left_on) {
        return Err(invalid());
    }
    if token.expires_at.is_some_and(|expiry| expiry <= Utc::now()) {
        return Err(AppError::Unauthorized(ErrorCode::TokenExpired));
    }
    let role = Role::parse(&owner.role)
        .ok_or_else(|| anyhow::anyhow!("user {} has unknown role {:?}", owner.id, owner.role))?;
    let scopes = parse_scopes(&token.scopes);
    Ok(TokenOwner {
        user: owner.id.into(),
        role,
        token: token.id.into(),
        can_write: scopes.contains(&TokenScope::Write),
        scim: scopes.contains(&TokenScope::Scim),
    })
}

fn to_domain(model: api_token::Model) -> ApiToken {
    ApiToken {
        id: model.id.into(),
        scopes: parse_scopes(&model.scopes),
        name: model.name,
        created_at: model.created_at,
        // Every token has had an expiry since tokens without one were given
        // a year (migration `m20261130_000050`).
        expires_at: model
            .expires_at
            .unwrap_or(model.created_at + chrono::Duration::days(MAX_API_TOKEN_DAYS.into())),
    }
}

fn scope_name(scope: &TokenScope) -> &'static str {
    match scope {
        TokenScope::Read => "read",
        TokenScope::Write => "write",
        TokenScope::Scim => "scim",
    }
}

fn parse_scopes(stored: &str) -> Vec<TokenScope> {
    stored
        .split(',')
        .filter_map(|name| match name {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            "scim" => Some(TokenScope::Scim),
            _ => None,
        })
        .collect()
}
