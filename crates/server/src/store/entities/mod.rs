pub mod api_token;
pub mod audit_event;
pub mod conversation;
pub mod department;
pub mod refresh_token;
pub mod round;
pub mod template;
pub mod user;
