//! The committed OpenAPI document matches the code, and the server serves it.

use crate::db_test;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");

#[test]
fn the_committed_spec_matches_the_code() {
    let generated = mus_server::openapi::document_json();
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();

    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code. Regenerate it with:\n\n    \
         cargo run -p mus-server --bin mus -- openapi > openapi/openapi.json\n"
    );
}

#[test]
fn the_spec_declares_bearer_auth_and_problem_responses() {
    let spec: serde_json::Value =
        serde_json::from_str(&mus_server::openapi::document_json()).unwrap();

    let bearer = &spec["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(bearer["bearerFormat"], "JWT");
    let me = &spec["paths"]["/api/v1/me"]["get"];
    assert_eq!(me["security"][0]["bearer"], serde_json::json!([]));
    assert!(me["responses"]["401"]["content"]["application/problem+json"].is_object());
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/methods",
        "/api/v1/auth/oidc/login",
        "/api/v1/auth/oidc/callback",
        "/api/health",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is documented");
    }
}

db_test!(
    async fn the_server_serves_its_spec_and_browsable_docs(app: TestApp) {
        let served: serde_json::Value = app
            .http()
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let docs = app.http().get(app.url("/api/docs/")).send().await.unwrap();
        let docs_status = docs.status();
        let docs_html = docs.text().await.unwrap();

        // `/api/docs` as typed leads there.
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let typed = no_redirects.get(app.url("/api/docs")).send().await.unwrap();
        assert_eq!(typed.status(), 308);
        assert_eq!(typed.headers()["location"], "docs/");
        let followed = app.http().get(app.url("/api/docs")).send().await.unwrap();
        assert_eq!(followed.status(), 200);
        assert!(
            followed.url().path().ends_with("/api/docs/"),
            "{}",
            followed.url()
        );

        let expected: serde_json::Value =
            serde_json::from_str(&mus_server::openapi::document_json()).unwrap();
        assert_eq!(served, expected);
        assert_eq!(docs_status, 200);
        assert!(
            docs_html.contains("swagger-ui"),
            "the docs page is Swagger UI"
        );
        // Served from the binary: no CDN needed on an intranet.
        assert!(
            !docs_html.contains("https://"),
            "the docs page loads nothing from the internet"
        );
    }
);

fn spec() -> serde_json::Value {
    serde_json::from_str(&mus_server::openapi::document_json()).unwrap()
}

/// Every operation of the spec: (method, path, operation).
fn operations(spec: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut all = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                all.push((method.clone(), path.clone(), operation.clone()));
            }
        }
    }
    all
}

