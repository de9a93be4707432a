use sea_orm::entity::prelude::*;

/// A sign-in through the organisation under way: what its answer is
/// checked against. Single use; removed when the answer comes or expires.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_sign_ins")]
pub struct Model {
    /// Hex SHA-256 of the id in the browser's cookie.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// A path on this site, checked when stored.
    pub return_to: String,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
