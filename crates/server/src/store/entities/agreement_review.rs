use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agreement_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The conversation that reviews the agreement.
    pub conversation_id: Uuid,
    pub agreement_id: Uuid,
    /// `mus_domain::Party::as_str`.
    pub side: String,
    /// `mus_domain::ReviewDecision::as_str`.
    pub decision: String,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
