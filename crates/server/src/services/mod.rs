//! Business operations: each function is one unit of work over the database,
//! taking `&impl ConnectionTrait` so it runs inside or outside a transaction.

pub mod api_tokens;
pub mod audit;
pub mod autosave;
pub mod cache;
pub mod dashboards;
pub mod deliveries;
pub mod export;
pub mod follow_up;
pub mod forms;
pub mod groups;
pub mod import;
pub mod letters;
pub(crate) mod lifecycle;
pub mod meeting;
pub mod notifications;
pub mod oidc;
pub mod pagination;
pub mod people;
pub mod plans;
pub mod preparations;
pub mod reminders;
pub mod report;
pub mod rounds;
pub mod scim;
pub mod sessions;
pub mod sign_in_links;
pub mod summary;
pub mod webhooks;
