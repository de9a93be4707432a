//! People and their place in the organisation.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{DepartmentId, UserId};

/// What a person may do in MUS. Each person has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Prepares for and signs their own conversation.
    Employee,
    /// Holds conversations with their direct reports (and has a conversation of their own).
    Manager,
    /// Runs the yearly round; sees figures for the whole organisation, never content.
    HrAdmin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Employee, Role::Manager, Role::HrAdmin];

    /// The stable machine name, as used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Manager => "manager",
            Role::HrAdmin => "hr_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An e-mail address, trimmed and lower-cased so that it identifies one login.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("an e-mail address cannot be empty")]
    Empty,
    #[error("an e-mail address is at most {max} characters", max = Email::MAX_LEN)]
    TooLong,
    #[error("an e-mail address needs one @ with text on both sides and a dot in the domain")]
    Malformed,
}

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Malformed);
        };
        let well_formed = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(char::is_whitespace);
        if well_formed {
            Ok(Email(email))
        } else {
            Err(EmailError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Email::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person as others see them: enough to show a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: UserId,
    #[cfg_attr(feature = "openapi", schema(example = "Mette Frederiksen"))]
    pub name: String,
}

/// A department as shown beside a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentRef {
    pub id: DepartmentId,
    #[cfg_attr(feature = "openapi", schema(example = "Borgerservice"))]
    pub name: String,
}

/// The signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Email, example = "anne.jensen@example.dk"))]
    pub email: Email,
    #[cfg_attr(feature = "openapi", schema(example = "Anne Jensen"))]
    pub name: String,
    pub role: Role,
    /// The nearest manager, who holds this person's conversation.
    pub manager: Option<PersonRef>,
    pub department: Option<DepartmentRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        let email = Email::parse("  Søren.Ærø@Kommune.DK ").unwrap();
        assert_eq!(email.as_str(), "søren.ærø@kommune.dk");
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for raw in [
            "",
            "   ",
            "anne",
            "@example.dk",
            "anne@",
            "anne@dk",
            "a@b@c.dk",
            "an ne@x.dk",
            "anne@.dk",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?} should be rejected");
        }
    }

    #[test]
    fn overlong_emails_are_rejected() {
        let raw = format!("{}@example.dk", "a".repeat(250));
        assert_eq!(Email::parse(&raw), Err(EmailError::TooLong));
    }

    #[test]
    fn roles_round_trip_through_their_machine_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
