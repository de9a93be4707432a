use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub template_id: Uuid,
    pub format: String,
    pub group_template_id: Option<Uuid>,
    pub preparation_deadline: Date,
    pub meetings_from: Date,
    pub meetings_until: Date,
    /// JSON array of department ids; empty for the whole organisation.
    #[sea_orm(column_type = "Text")]
    pub departments: String,
    pub simultaneous_reveal: bool,
    /// JSON array of days before the preparation deadline to remind on.
    pub reminder_days: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
