pub mod access;
pub mod confirm;
pub mod conversation;
pub mod header;
pub mod load;
