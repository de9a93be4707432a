//! The organisation as HR maintains it: people, their nearest manager and
//! department, and personal API tokens for integrations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::ids::{ApiTokenId, DepartmentId, UserId};
use crate::people::{DepartmentRef, Email, PersonRef, Role};

/// A person as the directory shows them. Carries no conversation content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Email, example = "anne.soerensen@solbakke.example"))]
    pub email: Email,
    #[cfg_attr(feature = "openapi", schema(example = "Anne Sørensen"))]
    pub name: String,
    pub role: Role,
    pub manager: Option<PersonRef>,
    pub department: Option<DepartmentRef>,
    /// False until the person has chosen a password: they cannot sign in
    /// with one yet.
    pub can_sign_in: bool,
    pub created_at: DateTime<Utc>,
    /// The day the person left the organisation, if they have. Their
    /// conversation content is removed `MUS_RETENTION_YEARS` after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
}

/// Body of `POST /users`. There is no password: whoever knows a person's
/// password can read their preparation, so only the person chooses it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "ida.moelgaard@solbakke.example",
            min_length = 3,
            max_length = 254
        )
    )]
    pub email: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Ida Mølgaard", min_length = 1, max_length = 200)
    )]
    pub name: String,
    pub role: Role,
    /// The nearest manager, who must have the manager role.
    #[serde(default)]
    pub manager_id: Option<UserId>,
    #[serde(default)]
    pub department_id: Option<DepartmentId>,
}

/// Body of `PATCH /users/{id}`: only the fields present change. `null`
/// clears the manager or department. Nobody changes their own role, and
/// nobody makes themselves anyone's manager.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid, nullable))]
    pub manager_id: Option<Option<UserId>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid, nullable))]
    pub department_id: Option<Option<DepartmentId>>,
    /// The day the person left (`YYYY-MM-DD`); `null` clears it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable))]
    pub left_on: Option<Option<NaiveDate>>,
}

/// Tells "absent" (outer `None`, via `default`) from "null" (`Some(None)`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A department and how many people are in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: DepartmentId,
    #[cfg_attr(feature = "openapi", schema(example = "Teknik og Miljø"))]
    pub name: String,
    pub people: u32,
}

/// Body of `POST /departments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDepartment {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Løn og Personale", min_length = 1, max_length = 200)
    )]
    pub name: String,
}

/// What `POST /users/import` did. Importing the same file again reports
/// everyone as unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub departments_created: u32,
    /// People sent an invitation to choose their password (`?invite=true`).
    #[serde(default)]
    pub invited: u32,
}

/// What a personal API token may do, within what its owner may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read what the owner may read.
    Read,
    /// Also change what the owner may change.
    Write,
    /// Provision people through SCIM (`/scim/v2`), and nothing else: not
    /// valid anywhere in `/api/v1`. Only HR administrators make such tokens,
    /// and it is the token's only scope.
    Scim,
}

/// A personal API token as listed; the secret itself is shown only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: ApiTokenId,
    #[cfg_attr(feature = "openapi", schema(example = "Lønsystem"))]
    pub name: String,
    pub scopes: Vec<TokenScope>,
    pub created_at: DateTime<Utc>,
    /// Every token expires, at most a year after it was made.
    pub expires_at: DateTime<Utc>,
}

/// Longest life of a personal API token, in days.
pub const MAX_API_TOKEN_DAYS: u32 = 365;

/// Body of `POST /api-tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Lønsystem", min_length = 1, max_length = 100)
    )]
    pub name: String,
    pub scopes: Vec<TokenScope>,
    /// Days until the token stops working: 1 to 365. A forgotten token in
    /// an old integration must not work for ever.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365, example = 90))]
    pub expires_in_days: u32,
}

/// The answer to `POST /api-tokens`: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    /// Send as `Authorization: Bearer <token>`. Store it now: it cannot be
    /// shown again.
    #[cfg_attr(feature = "openapi", schema(example = "mus_pat_3q2+7w…"))]
    pub token: String,
    pub api_token: ApiToken,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_tells_absent_from_null() {
        let absent: UserPatch = serde_json::from_str(r#"{"name":"Anne"}"#).unwrap();
        let cleared: UserPatch = serde_json::from_str(r#"{"manager_id":null}"#).unwrap();

        assert_eq!(absent.manager_id, None);
        assert_eq!(cleared.manager_id, Some(None));
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<UserPatch>(r#"{"nmae":"Anne"}"#).is_err());
    }
}
