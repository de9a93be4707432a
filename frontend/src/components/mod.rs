pub mod access;
pub mod conversation;
pub mod header;
pub mod load;
