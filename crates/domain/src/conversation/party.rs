//! The two sides of a conversation.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the two people a conversation is between. Only they prepare, sign
/// and follow up; HR runs the round but is never a party to a conversation.
///
/// The machine names are the `{side}` path segment of
/// `/conversations/{id}/preparations/{side}`, so a path parameter
/// deserialises straight into a `Party`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The person whose development the conversation is about.
    Employee,
    /// The employee's nearest manager ("nærmeste leder"), who holds the conversation.
    Manager,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::Employee, Party::Manager];

    /// The stable machine name, as used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Employee => "employee",
            Party::Manager => "manager",
        }
    }

    pub fn parse(s: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|party| party.as_str() == s)
    }

    /// The other side: whose preparation this party waits for, whose
    /// signature completes theirs.
    pub fn other(self) -> Party {
        match self {
            Party::Employee => Party::Manager,
            Party::Manager => Party::Employee,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_round_trip_through_their_side_names() {
        for party in Party::ALL {
            assert_eq!(Party::parse(party.as_str()), Some(party));
            assert_eq!(serde_json::to_value(party).unwrap(), party.as_str());
            assert_eq!(party.to_string(), party.as_str());
        }
        assert_eq!(
            serde_json::from_str::<Party>("\"employee\"").unwrap(),
            Party::Employee
        );
        assert_eq!(
            serde_json::from_str::<Party>("\"manager\"").unwrap(),
            Party::Manager
        );
    }

    #[test]
    fn unknown_sides_are_not_parties() {
        for raw in ["hr_admin", "Employee", "", "leder"] {
            assert_eq!(Party::parse(raw), None, "{raw:?}");
            assert!(serde_json::from_value::<Party>(raw.into()).is_err());
        }
    }

    #[test]
    fn the_other_side_of_the_other_side_is_oneself() {
        assert_eq!(Party::Employee.other(), Party::Manager);
        assert_eq!(Party::Manager.other(), Party::Employee);
        for party in Party::ALL {
            assert_eq!(party.other().other(), party);
        }
    }
}
