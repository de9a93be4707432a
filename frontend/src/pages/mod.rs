pub mod conversation;
pub mod forms;
pub mod home;
pub mod login;
pub mod meeting;
pub mod not_found;
pub mod preparation;
pub mod record;
