use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub employee_id: Uuid,
    pub manager_id: Uuid,
    pub department_id: Option<Uuid>,
    /// `mus_domain::ConversationStatus::as_str`.
    pub status: String,
    /// `mus_domain::ConversationSnapshot` as JSON.
    #[sea_orm(column_type = "Text")]
    pub state: String,
    pub meeting_starts_at: Option<DateTimeUtc>,
    pub meeting_minutes: Option<i32>,
    pub meeting_location: Option<String>,
    /// When both parties first signed a summary.
    pub signed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
