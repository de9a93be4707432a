use sea_orm::entity::prelude::*;

/// A message on its way out (`crate::outbox`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `mail` or `webhook`.
    pub channel: String,
    /// `crate::outbox::Topic::as_str`.
    pub topic: String,
    pub recipient_id: Option<Uuid>,
    pub address: String,
    /// The rendered message as JSON; empty once sent.
    pub payload: String,
    pub created_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub attempts: i32,
    pub leased_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub dead_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// The endpoint a webhook delivery is for.
    pub webhook_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
