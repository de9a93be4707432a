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
    components(schemas(mus_domain::ErrorCode, mus_domain::FieldError)),
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

/// Registers the API's routes on `app` and returns it with their description.
/// The server and `mus openapi` both use this, so the two cannot disagree.
pub fn collect<T>(app: App<T>) -> (App<T>, utoipa::openapi::OpenApi)
where
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Error = actix_web::Error,
            InitError = (),
        >,
{
    app.into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api/v1").configure(routes::configure_v1))
        .configure(routes::configure_root)
        .split_for_parts()
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
