//! Typed identifiers: a `UserId` cannot be passed where a `DepartmentId` is meant.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random (v4) identifier.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }
    };
}

id_type!(
    /// Identifies a person: employee, manager or HR administrator.
    UserId
);
id_type!(
    /// Identifies a department of the organisation.
    DepartmentId
);
id_type!(
    /// Identifies a personal API token.
    ApiTokenId
);
id_type!(
    /// Identifies one version of a question form.
    TemplateId
);
id_type!(
    /// Identifies a yearly round of conversations.
    RoundId
);
id_type!(
    /// Identifies one conversation between an employee and their manager.
    ConversationId
);
id_type!(
    /// Identifies one agreement of a summary, followed up under the same id
    /// through every amendment.
    AgreementId
);
id_type!(
    /// Identifies one quarterly check-in.
    CheckInId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_uuid_strings() {
        let id: UserId = "2f1c2f9e-8d0a-4c55-9a53-3b1f4b2a9d10".parse().unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"2f1c2f9e-8d0a-4c55-9a53-3b1f4b2a9d10\""
        );
    }

    #[test]
    fn malformed_ids_do_not_parse() {
        assert!("not-a-uuid".parse::<UserId>().is_err());
    }
}
id_type!(
    /// Identifies one notification in a person's list.
    NotificationId
);
id_type!(
    /// Identifies one message in the outbox (an e-mail's `Message-ID`, a
    /// webhook delivery's `webhook-id`).
    MessageId
);
id_type!(
    /// Identifies one webhook endpoint registered by HR.
    WebhookId
);
id_type!(
    /// Identifies one group conversation (GRUS): a manager and their team.
    GroupConversationId
);
id_type!(
    /// Identifies one team agreement of a signed group summary.
    TeamAgreementId
);
id_type!(
    /// Identifies one development goal of an employee's plan.
    DevelopmentGoalId
);
