pub mod conversation;
pub mod forms;
pub mod home;
pub mod login;
pub mod me;
pub mod meeting;
pub mod not_found;
pub mod organisation;
pub mod password;
pub mod people;
pub mod preparation;
pub mod record;

use mus_client::ClientError;
use mus_domain::{Me, Role};

/// HR's pages: anyone else is told there is nothing here, exactly as for
/// an address that does not exist.
pub fn hr_only(me: &Me) -> Result<(), ClientError> {
    if me.role == Role::HrAdmin {
        Ok(())
    } else {
        Err(conversation::not_found())
    }
}
