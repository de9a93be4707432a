//! The MUS database schema, one migration per change, applied in order by
//! `mus serve` and `mus migrate`. Each migration has a working `down`.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_departments;
mod m20261128_000002_create_users;
mod m20261128_000003_create_refresh_tokens;
mod m20261128_000004_create_api_tokens;
mod m20261128_000005_create_audit_events;
mod m20261128_000006_create_templates;
mod m20261128_000007_create_rounds;
mod m20261128_000008_create_preparations;
mod m20261128_000009_add_meeting_to_conversations;
mod m20261128_000010_add_kind_to_templates;
mod m20261128_000011_create_follow_up;
mod m20261128_000030_create_login_attempts;
mod m20261128_000031_add_left_on_to_users;
mod m20261128_000040_add_dashboard_indexes;
mod m20261130_000050_fill_token_expiry_and_authors;
mod m20261130_000060_create_outbox_and_sign_in_links;
mod m20261130_000061_add_oidc_sign_in;
mod m20261201_000070_create_notifications;
mod m20261201_000080_create_webhooks;
mod m20261201_000081_add_external_id_to_users;
mod m20261202_000090_create_groups_and_plans;

#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_departments::Migration),
            Box::new(m20261128_000002_create_users::Migration),
            Box::new(m20261128_000003_create_refresh_tokens::Migration),
            Box::new(m20261128_000004_create_api_tokens::Migration),
            Box::new(m20261128_000005_create_audit_events::Migration),
            Box::new(m20261128_000006_create_templates::Migration),
            Box::new(m20261128_000007_create_rounds::Migration),
            Box::new(m20261128_000008_create_preparations::Migration),
            Box::new(m20261128_000009_add_meeting_to_conversations::Migration),
            Box::new(m20261128_000010_add_kind_to_templates::Migration),
            Box::new(m20261128_000011_create_follow_up::Migration),
            Box::new(m20261128_000030_create_login_attempts::Migration),
            Box::new(m20261128_000031_add_left_on_to_users::Migration),
            Box::new(m20261128_000040_add_dashboard_indexes::Migration),
            Box::new(m20261130_000050_fill_token_expiry_and_authors::Migration),
            Box::new(m20261130_000060_create_outbox_and_sign_in_links::Migration),
            Box::new(m20261130_000061_add_oidc_sign_in::Migration),
            Box::new(m20261201_000070_create_notifications::Migration),
            Box::new(m20261201_000080_create_webhooks::Migration),
            Box::new(m20261201_000081_add_external_id_to_users::Migration),
            Box::new(m20261202_000090_create_groups_and_plans::Migration),
        ]
    }
}
