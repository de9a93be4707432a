//! Provisioning through SCIM 2.0 (RFC 7643, RFC 7644): what an identity
//! provider or HR system may say about a person, read from its JSON.
//!
//! SCIM carries identity only: e-mail (`userName`), name, whether the person
//! is still with the organisation (`active`), the provider's own id
//! (`externalId`), the language of their mail (`preferredLanguage`), and from
//! the enterprise extension their nearest manager and department. Anything
//! else a provider sends is accepted and ignored, so that a provider mapping
//! more attributes than MUS keeps can still provision.
//!
//! Parsing is lenient where providers differ (Microsoft Entra ID sends
//! `"Replace"` and `"False"`, Okta a `replace` without a path) and strict
//! where a mistake would change the wrong thing (an unknown operation, a
//! value of the wrong shape).

use serde_json::{Map, Value};

use crate::forms::Language;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The `scimType` of a 400 answer (RFC 7644 §3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScimType {
    InvalidFilter,
    InvalidSyntax,
    InvalidPath,
    InvalidValue,
    NoTarget,
    Mutability,
    Uniqueness,
}

impl ScimType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::InvalidValue => "invalidValue",
            ScimType::NoTarget => "noTarget",
            ScimType::Mutability => "mutability",
            ScimType::Uniqueness => "uniqueness",
        }
    }
}

/// A request MUS cannot read: answered 400 with its `scimType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimRefusal {
    pub scim_type: ScimType,
    pub detail: String,
}

impl ScimRefusal {
    fn new(scim_type: ScimType, detail: impl Into<String>) -> ScimRefusal {
        ScimRefusal {
            scim_type,
            detail: detail.into(),
        }
    }
}

/// What a request says about a person. `None`: leave as it is; for the
/// clearable ones `Some(None)`: clear it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScimChange {
    pub user_name: Option<String>,
    /// The work (or primary) address of `emails`: the e-mail when no
    /// `userName` is given.
    pub work_email: Option<String>,
    pub display_name: Option<String>,
    pub formatted_name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub active: Option<bool>,
    pub external_id: Option<Option<String>>,
    /// A language MUS writes in; any other leaves the person's mail in the
    /// language it is.
    pub language: Option<Language>,
    /// The manager's SCIM id (a MUS user id), as sent.
    pub manager: Option<Option<String>>,
    /// The department's name.
    pub department: Option<Option<String>>,
}

impl ScimChange {
    /// A whole resource, as `POST` and `PUT` send it: what it leaves out is
    /// cleared (externalId, manager, department).
    pub fn from_resource(resource: &Value) -> Result<ScimChange, ScimRefusal> {
        let Value::Object(fields) = resource else {
            return Err(ScimRefusal::new(
                ScimType::InvalidSyntax,
                "a User is a JSON object",
            ));
        };
        let mut change = ScimChange {
            external_id: Some(None),
            manager: Some(None),
            department: Some(None),
            ..ScimChange::default()
        };
        change.apply_object(Op::Replace, fields)?;
        Ok(change)
    }

    /// A `PatchOp` body: its operations, applied in order.
    pub fn from_patch(body: &Value) -> Result<ScimChange, ScimRefusal> {
        let operations = body
            .as_object()
            .and_then(|body| field(body, "Operations"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                ScimRefusal::new(
                    ScimType::InvalidSyntax,
                    "a PatchOp needs an array of Operations",
                )
            })?;
        let mut change = ScimChange::default();
        for operation in operations {
            let operation = operation.as_object().ok_or_else(|| {
                ScimRefusal::new(ScimType::InvalidSyntax, "an operation is a JSON object")
            })?;
            let op = field(operation, "op")
                .and_then(Value::as_str)
                .and_then(Op::parse)
                .ok_or_else(|| {
                    ScimRefusal::new(ScimType::InvalidSyntax, "op must be add, replace or remove")
                })?;
            let value = field(operation, "value");
            match field(operation, "path").and_then(Value::as_str) {
                Some(path) if !path.trim().is_empty() => {
                    change.apply_path(op, path, value)?;
                }
                _ => match (op, value) {
                    (Op::Remove, _) => {
                        return Err(ScimRefusal::new(ScimType::NoTarget, "remove needs a path"));
                    }
                    (_, Some(Value::Object(fields))) => change.apply_object(op, fields)?,
                    _ => {
                        return Err(ScimRefusal::new(
                            ScimType::InvalidValue,
                            "without a path, the value is an object of attributes",
                        ));
                    }
                },
            }
        }
        Ok(change)
    }

