//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "MUS API",
        description = "The yearly development conversation (medarbejderudviklingssamtale): \
            rounds, preparation, meeting, signed summary and follow-up.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code`. \
            Times are RFC 3339 in UTC; ids are UUIDs.",
        license(name = "MIT"),
    ),
    modifiers(&BearerAuth),
    components(schemas(mus_domain::ErrorCode, mus_domain::FieldError, mus_domain::WebhookMessage)),
    tags(
        (name = "auth", description = "Signing in, the signed-in person and personal API tokens"),
        (name = "people", description = "People, their nearest manager and departments"),
        (name = "forms", description = "Question forms (templates) both sides prepare from"),
        (name = "rounds", description = "HR's yearly rounds and their progress"),
        (name = "conversations", description = "The conversations between an employee and their manager"),
        (name = "summary", description = "The summary (referat) of a held conversation: drafting, signing on an exact text, amending, every version"),
        (name = "follow-up", description = "Agreements of signed summaries, last year's agreements reviewed, quarterly check-ins"),
        (name = "dashboards", description = "The employee's next step, the manager's team, HR's completion figures"),
        (name = "audit", description = "Who did what to whose data: the audit log, a person's access log and data export"),
        (name = "notifications", description = "What MUS tells people: the list of notifications, the choice of e-mails, and for HR the delivery of mail"),
        (name = "integrations", description = "Webhooks: other systems told of what happens, signed as Standard Webhooks has it, with ids, states and dates only"),
        (name = "operations", description = "Health and the API description"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from `POST /api/v1/auth/login` or `/auth/refresh`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document as committed in `openapi/openapi.json`, served at
/// `/api/openapi.json`. `tests/api/openapi.rs` fails when it differs from
/// what [`collect`] describes, so the served document is the code's.
/// Serving it as built spares each server worker describing the API again
/// (see [`crate::routes::Routes`]).
pub const COMMITTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../openapi/openapi.json"
));

/// What an actix-web `App` is built on before routes are added.
pub trait AppFactory:
    actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Error = actix_web::Error,
        InitError = (),
    >
{
}

impl<T> AppFactory for T where
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Error = actix_web::Error,
            InitError = (),
        >
{
}

/// Registers the API's routes on `app`, as [`collect`] does, without
/// describing them: what each server worker does.
pub fn register<T: AppFactory>(app: App<T>) -> App<T> {
    app.service(actix_web::web::scope("/api/v1").configure(routes::configure_v1))
        .configure(routes::configure_root)
}

/// Registers the API's routes on `app` and returns it with their description:
/// what `mus openapi` writes into `openapi/openapi.json`. Routes are
/// registered by the same functions as in [`register`], so the two cannot
/// disagree.
pub fn collect<T: AppFactory>(app: App<T>) -> (App<T>, utoipa::openapi::OpenApi) {
    let (app, mut api) = app
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        // Closures: the config's lifetime is chosen per call.
        .service(scope::scope("/api/v1").configure(|cfg| routes::configure_v1(cfg)))
        .configure(|cfg| routes::configure_root(cfg))
        .split_for_parts();
    document_common_errors(&mut api);
    (app, api)
}

/// Adds the errors any operation can answer with, where its own annotation
/// does not describe them more closely: 401 where a credential is needed,
/// 400 where there are parameters or a JSON body, and 413 and 415 where
/// there is a body. A client reading the spec then knows every status it
/// can get (checked by schemathesis, `scripts/schemathesis`).
fn document_common_errors(api: &mut utoipa::openapi::OpenApi) {
    for item in api.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let signed_in = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let has_body = operation.request_body.is_some();
            let mut add = |status: &str, description: &str| {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(description).into());
            };
            if signed_in {
                add(
                    "401",
                    "No valid credential: none sent (`unauthenticated`), expired \
                     (`token_expired`), or forged, revoked or unknown (`token_invalid`)",
                );
            }
            if has_body {
                add(
                    "400",
                    "The body is not valid JSON (`malformed_json`), or a parameter is \
                     malformed (`invalid_parameter`)",
                );
                add(
                    "413",
                    "The body is larger than the server accepts (`payload_too_large`)",
                );
                add(
                    "415",
                    "The body's content type is not the one this operation takes \
                     (`unsupported_media_type`)",
                );
            } else if has_parameters {
                add("400", "A parameter is malformed (`invalid_parameter`)");
            }
            document_headers(operation);
        }
    }
}

/// Declares the headers the server sends: `x-request-id` on every answer
/// (the id under which the request is logged), and `Location` on every 201,
/// naming what was created.
fn document_headers(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::{HeaderBuilder, ObjectBuilder, RefOr, Type};
    let string = || ObjectBuilder::new().schema_type(Type::String).build();
    for (status, response) in &mut operation.responses.responses {
        let RefOr::T(response) = response else {
            continue;
        };
        response.headers.insert(
            "x-request-id".to_owned(),
            HeaderBuilder::new()
                .schema(Some(string()))
                .description(Some(
                    "The id under which the server logged the request; quote it \
                     when reporting a problem.",
                ))
                .build()
                .into(),
        );
        if status == "201" {
            response.headers.insert(
                "Location".to_owned(),
                HeaderBuilder::new()
                    .schema(Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .format(Some(utoipa::openapi::SchemaFormat::Custom(
                                "uri-reference".to_owned(),
                            )))
                            .build(),
                    ))
                    .description(Some("The path of what was created."))
                    .build()
                    .into(),
            );
        }
    }
}

fn problem(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// The OpenAPI document as served at `/api/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    collect(App::new()).1
}

/// The document as pretty JSON with a trailing newline, as committed in
/// `openapi/openapi.json`.
pub fn document_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    json.push('\n');
    json
}
