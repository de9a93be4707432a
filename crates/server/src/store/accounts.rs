//! Plain reads of accounts that several services share, so that none of
//! them imports another for a query.

use mus_domain::{Email, Language};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::user;

/// The account with this e-mail address, as typed (trimmed and
/// lower-cased first); none for what is not an address.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    raw: &str,
) -> Result<Option<user::Model>, DbErr> {
    let Ok(email) = Email::parse(raw) else {
        return Ok(None);
    };
    user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// The language the person's mail is written in; Danish when none is kept.
pub fn language_of(account: &user::Model) -> Language {
    Language::parse(&account.language).unwrap_or(Language::Da)
}
