use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub manager_id: Uuid,
    pub department_id: Option<Uuid>,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub agenda: String,
    pub agenda_version: i32,
    pub meeting_starts_at: Option<DateTimeUtc>,
    pub meeting_minutes: Option<i32>,
    pub meeting_location: Option<String>,
    pub meeting_sequence: i32,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub summary_version: i32,
    pub summary_updated_at: Option<DateTimeUtc>,
    pub signed_at: Option<DateTimeUtc>,
    pub signed_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
