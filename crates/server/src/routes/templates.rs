use super::Routes;
use actix_web::{HttpResponse, get, http::header, post, put, web};
use mus_domain::{Language, Page, Problem, Template, TemplateContent, TemplateId, TemplateUpdate};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{AuthUser, HrWriter};
use crate::error::AppError;
use crate::services::forms::{self, Edited};
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_templates)
        .service(create_template)
        .service(get_template)
        .service(update_template)
        .service(copy_template);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    language: Option<Language>,
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

fn created(template: &Template) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/templates/{}", template.id),
        ))
        .json(template)
}

/// The newest version of each question form, by name.
///
/// Everyone signed in may read forms: both sides prepare from them.
#[utoipa::path(
    tag = "forms",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page of forms", body = Page<Template>),
        (status = 400, description = "A malformed filter or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/templates")]
#[tracing::instrument(name = "list templates", skip_all, fields(user = %user.id))]
async fn list_templates(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListQuery>,
) -> Result<web::Json<Page<Template>>, AppError> {
    let ListQuery {
        language,
        limit,
        cursor,
    } = query.into_inner();
    Ok(web::Json(
        forms::list(&state.db, language, limit, cursor.as_deref()).await?,
    ))
}

/// One version of a form.
#[utoipa::path(
    tag = "forms",
    security(("bearer" = [])),
    params(("id" = TemplateId, Path, description = "The form version")),
    responses(
        (status = 200, description = "The form", body = Template),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/templates/{id}")]
#[tracing::instrument(name = "get template", skip_all, fields(user = %user.id))]
async fn get_template(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<TemplateId>,
) -> Result<web::Json<Template>, AppError> {
    Ok(web::Json(forms::get(&state.db, id.into_inner()).await?))
}

/// Create a form (HR administrators).
///
/// Sections of questions; each question is free text, a 1–5 scale with five
/// labels, single or multiple choice, and says who answers it. At most 30
/// sections, 40 questions a section and 150 in all.
#[utoipa::path(
    tag = "forms",
    security(("bearer" = [])),
    request_body(content = TemplateContent, example = json!({
        "name": "MUS 2027 – Teknik og Miljø",
        "language": "da",
        "description": "Kort skema til årets samtaler.",
        "sections": [
            {
                "title": "Trivsel og motivation",
                "questions": [
                    {
                        "key": "wellbeing_scale",
                        "prompt": "Hvordan trives du i dit arbejde lige nu?",
                        "kind": "scale",
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Rigtig godt"],
                        "answered_by": "employee",
                        "required": true
                    },
                    {
                        "key": "change_wishes",
                        "prompt": "Hvad kunne du tænke dig at ændre? Vælg gerne flere.",
                        "kind": "multiple_choice",
                        "options": ["Nye opgaver eller projekter", "Kurser eller efteruddannelse"],
                        "answered_by": "employee"
                    },
                    {
                        "key": "feedback_to_manager",
                        "prompt": "Hvad kan din leder gøre mere af, mindre af eller anderledes?",
                        "help": "Svaret deles først, når du selv deler din forberedelse.",
                        "kind": "text",
                        "answered_by": "employee"
                    }
                ]
            }
        ]
    })),
    responses(
        (status = 201, description = "Created; `Location` names the new form", body = Template),
        (status = 400, description = "The body is not JSON (`malformed_json`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Every invalid field, by path (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/templates")]
#[tracing::instrument(name = "create template", skip_all, fields(user = %hr.0.id))]
async fn create_template(
    state: web::Data<AppState>,
    hr: HrWriter,
    body: web::Json<TemplateContent>,
) -> Result<HttpResponse, AppError> {
    let template = forms::create(&state.db, hr.0.id, &body).await?;
    Ok(created(&template))
}

/// Replace a form's content (HR administrators).
///
/// Send the `version` you edited. A form in use by a round is frozen: it
/// stays as it is, and the edit becomes the next version (201 with its
/// `Location`). Otherwise the form changes in place (200).
#[utoipa::path(
    tag = "forms",
    security(("bearer" = [])),
    params(("id" = TemplateId, Path, description = "The form version being edited")),
    request_body(content = TemplateUpdate, example = json!({
        "version": 3,
        "name": "MUS 2027 – Teknik og Miljø",
        "language": "da",
        "description": "Kort skema til årets samtaler.",
        "sections": [
            {
                "title": "Trivsel og motivation",
                "questions": [
                    {
                        "key": "wellbeing_scale",
                        "prompt": "Hvordan trives du i dit arbejde lige nu?",
                        "kind": "scale",
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Rigtig godt"],
                        "answered_by": "employee",
                        "required": true
                    },
                    {
                        "key": "change_wishes",
                        "prompt": "Hvad kunne du tænke dig at ændre? Vælg gerne flere.",
                        "kind": "multiple_choice",
                        "options": ["Nye opgaver eller projekter", "Kurser eller efteruddannelse"],
                        "answered_by": "employee"
                    },
                    {
                        "key": "feedback_to_manager",
                        "prompt": "Hvad kan din leder gøre mere af, mindre af eller anderledes?",
                        "help": "Svaret deles først, når du selv deler din forberedelse.",
                        "kind": "text",
                        "answered_by": "employee"
                    }
                ]
            }
        ]
    })),
    responses(
        (status = 200, description = "Changed in place; `version` went up by one", body = Template),
        (status = 201, description = "The form was frozen; this is its next version, named by `Location`", body = Template),
        (status = 400, description = "The body is not JSON (`malformed_json`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Edited from a stale version, or not the newest version of the form (`conflict`); `detail` names the current version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Every invalid field, by path (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/templates/{id}")]
#[tracing::instrument(name = "update template", skip_all, fields(user = %hr.0.id))]
async fn update_template(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<TemplateId>,
    body: web::Json<TemplateUpdate>,
) -> Result<HttpResponse, AppError> {
    let edited = forms::update(&state.db, hr.0.id, id.into_inner(), &body).await?;
    Ok(match edited {
        Edited::InPlace(template) => HttpResponse::Ok().json(template),
        Edited::NewVersion(template) => created(&template),
    })
}

/// Copy a form into a new, editable form (HR administrators).
#[utoipa::path(
    tag = "forms",
    security(("bearer" = [])),
    params(("id" = TemplateId, Path, description = "The form version to copy")),
    responses(
        (status = 201, description = "The copy; `Location` names it", body = Template),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/templates/{id}/copy")]
#[tracing::instrument(name = "copy template", skip_all, fields(user = %hr.0.id))]
async fn copy_template(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<TemplateId>,
) -> Result<HttpResponse, AppError> {
    let template = forms::copy(&state.db, hr.0.id, id.into_inner()).await?;
    Ok(created(&template))
}
