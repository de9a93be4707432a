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

/// The most characters a person's name may have.
pub const MAX_NAME_CHARS: usize = 200;

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

/// Danish alphabetical order, for names: … x, y, z, æ, ø, å, with case
/// ignored and foreign letters placed as Danish dictionaries place them
/// (é as e, ü as y, ä as æ, ö as ø). Equal names fall back to their exact
/// text, so the order is total.
pub fn danish_order(a: &str, b: &str) -> std::cmp::Ordering {
    danish_key(a).cmp(danish_key(b)).then_with(|| a.cmp(b))
}

/// The sort key of [`danish_order`].
fn danish_key(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.chars().flat_map(char::to_lowercase).map(|c| match c {
        'æ' | 'ä' => u32::from('z') + 1,
        'ø' | 'ö' => u32::from('z') + 2,
        'å' => u32::from('z') + 3,
        'á' | 'à' | 'â' => u32::from('a'),
        'é' | 'è' | 'ê' | 'ë' => u32::from('e'),
        'í' | 'ì' | 'î' | 'ï' => u32::from('i'),
        'ó' | 'ò' | 'ô' => u32::from('o'),
        'ú' | 'ù' | 'û' | 'ü' => u32::from('y'),
        other => u32::from(other),
    })
}

#[cfg(test)]
mod danish_order_tests {
    use super::danish_order;

    #[test]
    fn ae_oe_and_aa_come_after_z() {
        let mut names = vec![
            "Åse Damgaard",
            "Øjvind Krogh",
            "anne Sørensen",
            "Ærø Jensen",
            "Zacharias Berg",
            "Bo Østergaard",
            "Émile Dupont",
        ];
        names.sort_by(|a, b| danish_order(a, b));
        assert_eq!(
            names,
            [
                "anne Sørensen",
                "Bo Østergaard",
                "Émile Dupont",
                "Zacharias Berg",
                "Ærø Jensen",
                "Øjvind Krogh",
                "Åse Damgaard",
            ]
        );
    }

    #[test]
    fn within_a_name_the_letters_count_the_same_way() {
        assert!(danish_order("Jens Ærø Lund", "Jens Zorn").is_gt());
        assert!(danish_order("Søren", "Sven").is_gt(), "ø after v");
        assert!(danish_order("Bo", "bo").is_ne());
    }
}
