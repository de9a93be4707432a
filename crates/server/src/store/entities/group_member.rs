use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_id: Uuid,
    pub user_id: Uuid,
    pub joined_at: DateTimeUtc,
    pub left_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub preparation_version: i32,
    pub preparation_updated_at: Option<DateTimeUtc>,
    pub shared_at: Option<DateTimeUtc>,
    pub acknowledged_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub disagreement: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
