use sea_orm::entity::prelude::*;

/// One entry in a person's list of notifications (`services::notifications`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// `mus_domain::NotificationKind::as_str`.
    pub kind: String,
    /// Unique: what the person was told about, so each reason is told once.
    #[sea_orm(unique)]
    pub reason: String,
    pub title: String,
    pub link: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