    /// The e-mail the change names: `userName`, else the work address.
    pub fn email(&self) -> Option<&str> {
        self.user_name.as_deref().or(self.work_email.as_deref())
    }

    /// The name the change names: `displayName`, else `name.formatted`,
    /// else given and family name.
    pub fn name(&self) -> Option<String> {
        if let Some(name) = self.display_name.as_ref().or(self.formatted_name.as_ref()) {
            return Some(name.clone());
        }
        let parts: Vec<&str> = [&self.given_name, &self.family_name]
            .into_iter()
            .filter_map(|part| part.as_deref().map(str::trim))
            .filter(|part| !part.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    fn apply_object(&mut self, op: Op, fields: &Map<String, Value>) -> Result<(), ScimRefusal> {
        for (key, value) in fields {
            self.apply_path(op, key, Some(value))?;
        }
        Ok(())
    }

    fn apply_path(&mut self, op: Op, path: &str, value: Option<&Value>) -> Result<(), ScimRefusal> {
        let path = path.trim();
        let (extension, attribute) = split_schema(path);
        let value = if op == Op::Remove { None } else { value };
        let lower = attribute.to_ascii_lowercase();
        if extension == Some(Extension::Enterprise) {
            return self.apply_enterprise(&lower, value);
        }
        match lower.as_str() {
            "" => match value {
                // The enterprise extension named whole.
                Some(Value::Object(fields)) => self.apply_object(op, fields),
                _ => Err(ScimRefusal::new(
                    ScimType::InvalidPath,
                    "no attribute named",
                )),
            },
            "username" => {
                self.user_name = Some(required_text(value, "userName")?);
                Ok(())
            }
            "displayname" => {
                self.display_name = Some(required_text(value, "displayName")?);
                Ok(())
            }
            "name" => match value {
                Some(Value::Object(name)) => {
                    for (key, part) in name {
                        self.apply_path(op, &format!("name.{key}"), Some(part))?;
                    }
                    Ok(())
                }
                _ => Err(cannot_remove("name")),
            },
            "name.formatted" => {
                self.formatted_name = Some(required_text(value, "name.formatted")?);
                Ok(())
            }
            "name.givenname" => {
                self.given_name = optional_text(value, "name.givenName")?;
                Ok(())
            }
            "name.familyname" => {
                self.family_name = optional_text(value, "name.familyName")?;
                Ok(())
            }
            "emails" => match value {
                Some(Value::Array(emails)) => {
                    if let Some(email) = work_address(emails) {
                        self.work_email = Some(email);
                    }
                    Ok(())
                }
                Some(Value::Object(_)) => {
                    let emails = [value.cloned().unwrap_or(Value::Null)];
                    if let Some(email) = work_address(&emails) {
                        self.work_email = Some(email);
                    }
                    Ok(())
                }
                _ => Err(cannot_remove("emails")),
            },
            "emails.value" => {
                self.work_email = Some(required_text(value, "emails")?);
                Ok(())
            }
            path if path.starts_with("emails[") => {
                let Some(filter) = path
                    .strip_prefix("emails[")
                    .and_then(|rest| rest.strip_suffix("].value"))
                else {
                    return Err(ScimRefusal::new(
                        ScimType::InvalidPath,
                        "emails are changed as emails[type eq \"work\"].value",
                    ));
                };
                // Only the one address MUS keeps: the work or primary one.
                let compact: String = filter.chars().filter(|c| !c.is_whitespace()).collect();
                if compact == "typeeq\"work\"" || compact == "primaryeqtrue" {
                    self.work_email = Some(required_text(value, "emails")?);
                }
                Ok(())
            }
            "active" => {
                self.active = Some(match value {
                    Some(value) => boolean(value)?,
                    None => return Err(cannot_remove("active")),
                });
                Ok(())
            }
            "externalid" => {
                self.external_id = Some(optional_text(value, "externalId")?);
                Ok(())
            }
            "preferredlanguage" => {
                if let Some(language) =
                    optional_text(value, "preferredLanguage")?.and_then(|tag| language_of(&tag))
                {
                    self.language = Some(language);
                }
                Ok(())
            }
            // Managed by MUS, or not kept at all: accepted and ignored.
            _ => Ok(()),
        }
    }

    fn apply_enterprise(
        &mut self,
        attribute: &str,
        value: Option<&Value>,
    ) -> Result<(), ScimRefusal> {
        match attribute {
            "" => match value {
                Some(Value::Object(fields)) => {
                    for (key, part) in fields {
                        self.apply_enterprise(&key.to_ascii_lowercase(), Some(part))?;
                    }
                    Ok(())
                }
                None => {
                    self.manager = Some(None);
                    self.department = Some(None);
                    Ok(())
                }
                Some(_) => Err(ScimRefusal::new(
                    ScimType::InvalidValue,
                    "the enterprise extension is an object",
                )),
            },
            "manager" | "manager.value" => {
                let id = match value {
                    Some(Value::Object(manager)) => match field(manager, "value") {
                        Some(id) => optional_text(Some(id), "manager.value")?,
                        None => None,
                    },
                    other => optional_text(other, "manager")?,
                };
                self.manager = Some(id);
                Ok(())
            }
            "department" => {
                self.department = Some(optional_text(value, "department")?);
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// A PATCH operation's `op`, in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Replace,
    Remove,
}

impl Op {
    fn parse(op: &str) -> Option<Op> {
        match op.to_ascii_lowercase().as_str() {
            "add" => Some(Op::Add),
            "replace" => Some(Op::Replace),
            "remove" => Some(Op::Remove),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extension {
    Core,
    Enterprise,
}

/// Splits a schema URN off a path: `urn:…:enterprise:2.0:User:manager` is
/// the enterprise extension's `manager`; the enterprise URN alone is the
/// extension as a whole.
fn split_schema(path: &str) -> (Option<Extension>, &str) {
    for (urn, extension) in [
        (ENTERPRISE_USER_SCHEMA, Extension::Enterprise),
        (USER_SCHEMA, Extension::Core),
    ] {
        if path
            .get(..urn.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(urn))
        {
            let rest = &path[urn.len()..];
            if rest.is_empty() {
                return (Some(extension), "");
            }
            if let Some(attribute) = rest.strip_prefix(':') {
                return (Some(extension), attribute);
            }
        }
    }
    (None, path)
}

/// A member of a JSON object by name, in any case (attribute names are
/// case-insensitive, RFC 7643 §2.1).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

fn cannot_remove(attribute: &str) -> ScimRefusal {
    ScimRefusal::new(
        ScimType::Mutability,
        format!("{attribute} is required and cannot be removed"),
    )
}

fn required_text(value: Option<&Value>, attribute: &str) -> Result<String, ScimRefusal> {
    optional_text(value, attribute)?.ok_or_else(|| cannot_remove(attribute))
}

/// A string, or nothing for `null` and an empty string.
fn optional_text(value: Option<&Value>, attribute: &str) -> Result<Option<String>, ScimRefusal> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_owned())),
        Some(_) => Err(ScimRefusal::new(
            ScimType::InvalidValue,
            format!("{attribute} is a string"),
        )),
    }
}

/// A boolean, also as Entra ID sends it: `"True"`, `"False"`.
fn boolean(value: &Value) -> Result<bool, ScimRefusal> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimRefusal::new(
            ScimType::InvalidValue,
            "active is true or false",
        )),
    }
}

/// The address MUS keeps from `emails`: the primary one, else the work one,
/// else the first.
fn work_address(emails: &[Value]) -> Option<String> {
    let objects: Vec<&Map<String, Value>> = emails.iter().filter_map(Value::as_object).collect();
    let is = |email: &&&Map<String, Value>, name: &str, wanted: &Value| {
        field(email, name).is_some_and(|value| match (value, wanted) {
            (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b || boolean(a).ok() == b.as_bool(),
        })
    };
    objects
        .iter()
        .find(|email| is(email, "primary", &Value::Bool(true)))
        .or_else(|| {
            objects
                .iter()
                .find(|email| is(email, "type", &Value::String("work".into())))
        })
        .or(objects.first())
        .and_then(|email| field(email, "value"))
        .and_then(Value::as_str)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// MUS writes Danish and English: `da`, `da-DK`, `en-GB`, `en_US`, …
pub fn language_of(tag: &str) -> Option<Language> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    Language::parse(&primary)
}

/// The filters MUS answers (RFC 7644 §3.4.2.2): equality on `userName`
/// (case-insensitive, as the core schema says) or on `externalId`
/// (case-exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScimFilter {
    UserName(String),
    ExternalId(String),
}

impl ScimFilter {
    pub fn parse(filter: &str) -> Result<ScimFilter, ScimRefusal> {
        let refuse = || {
            ScimRefusal::new(
                ScimType::InvalidFilter,
                "MUS filters on userName eq \"…\" or externalId eq \"…\" only",
            )
        };
        let filter = filter.trim();
        let (attribute, rest) = filter.split_once(char::is_whitespace).ok_or_else(refuse)?;
        let (operator, literal) = rest
            .trim_start()
            .split_once(char::is_whitespace)
            .ok_or_else(refuse)?;
        if !operator.eq_ignore_ascii_case("eq") {
            return Err(refuse());
        }
        let Ok(Value::String(value)) = serde_json::from_str::<Value>(literal.trim()) else {
            return Err(refuse());
        };
        let (_, attribute) = split_schema(attribute);
        match attribute.to_ascii_lowercase().as_str() {
            "username" => Ok(ScimFilter::UserName(value)),
            "externalid" => Ok(ScimFilter::ExternalId(value)),
            _ => Err(refuse()),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patch(operations: Value) -> ScimChange {
        ScimChange::from_patch(&json!({
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": operations,
        }))
        .unwrap()
    }

    #[test]
    fn entra_operations_are_read() {
        let change = patch(json!([
            {"op": "Replace", "path": "displayName", "value": "Anne Sørensen"},
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "anne@solbakke.example"},
            {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "6f1c5a52-8f0e-4b7c-9a55-0d7e8e3f6a11"},
            {"op": "Replace", "path": "active", "value": "False"},
        ]));
        assert_eq!(change.display_name.as_deref(), Some("Anne Sørensen"));
        assert_eq!(change.email(), Some("anne@solbakke.example"));
        assert_eq!(
            change.manager,
            Some(Some("6f1c5a52-8f0e-4b7c-9a55-0d7e8e3f6a11".into()))
        );
        assert_eq!(change.active, Some(false));
    }

    #[test]
    fn a_manager_is_an_object_or_a_bare_id_and_remove_clears_it() {
        let path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
        let object = patch(json!([{"op": "replace", "path": path, "value": {"value": "m1"}}]));
        let removed = patch(json!([{"op": "Remove", "path": path}]));
        assert_eq!(object.manager, Some(Some("m1".into())));
        assert_eq!(removed.manager, Some(None));
    }

    #[test]
    fn okta_replaces_without_a_path() {
        let change = patch(json!([{"op": "replace", "value": {"active": false}}]));
        assert_eq!(change.active, Some(false));
    }

    #[test]
    fn a_pathless_value_may_name_full_urn_paths() {
        let change = patch(json!([{"op": "replace", "value": {
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Borgerservice",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "ida@solbakke.example",
            "name.givenName": "Ida",
            "name.familyName": "Mølgaard",
        }}]));
        assert_eq!(change.department, Some(Some("Borgerservice".into())));
        assert_eq!(change.email(), Some("ida@solbakke.example"));
        assert_eq!(change.name().as_deref(), Some("Ida Mølgaard"));
    }

    #[test]
    fn the_enterprise_extension_named_whole() {
        let change = patch(json!([{"op": "add", "value": {
            ENTERPRISE_USER_SCHEMA: {"manager": {"value": "m2"}, "department": "IT"},
        }}]));
        assert_eq!(change.manager, Some(Some("m2".into())));
        assert_eq!(change.department, Some(Some("IT".into())));
    }

    #[test]
    fn unknown_operations_and_wrong_shapes_are_refused() {
        let unknown =
            ScimChange::from_patch(&json!({"Operations": [{"op": "move", "path": "active"}]}));
        let wrong = ScimChange::from_patch(
            &json!({"Operations": [{"op": "replace", "path": "active", "value": "perhaps"}]}),
        );
        let required =
            ScimChange::from_patch(&json!({"Operations": [{"op": "remove", "path": "userName"}]}));
        assert_eq!(unknown.unwrap_err().scim_type, ScimType::InvalidSyntax);
        assert_eq!(wrong.unwrap_err().scim_type, ScimType::InvalidValue);
        assert_eq!(required.unwrap_err().scim_type, ScimType::Mutability);
    }

    #[test]
    fn a_resource_clears_what_it_leaves_out() {
        let change = ScimChange::from_resource(&json!({
            "schemas": [USER_SCHEMA],
            "userName": "ida@solbakke.example",
            "name": {"formatted": "Ida Mølgaard"},
            "emails": [{"value": "other@solbakke.example", "type": "home"}, {"value": "ida.work@solbakke.example", "type": "work"}],
            "preferredLanguage": "en-GB",
        }))
        .unwrap();
        assert_eq!(change.email(), Some("ida@solbakke.example"));
        assert_eq!(
            change.work_email.as_deref(),
            Some("ida.work@solbakke.example")
        );
        assert_eq!(change.name().as_deref(), Some("Ida Mølgaard"));
        assert_eq!(change.language, Some(Language::En));
        assert_eq!(
            (change.manager, change.department, change.external_id),
            (Some(None), Some(None), Some(None))
        );
    }

    #[test]
    fn filters_on_user_name_and_external_id_only() {
        assert_eq!(
            ScimFilter::parse(r#"userName eq "Anne@Solbakke.example""#),
            Ok(ScimFilter::UserName("Anne@Solbakke.example".into()))
        );
        assert_eq!(
            ScimFilter::parse(r#"externalId EQ "a\"b""#),
            Ok(ScimFilter::ExternalId("a\"b".into()))
        );
        for refused in [
            r#"displayName eq "Anne""#,
            r#"userName sw "a""#,
            r#"userName eq "a" and active eq true"#,
            "userName eq",
            "",
        ] {
            assert_eq!(
                ScimFilter::parse(refused).unwrap_err().scim_type,
                ScimType::InvalidFilter,
                "{refused}"
            );
        }
    }

    #[test]
    fn languages_map_to_the_two_mus_writes() {
        assert_eq!(language_of("da-DK"), Some(Language::Da));
        assert_eq!(language_of("en_US"), Some(Language::En));
        assert_eq!(language_of("de"), None);
    }
}
