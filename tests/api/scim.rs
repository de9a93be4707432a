//! Provisioning through SCIM 2.0 at `/scim/v2`: what Microsoft Entra ID and
//! Okta send, what MUS keeps of it, and that a `scim` token opens SCIM and
//! nothing else.

use mus_client::ClientError;
use mus_domain::{AuditAction, ErrorCode, NewApiToken, Role, TokenScope, UserId};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{PASSWORD, TestApp, TestUser};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

async fn token_with(
    app: &TestApp,
    owner: &TestUser,
    scopes: Vec<TokenScope>,
) -> Result<String, ClientError> {
    let session = app.signed_in(owner).await;
    session
        .create_api_token(&NewApiToken {
            name: "Entra ID".into(),
            scopes,
            expires_in_days: 30,
        })
        .await
        .map(|created| created.token)
}

async fn scim_token(app: &TestApp, hr: &TestUser) -> String {
    token_with(app, hr, vec![TokenScope::Scim])
        .await
        .expect("HR makes a scim token")
}

/// One SCIM request; the answer's status and body (`Null` when empty).
async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .http()
        .request(method, app.url(&format!("/scim/v2{path}")))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    if text.is_empty() {
        return (status, Value::Null);
    }
    assert_eq!(
        content_type.as_deref(),
        Some("application/scim+json"),
        "{status} {text}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

fn patch(operations: Value) -> Option<Value> {
    Some(json!({"schemas": [PATCH_OP], "Operations": operations}))
}

fn assert_scim_error(status: StatusCode, body: &Value, expected: u16, scim_type: Option<&str>) {
    assert_eq!(status.as_u16(), expected, "{body}");
    assert_eq!(body["schemas"], json!([ERROR]));
    assert_eq!(body["status"], json!(expected.to_string()));
    if let Some(scim_type) = scim_type {
        assert_eq!(body["scimType"], scim_type);
    }
}

async fn new_user(app: &TestApp, token: &str, user_name: &str, external_id: &str) -> Value {
    let (status, created) = call(
        app,
        token,
        Method::POST,
        "/Users",
        Some(json!({
            "schemas": [USER, ENTERPRISE],
            "externalId": external_id,
            "userName": user_name,
            "name": {"givenName": "Ida", "familyName": "Mølgaard"},
            "emails": [{"value": user_name, "type": "work", "primary": true}],
            "active": true,
            "preferredLanguage": "en-GB",
            ENTERPRISE: {"department": "Borgerservice"},
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

fn id_of(user: &Value) -> UserId {
    UserId(user["id"].as_str().unwrap().parse().unwrap())
}

db_test!(
    async fn a_provider_creates_finds_and_reads_a_person(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let token = scim_token(&app, &hr).await;

        let created = new_user(&app, &token, "Ida.Moelgaard@Solbakke.example", "entra-1").await;
        let id = id_of(&created);
        let (status, fetched) =
            call(&app, &token, Method::GET, &format!("/Users/{}", id), None).await;
        let (_, by_name) = call(
            &app,
            &token,
            Method::GET,
            "/Users?filter=userName%20eq%20%22IDA.moelgaard%40solbakke.example%22",
            None,
        )
        .await;
        let (_, by_external) = call(
            &app,
            &token,
            Method::GET,
            "/Users?filter=externalId%20eq%20%22entra-1%22",
            None,
        )
        .await;
        let (_, by_other) = call(
            &app,
            &token,
            Method::GET,
            "/Users?filter=externalId%20eq%20%22ENTRA-1%22",
            None,
        )
        .await;

        assert_eq!(status, StatusCode::OK);
        assert_eq!(fetched["userName"], "ida.moelgaard@solbakke.example");
        assert_eq!(fetched["displayName"], "Ida Mølgaard");
        assert_eq!(fetched["name"]["formatted"], "Ida Mølgaard");
        assert_eq!(fetched["externalId"], "entra-1");
        assert_eq!(fetched["active"], true);
        assert_eq!(fetched["preferredLanguage"], "en");
        assert_eq!(fetched[ENTERPRISE]["department"], "Borgerservice");
        assert!(
            fetched["meta"]["location"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/scim/v2/Users/{id}"))
        );
        assert_eq!(by_name["totalResults"], 1);
        assert_eq!(by_name["Resources"][0]["id"], created["id"]);
        assert_eq!(by_external["Resources"][0]["id"], created["id"]);
        assert_eq!(by_other["totalResults"], 0, "externalId is case-exact");
        // The same as HR's own creation: an employee without a password,
        // in the audit log as done by the token's owner.
        let session = app.signed_in(&hr).await;
        let user = session.user(id).await.unwrap();
        assert_eq!(user.role, Role::Employee);
        assert!(!user.can_sign_in);
        assert_eq!(user.department.unwrap().name, "Borgerservice");
        let created_by = mus_server::store::entities::audit_event::Entity::find()
            .filter(
                mus_server::store::entities::audit_event::Column::Action
                    .eq(AuditAction::PersonCreated.as_str()),
            )
            .filter(mus_server::store::entities::audit_event::Column::SubjectId.eq(id.0))
            .one(&app.db)
            .await
            .unwrap()
            .expect("recorded");
        assert_eq!(created_by.actor_id, Some(hr.id.0));
    }
);

db_test!(
    async fn lists_page_and_unknown_ids_and_filters_are_scim_errors(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let token = scim_token(&app, &hr).await;
        for n in 0..3 {
            new_user(
                &app,
                &token,
                &format!("p{n}@solbakke.example"),
                &format!("x{n}"),
            )
            .await;
        }

        let (_, page) = call(
            &app,
            &token,
            Method::GET,
            "/Users?startIndex=2&count=2",
            None,
        )
        .await;
        let (status, missing) = call(
            &app,
            &token,
            Method::GET,
            &format!("/Users/{}", uuid::Uuid::new_v4()),
            None,
        )
        .await;
        let (filter_status, refused) = call(
            &app,
            &token,
            Method::GET,
            "/Users?filter=displayName%20co%20%22a%22",
            None,
        )
        .await;
        let (_, not_an_id) = call(&app, &token, Method::GET, "/Users/not-an-id", None).await;

        // HR and the three provisioned.
        assert_eq!(page["totalResults"], 4);
        assert_eq!(page["startIndex"], 2);
        assert_eq!(page["itemsPerPage"], 2);
        assert_eq!(page["Resources"].as_array().unwrap().len(), 2);
        assert_scim_error(status, &missing, 404, None);
        assert_scim_error(filter_status, &refused, 400, Some("invalidFilter"));
        assert_eq!(not_an_id["status"], "404");
    }
);

db_test!(
    async fn entra_deactivates_and_the_leaver_loses_every_way_in(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let manager = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let token = scim_token(&app, &hr).await;
        let created = new_user(&app, &token, "anne@solbakke.example", "entra-anne").await;
        let id = id_of(&created);
        let path = format!("/Users/{id}");
        // The person signs in, and makes a token of their own.
        app.choose_own_password(id).await;
        let login: Value = app
            .http()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "anne@solbakke.example", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let refresh_token = login["refresh_token"].as_str().unwrap().to_owned();
        let own_token = token_with(
            &app,
            &TestUser {
                id,
                email: "anne@solbakke.example".into(),
            },
            vec![TokenScope::Read],
        )
        .await
        .unwrap();

        let (renamed_status, renamed) = call(
            &app,
            &token,
            Method::PATCH,
            &path,
            patch(json!([
                {"op": "Replace", "path": "displayName", "value": "Anne Sørensen"},
            ])),
        )
        .await;
        let (managed_status, managed) = call(&app, &token, Method::PATCH, &path, patch(json!([
            {"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": manager.id.to_string()},
        ]))).await;
        let (_, emailed) = call(&app, &token, Method::PATCH, &path, patch(json!([
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "anne.soerensen@solbakke.example"},
        ]))).await;
        let (left_status, left) = call(
            &app,
            &token,
            Method::PATCH,
            &path,
            patch(json!([
                {"op": "Replace", "path": "active", "value": "False"},
            ])),
        )
        .await;

        assert_eq!(renamed_status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["displayName"], "Anne Sørensen");
        assert_eq!(managed_status, StatusCode::OK, "{managed}");
        assert_eq!(
            managed[ENTERPRISE]["manager"]["value"],
            manager.id.to_string()
        );
        assert_eq!(emailed["userName"], "anne.soerensen@solbakke.example");
        assert_eq!(left_status, StatusCode::OK, "{left}");
        assert_eq!(left["active"], false);
        let session = app.signed_in(&hr).await;
        let person = session.user(id).await.unwrap();
        assert_eq!(
            person.left_on,
            Some(mus_domain::agreements::danish_date(chrono::Utc::now()))
        );
        assert_eq!(person.manager.unwrap().id, manager.id);
        let refreshed = app
            .http()
            .post(app.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": refresh_token}))
            .send()
            .await
            .unwrap();
        assert_eq!(refreshed.status(), 401, "the session ended");
        let with_own_token = app
            .http()
            .get(app.url("/api/v1/me"))
            .bearer_auth(&own_token)
            .send()
            .await
            .unwrap();
        assert_eq!(with_own_token.status(), 401, "their API token ended");
        let (_, still_there) = call(&app, &token, Method::GET, &path, None).await;
        assert_eq!(still_there["active"], false);
        // A new manager is told to the person, as when HR sets one.
        let told = mus_server::store::entities::audit_event::Entity::find()
            .filter(
                mus_server::store::entities::audit_event::Column::Action
                    .eq(AuditAction::ManagerChanged.as_str()),
            )
            .filter(mus_server::store::entities::audit_event::Column::SubjectId.eq(id.0))
            .one(&app.db)
            .await
            .unwrap();
        assert!(told.is_some());

        let (back_status, back) = call(
            &app,
            &token,
            Method::PATCH,
            &path,
            patch(json!([
                {"op": "replace", "path": "active", "value": true},
                {"op": "remove", "path": format!("{ENTERPRISE}:manager")},
            ])),
        )
        .await;
        assert_eq!(back_status, StatusCode::OK, "{back}");
        assert_eq!(back["active"], true);
        assert!(back[ENTERPRISE].get("manager").is_none());
        assert_eq!(session.user(id).await.unwrap().left_on, None);
    }
);

db_test!(
    async fn okta_replaces_without_a_path_and_put_replaces_the_whole(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let boss = app.create_user("Bo Ravn", Role::Employee, None).await;
        let token = scim_token(&app, &hr).await;
        let created = new_user(&app, &token, "okta@solbakke.example", "okta-1").await;
        let path = format!("/Users/{}", created["id"].as_str().unwrap());

        let (status, okta) = call(
            &app,
            &token,
            Method::PATCH,
            &path,
            patch(json!([
                {"op": "replace", "value": {"active": false}},
            ])),
        )
        .await;
        let (put_status, put) = call(
            &app,
            &token,
            Method::PUT,
            &path,
            Some(json!({
                "schemas": [USER, ENTERPRISE],
                "userName": "okta@solbakke.example",
                "displayName": "Okta Person",
                "active": true,
                ENTERPRISE: {"manager": {"value": boss.id.to_string()}},
            })),
        )
        .await;

        assert_eq!(status, StatusCode::OK, "{okta}");
        assert_eq!(okta["active"], false);
        assert_eq!(put_status, StatusCode::OK, "{put}");
        assert_eq!(put["displayName"], "Okta Person");
        assert_eq!(put["active"], true);
        assert!(
            put.get("externalId").is_none(),
            "what PUT leaves out is cleared"
        );
        assert!(put[ENTERPRISE].get("department").is_none());
        assert_eq!(put[ENTERPRISE]["manager"]["value"], boss.id.to_string());
        // Named as a manager, the employee became one.
        let session = app.signed_in(&hr).await;
        assert_eq!(session.user(boss.id).await.unwrap().role, Role::Manager);
    }
);

db_test!(
    async fn delete_deactivates_and_hides_but_keeps_the_person(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let token = scim_token(&app, &hr).await;
        let created = new_user(&app, &token, "gone@solbakke.example", "gone").await;
        let id = id_of(&created);

        let (status, _) = call(&app, &token, Method::DELETE, &format!("/Users/{id}"), None).await;
        let (after_status, after) =
            call(&app, &token, Method::GET, &format!("/Users/{id}"), None).await;

        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_scim_error(after_status, &after, 404, None);
        let person = app.signed_in(&hr).await.user(id).await.unwrap();
        assert!(person.left_on.is_some(), "a leaver in MUS, not deleted");
    }
);

db_test!(
    async fn only_an_hr_scim_token_opens_scim(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let employee = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let read = token_with(&app, &hr, vec![TokenScope::Read]).await.unwrap();
        let write = token_with(&app, &hr, vec![TokenScope::Read, TokenScope::Write])
            .await
            .unwrap();
        let session = app
            .client
            .login(&hr.email, PASSWORD)
            .await
            .unwrap()
            .access_token;

        for token in [&read, &write, &session] {
            let (status, body) = call(&app, token, Method::GET, "/Users", None).await;
            assert_scim_error(status, &body, 403, None);
        }
        let (status, body) = call(&app, "mus_pat_nonsense", Method::GET, "/Users", None).await;
        assert_scim_error(status, &body, 401, None);
        let employee_attempt = token_with(&app, &employee, vec![TokenScope::Scim]).await;
        assert_eq!(
            employee_attempt.unwrap_err().code(),
            Some(ErrorCode::Forbidden)
        );
        let combined = token_with(&app, &hr, vec![TokenScope::Scim, TokenScope::Read]).await;
        assert_eq!(combined.unwrap_err().code(), Some(ErrorCode::InvalidBody));
    }
);

db_test!(
    async fn a_scim_token_opens_nothing_in_the_api(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let token = scim_token(&app, &hr).await;
        let spec: Value = serde_json::from_str(&mus_server::openapi::document_json()).unwrap();
        let some_id = hr.id.to_string();

        let mut walked = 0;
        for (path, operations) in spec["paths"].as_object().unwrap() {
            let Some(get) = operations.get("get") else {
                continue;
            };
            if !path.starts_with("/api/v1/") || get.get("security").is_none() {
                continue;
            }
            let concrete = path
                .split('/')
                .map(|part| match part {
                    "{side}" => "employee",
                    "{n}" => "1",
                    part if part.starts_with('{') => some_id.as_str(),
                    part => part,
                })
                .collect::<Vec<_>>()
                .join("/");
            let response = app
                .http()
                .get(app.url(&concrete))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "GET {path}");
            walked += 1;
        }
        assert!(walked > 20, "walked {walked} endpoints");
        for path in ["/api/v1/conversations", "/api/v1/users"] {
            let response = app
                .http()
                .get(app.url(path))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let body = response.text().await.unwrap();
            assert!(body.contains("\"forbidden\""), "{path}: {body}");
        }
    }
);

db_test!(
    async fn discovery_describes_what_mus_serves(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let token = scim_token(&app, &hr).await;

        let (_, config) = call(&app, &token, Method::GET, "/ServiceProviderConfig", None).await;
        let (_, schemas) = call(&app, &token, Method::GET, "/Schemas", None).await;
        let (_, user) = call(&app, &token, Method::GET, &format!("/Schemas/{USER}"), None).await;
        let (_, types) = call(&app, &token, Method::GET, "/ResourceTypes/User", None).await;
        let (unknown_status, unknown) = call(&app, &token, Method::GET, "/Groups", None).await;

        assert_eq!(config["patch"]["supported"], true);
        assert_eq!(config["bulk"]["supported"], false);
        assert_eq!(config["filter"]["supported"], true);
        assert!(schemas["totalResults"].as_u64().unwrap() >= 2);
        assert_eq!(user["attributes"][0]["name"], "userName");
        assert_eq!(types["schemaExtensions"][0]["schema"], ENTERPRISE);
        assert_scim_error(unknown_status, &unknown, 404, None);
    }
);