/// The schema a `$ref` names, or the schema itself.
fn resolved<'a>(
    spec: &'a serde_json::Value,
    schema: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &spec["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Client generators cannot merge a `oneOf` into an object: no `allOf`
/// anywhere may have a `oneOf` among its members.
#[test]
fn no_all_of_is_over_a_one_of() {
    fn walk(spec: &serde_json::Value, node: &serde_json::Value, at: &str, found: &mut Vec<String>) {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(members) = map.get("allOf").and_then(|m| m.as_array()) {
                    for member in members {
                        if resolved(spec, member).get("oneOf").is_some() {
                            found.push(at.to_owned());
                        }
                    }
                }
                for (key, value) in map {
                    walk(spec, value, &format!("{at}/{key}"), found);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(spec, item, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let spec = spec();
    let mut found = Vec::new();
    walk(&spec, &spec, "", &mut found);
    assert!(found.is_empty(), "allOf over a oneOf at {found:?}");
    // A question is one object per kind, told apart by `kind`.
    let question = &spec["components"]["schemas"]["Question"];
    assert_eq!(question["oneOf"].as_array().unwrap().len(), 4);
    assert_eq!(question["discriminator"]["propertyName"], "kind");
    for kind in [
        "TextQuestion",
        "ScaleQuestion",
        "SingleChoiceQuestion",
        "MultipleChoiceQuestion",
    ] {
        let schema = &spec["components"]["schemas"][kind];
        assert_eq!(schema["type"], "object", "{kind}");
        for field in ["kind", "key", "prompt", "answered_by"] {
            assert!(
                schema["required"]
                    .as_array()
                    .unwrap()
                    .contains(&field.into()),
                "{kind} requires {field}"
            );
        }
    }
}

/// Unique and named after what they do on what, so that a generator that
/// puts every operation in one namespace keeps them all.
#[test]
fn operation_ids_are_unique_and_name_their_resource() {
    let spec = spec();
    let mut ids: Vec<String> = operations(&spec)
        .into_iter()
        .map(|(method, path, operation)| {
            operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has an operationId"))
                .to_owned()
        })
        .collect();
    let count = ids.len();
    for id in &ids {
        assert!(
            id.contains('_') || ["login", "logout"].contains(&id.as_str()),
            "{id} names a verb and what it acts on"
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operationIds are unique");
    for bare in [
        "list", "update", "read", "write", "version", "versions", "complete",
    ] {
        assert!(!ids.contains(&bare.to_owned()), "{bare} alone is ambiguous");
    }
}

/// The limits the server keeps are in the spec: every `limit` is 1–100,
/// a scale answer 1–5, a meeting 15–480 minutes.
#[test]
fn limits_are_in_the_schemas() {
    let spec = spec();
    let mut limits = 0;
    for (method, path, operation) in operations(&spec) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["name"] == "limit" {
                limits += 1;
                let schema = &parameter["schema"];
                assert_eq!(schema["minimum"], 1, "{method} {path}");
                assert_eq!(schema["maximum"], 100, "{method} {path}");
            }
        }
    }
    assert!(limits >= 6, "{limits} paged lists");
    let schemas = &spec["components"]["schemas"];
    let minutes = &schemas["Meeting"]["properties"]["minutes"];
    assert_eq!(
        (&minutes["minimum"], &minutes["maximum"]),
        (&15.into(), &480.into())
    );
    let point = &schemas["ScalePoint"];
    assert_eq!(
        (&point["minimum"], &point["maximum"]),
        (&1.into(), &5.into())
    );
    assert_eq!(schemas["NewRound"]["properties"]["name"]["maxLength"], 200);
    // The summary's PUT replaces the whole content: every part is required.
    let content = schemas["SummaryContent"]["required"].as_array().unwrap();
    for field in ["agreements", "decisions", "assessment", "employee_feedback"] {
        assert!(content.contains(&field.into()), "{field} is required");
    }
    // The document a version conflict carries is typed.
    let current = &schemas["Problem"]["properties"]["current"];
    assert_eq!(current["$ref"], "#/components/schemas/CurrentDocument");
}

/// Every 201 says where the new resource is; every answer carries its
/// request id.
#[test]
fn created_answers_declare_their_location() {
    let spec = spec();
    let mut created = 0;
    for (method, path, operation) in operations(&spec) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            let headers = &response["headers"];
            assert!(
                headers["x-request-id"].is_object(),
                "{method} {path} {status}"
            );
            if status == "201" {
                created += 1;
                assert!(headers["Location"].is_object(), "{method} {path} 201");
            }
        }
    }
    assert!(created >= 6, "{created} operations create");
}

db_test!(
    async fn a_malformed_path_parameter_is_a_400_naming_it(app: TestApp) {
        let hr = app
            .create_user("Hanne Løvgren", mus_domain::Role::HrAdmin, None)
            .await;
        let client = app.signed_in(&hr).await;

        for (path, parameter) in [
            ("conversations/not-a-uuid", "id"),
            ("templates/not-a-uuid", "id"),
            (
                &format!("conversations/{}/preparations/nobody", uuid::Uuid::new_v4()),
                "side",
            ),
            (
                &format!(
                    "conversations/{}/summary/versions/first",
                    uuid::Uuid::new_v4()
                ),
                "n",
            ),
        ] {
            let mus_client::ClientError::Api(problem) =
                client.get::<serde_json::Value>(path).await.unwrap_err()
            else {
                panic!("{path}: a problem");
            };
            assert_eq!(problem.status, 400, "{path}");
            assert_eq!(
                problem.code,
                mus_domain::ErrorCode::InvalidParameter,
                "{path}"
            );
            let named: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(named, [parameter], "{path}");
        }
        // Well-formed, but nothing: still 404.
        let unknown = client
            .get::<serde_json::Value>(&format!("conversations/{}", uuid::Uuid::new_v4()))
            .await;
        assert_eq!(
            unknown.unwrap_err().code(),
            Some(mus_domain::ErrorCode::NotFound)
        );
    }
);
