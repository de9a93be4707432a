use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub family_id: Uuid,
    pub version: i32,
    pub is_latest: bool,
    pub frozen: bool,
    /// `classic-da`, … on the newest version of a shipped form.
    pub shipped: Option<String>,
    /// `mus_domain::FormKind` in snake_case.
    pub kind: String,
    pub name: String,
    /// `mus_domain::Language` in snake_case.
    pub language: String,
    pub description: String,
    /// `Vec<mus_domain::Section>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub sections: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
