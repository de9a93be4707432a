use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agreements")]
pub struct Model {
    /// The id the agreement has in the summary content.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub employee_id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// `mus_domain::AgreementOwner::as_str`.
    pub owner: String,
    /// `mus_domain::AgreementCategory::as_str`.
    pub category: String,
    pub due_on: Option<Date>,
    /// `mus_domain::AgreementStatus::as_str`.
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub origin_id: Option<Uuid>,
    pub carried_into: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
