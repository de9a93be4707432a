//! SCIM 2.0 at `/scim/v2` (RFC 7643, RFC 7644): `Users` with the enterprise
//! extension's `manager` and `department`, and the discovery documents.
//!
//! Outside `/api/v1` and outside the OpenAPI document: SCIM describes itself
//! (`/ServiceProviderConfig`, `/Schemas`, `/ResourceTypes`). Every request
//! needs an HR administrator's API token with the `scim` scope
//! ([`ScimClient`]); every answer is `application/scim+json`, and every
//! refusal a SCIM error.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use mus_domain::UserId;
use mus_domain::scim::{
    ENTERPRISE_USER_SCHEMA, LIST_RESPONSE_SCHEMA, ScimChange, ScimFilter, ScimType, USER_SCHEMA,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::ScimClient;
use crate::error::{SCIM_JSON, ScimError};
use crate::services::scim::{self, MAX_RESULTS, ScimPerson};
use crate::state::AppState;

/// Everything under `/scim/v2`; what is not here is a SCIM 404.
pub fn scope() -> actix_web::Scope {
    web::scope("/scim/v2")
        .configure(configure)
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(ScimError::not_found())
        }))
}

fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/ServiceProviderConfig").route(web::get().to(service_provider_config)),
    )
    .service(web::resource("/Schemas").route(web::get().to(schemas)))
    .service(web::resource("/Schemas/{id}").route(web::get().to(schema)))
    .service(web::resource("/ResourceTypes").route(web::get().to(resource_types)))
    .service(web::resource("/ResourceTypes/{id}").route(web::get().to(resource_type)))
    .service(web::resource(["/.search", "/Users/.search"]).route(web::post().to(no_search)))
    .service(
        web::resource("/Users")
            .route(web::get().to(list_users))
            .route(web::post().to(create_user)),
    )
    .service(
        web::resource("/Users/{id}")
            .route(web::get().to(get_user))
            .route(web::put().to(replace_user))
            .route(web::patch().to(patch_user))
            .route(web::delete().to(delete_user)),
    );
}

/// Where SCIM lives, as clients are told in `meta.location`.
fn base(state: &AppState) -> String {
    format!(
        "{}/scim/v2",
        state.public_url.as_str().trim_end_matches('/')
    )
}

fn answer(status: StatusCode, body: &Value) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, SCIM_JSON))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body.to_string())
}

fn read_body(body: &[u8]) -> Result<Value, ScimError> {
    serde_json::from_slice(body).map_err(|_| {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some(ScimType::InvalidSyntax.as_str()),
            "the body is not JSON",
        )
    })
}

/// A SCIM id is a MUS user id; anything else names nobody.
fn user_id(raw: &str) -> Result<UserId, ScimError> {
    uuid::Uuid::parse_str(raw)
        .map(UserId)
        .map_err(|_| ScimError::not_found())
}

/// A person as a SCIM User. Identity only: never anything the person or
/// their manager wrote.
fn user_json(base: &str, person: &ScimPerson) -> Value {
    let user = &person.user;
    let location = format!("{base}/Users/{}", user.id);
    let mut schemas = vec![USER_SCHEMA];
    let mut body = json!({
        "id": user.id.to_string(),
        "userName": user.email.as_str(),
        "name": {"formatted": user.name},
        "displayName": user.name,
        "emails": [{"value": user.email.as_str(), "type": "work"}],
        "active": person.active,
        "preferredLanguage": person.language,
        "meta": {
            "resourceType": "User",
            "created": user.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "lastModified": person.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "location": location,
        },
    });
    if let Some(external_id) = &person.external_id {
        body["externalId"] = external_id.clone().into();
    }
    let mut enterprise = serde_json::Map::new();
    if let Some(manager) = &user.manager {
        enterprise.insert(
            "manager".into(),
            json!({"value": manager.id.to_string(), "$ref": format!("{base}/Users/{}", manager.id)}),
        );
    }
    if let Some(department) = &user.department {
        enterprise.insert("department".into(), department.name.clone().into());
    }
    if !enterprise.is_empty() {
        schemas.push(ENTERPRISE_USER_SCHEMA);
        body[ENTERPRISE_USER_SCHEMA] = Value::Object(enterprise);
    }
    body["schemas"] = json!(schemas);
    body
}

/// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5), on top-level
/// attributes: a sub-attribute or an extension's attribute selects its
/// whole attribute. `id` and `schemas` are always returned, `userName` too
/// unless `attributes` names others only.
fn select(mut body: Value, query: &ListQuery) -> Value {
    let Value::Object(fields) = &mut body else {
        return body;
    };
    let top = |name: &str| -> String {
        let name = name.trim();
        let starts_with = |urn: &str| {
            name.get(..urn.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(urn))
        };
        if starts_with(ENTERPRISE_USER_SCHEMA) {
            return ENTERPRISE_USER_SCHEMA.to_ascii_lowercase();
        }
        let name = if starts_with(USER_SCHEMA) {
            name[USER_SCHEMA.len()..].trim_start_matches(':')
        } else {
            name
        };
        name.split(['.', '['])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let names = |list: &Option<String>| -> Option<Vec<String>> {
        list.as_ref()
            .map(|list| list.split(',').map(top).filter(|n| !n.is_empty()).collect())
    };
    if let Some(wanted) = names(&query.attributes) {
        fields.retain(|key, _| {
            let key = key.to_ascii_lowercase();
            key == "id" || key == "schemas" || wanted.contains(&key)
        });
    } else if let Some(unwanted) = names(&query.excluded_attributes) {
        fields.retain(|key, _| {
            let key = key.to_ascii_lowercase();
            key == "id" || key == "schemas" || !unwanted.contains(&key)
        });
    }
    body
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    filter: Option<String>,
    #[serde(rename = "startIndex")]
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    #[serde(rename = "excludedAttributes")]
    excluded_attributes: Option<String>,
}

fn query_of(req: &HttpRequest) -> Result<ListQuery, ScimError> {
    web::Query::<ListQuery>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|_| {
            ScimError::new(
                StatusCode::BAD_REQUEST,
                Some(ScimType::InvalidSyntax.as_str()),
                "the query string cannot be read",
            )
        })
}

fn number(raw: &Option<String>, name: &str, default: i64) -> Result<i64, ScimError> {
    match raw {
        None => Ok(default),
        Some(raw) => raw.trim().parse().map_err(|_| {
            ScimError::new(
                StatusCode::BAD_REQUEST,
                Some(ScimType::InvalidValue.as_str()),
                format!("{name} is a whole number"),
            )
        }),
    }
}

#[tracing::instrument(name = "scim list users", skip_all, fields(user = %client.0.id))]
async fn list_users(
    state: web::Data<AppState>,
    client: ScimClient,
    req: HttpRequest,
) -> Result<HttpResponse, ScimError> {
    let query = query_of(&req)?;
    let filter = match query.filter.as_deref() {
        Some(filter) if !filter.trim().is_empty() => Some(ScimFilter::parse(filter)?),
        _ => None,
    };
    // RFC 7644 §3.4.2.4: below 1 counts as 1, a negative count as 0.
    let start = u64::try_from(number(&query.start_index, "startIndex", 1)?.max(1)).unwrap_or(1);
    let most = i64::try_from(MAX_RESULTS).unwrap_or(i64::MAX);
    let count = u64::try_from(number(&query.count, "count", most)?.max(0))
        .unwrap_or(0)
        .min(MAX_RESULTS);
    let page = scim::list(&state.db, filter, start, count).await?;
    let base = base(&state);
    let resources: Vec<Value> = page
        .people
        .iter()
        .map(|person| select(user_json(&base, person), &query))
        .collect();
    Ok(answer(
        StatusCode::OK,
        &json!({
            "schemas": [LIST_RESPONSE_SCHEMA],
            "totalResults": page.total,
            "startIndex": start,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        }),
    ))
}

#[tracing::instrument(name = "scim get user", skip_all, fields(user = %client.0.id))]
async fn get_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ScimError> {
    let query = query_of(&req)?;
    let person = scim::get(&state.db, user_id(&id)?).await?;
    Ok(answer(
        StatusCode::OK,
        &select(user_json(&base(&state), &person), &query),
    ))
}

#[tracing::instrument(name = "scim create user", skip_all, fields(user = %client.0.id))]
async fn create_user(
    state: web::Data<AppState>,
    client: ScimClient,
    body: web::Bytes,
) -> Result<HttpResponse, ScimError> {
    let change = ScimChange::from_resource(&read_body(&body)?)?;
    let person = scim::create(&state.db, client.0.id, change, &state.public_url).await?;
    state.outbox.wake();
    let body = user_json(&base(&state), &person);
    let mut response = answer(StatusCode::CREATED, &body);
    if let Ok(location) =
        header::HeaderValue::from_str(body["meta"]["location"].as_str().unwrap_or_default())
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

#[tracing::instrument(name = "scim replace user", skip_all, fields(user = %client.0.id))]
async fn replace_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ScimError> {
    let id = user_id(&id)?;
    let change = ScimChange::from_resource(&read_body(&body)?)?;
    let person = scim::update(&state.db, client.0.id, id, change, &state.public_url).await?;
    state.outbox.wake();
    Ok(answer(StatusCode::OK, &user_json(&base(&state), &person)))
}

#[tracing::instrument(name = "scim patch user", skip_all, fields(user = %client.0.id))]
async fn patch_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ScimError> {
    let id = user_id(&id)?;
    let change = ScimChange::from_patch(&read_body(&body)?)?;
    let person = scim::update(&state.db, client.0.id, id, change, &state.public_url).await?;
    state.outbox.wake();
    Ok(answer(StatusCode::OK, &user_json(&base(&state), &person)))
}

/// Deactivates: the person leaves today and is no longer shown here, but
/// stays in MUS until retention removes their content.
#[tracing::instrument(name = "scim delete user", skip_all, fields(user = %client.0.id))]
async fn delete_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
) -> Result<HttpResponse, ScimError> {
    let id = user_id(&id)?;
    scim::remove(&state.db, client.0.id, id, &state.public_url).await?;
    state.outbox.wake();
    Ok(HttpResponse::NoContent()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

async fn no_search(_client: ScimClient) -> Result<HttpResponse, ScimError> {
    Err(ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        None,
        "searching with POST is not supported; use GET /Users?filter=",
    ))
}

async fn service_provider_config(state: web::Data<AppState>, _client: ScimClient) -> HttpResponse {
    let base = base(&state);
    answer(
        StatusCode::OK,
        &json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": false},
            "sort": {"supported": false},
            "etag": {"supported": false},
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "API token",
                "description": "An HR administrator's MUS API token with the scim scope, as Authorization: Bearer",
                "primary": true,
            }],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": format!("{base}/ServiceProviderConfig"),
            },
        }),
    )
}

