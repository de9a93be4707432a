use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "preparations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// `mus_domain::Party::as_str`.
    pub side: String,
    /// `BTreeMap<String, mus_domain::Answer>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub version: i32,
    pub shared_at: Option<DateTimeUtc>,
    /// Who wrote it; absent on rows from before authors were recorded.
    pub author_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
