use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "summary_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub version: i32,
    pub revision: i32,
    /// `mus_domain::SummaryContent` as JSON; `content_hash` is its SHA-256.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub content_hash: String,
    /// `Vec<mus_domain::SignatureRecord>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub signatures: String,
    pub updated_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
