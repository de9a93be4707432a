//! Who is calling: access tokens, passwords and the `AuthUser` extractor.

mod extractor;
pub mod password;
mod standing;
mod tokens;

pub use extractor::{AuthUser, Credential, HrAdmin, HrWriter, ScimClient, Writer};
pub use password::{hash_password, verify_password};
pub use standing::{Standings, has_left};
pub(crate) use tokens::hex;
pub use tokens::{AccessClaims, TokenKeys, hash_refresh_token, new_refresh_token};
