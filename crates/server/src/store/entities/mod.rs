pub mod api_token;
pub mod department;
pub mod refresh_token;
pub mod user;
