use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// `mus_domain::Role::as_str`.
    pub role: String,
    pub manager_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub password_hash: String,
    /// The day the person left the organisation; retention counts from it.
    pub left_on: Option<Date>,
    /// The language the person's mail is written in: `da` or `en`.
    pub language: String,
    /// The issuer of `oidc_subject`: the organisation's sign-in it came from.
    pub oidc_issuer: Option<String>,
    /// The person's stable id at `oidc_issuer` (the ID token's `sub`),
    /// stored at their first sign-in through the organisation.
    pub oidc_subject: Option<String>,
    /// The provisioning system's id for the person (SCIM `externalId`).
    #[sea_orm(unique)]
    pub external_id: Option<String>,
    /// When a provider deleted the person through SCIM: kept as a leaver,
    /// no longer shown there.
    pub deprovisioned_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