fn attribute(name: &str, kind: &str, required: bool, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": required,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    })
}

/// The schemas MUS serves: what it keeps of a User and of the enterprise
/// extension, and the three discovery schemas. Marked required is what
/// every person has in MUS (and so cannot be removed).
fn all_schemas(base: &str) -> Vec<Value> {
    let mut user_name = attribute(
        "userName",
        "string",
        true,
        "The person's e-mail address; unique, without regard to case",
    );
    user_name["uniqueness"] = "server".into();
    let formatted = attribute("formatted", "string", true, "The person's full name");
    let mut name = attribute("name", "complex", true, "The person's name");
    name["subAttributes"] = json!([formatted]);
    let mut email_type = attribute("type", "string", false, "Always work");
    email_type["canonicalValues"] = json!(["work"]);
    let mut emails = attribute(
        "emails",
        "complex",
        true,
        "The person's work e-mail address, the same as userName",
    );
    emails["multiValued"] = true.into();
    emails["subAttributes"] = json!([
        attribute("value", "string", true, "The e-mail address"),
        email_type,
    ]);
    let mut language = attribute(
        "preferredLanguage",
        "string",
        true,
        "The language of the person's mail: da or en",
    );
    language["canonicalValues"] = json!(["da", "en"]);
    let user = json!({
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A person in MUS",
        "attributes": [
            user_name,
            name,
            attribute("displayName", "string", true, "The person's name as shown"),
            emails,
            attribute("active", "boolean", true, "False from the person's leaving day"),
            language,
        ],
    });
    let mut reference = attribute("$ref", "reference", false, "The manager's SCIM resource");
    reference["referenceTypes"] = json!(["User"]);
    reference["caseExact"] = true.into();
    let mut manager = attribute(
        "manager",
        "complex",
        false,
        "The person's nearest manager, who gets the manager role",
    );
    manager["subAttributes"] = json!([
        attribute("value", "string", false, "The manager's SCIM id"),
        reference,
    ]);
    let enterprise = json!({
        "id": ENTERPRISE_USER_SCHEMA,
        "name": "EnterpriseUser",
        "description": "The person's place in the organisation",
        "attributes": [
            manager,
            attribute("department", "string", false, "The department's name; created when new"),
        ],
    });
    let discovery = [
        (
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
            "ServiceProviderConfig",
        ),
        (
            "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
            "ResourceType",
        ),
        ("urn:ietf:params:scim:schemas:core:2.0:Schema", "Schema"),
    ]
    .map(|(id, name)| json!({"id": id, "name": name, "description": name, "attributes": []}));
    [user, enterprise]
        .into_iter()
        .chain(discovery)
        .map(|mut schema| {
            let id = schema["id"].as_str().unwrap_or_default().to_owned();
            schema["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:Schema"]);
            schema["meta"] = json!({
                "resourceType": "Schema",
                "location": format!("{base}/Schemas/{id}"),
            });
            schema
        })
        .collect()
}

fn user_resource_type(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "People in MUS",
        "schema": USER_SCHEMA,
        "schemaExtensions": [{"schema": ENTERPRISE_USER_SCHEMA, "required": false}],
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User")},
    })
}

fn list_of(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

async fn schemas(state: web::Data<AppState>, _client: ScimClient) -> HttpResponse {
    answer(StatusCode::OK, &list_of(all_schemas(&base(&state))))
}

async fn schema(
    state: web::Data<AppState>,
    _client: ScimClient,
    id: web::Path<String>,
) -> Result<HttpResponse, ScimError> {
    all_schemas(&base(&state))
        .into_iter()
        .find(|schema| schema["id"].as_str() == Some(id.as_str()))
        .map(|schema| answer(StatusCode::OK, &schema))
        .ok_or_else(ScimError::not_found)
}

async fn resource_types(state: web::Data<AppState>, _client: ScimClient) -> HttpResponse {
    answer(
        StatusCode::OK,
        &list_of(vec![user_resource_type(&base(&state))]),
    )
}

async fn resource_type(
    state: web::Data<AppState>,
    _client: ScimClient,
    id: web::Path<String>,
) -> Result<HttpResponse, ScimError> {
    if id.as_str() == "User" {
        Ok(answer(StatusCode::OK, &user_resource_type(&base(&state))))
    } else {
        Err(ScimError::not_found())
    }
}
