use super::Routes;
use actix_web::{HttpResponse, get, http::header, post, web};
use mus_domain::{Department, NewDepartment, Problem};

use crate::auth::{AuthUser, HrWriter};
use crate::error::AppError;
use crate::services::people;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_departments).service(create_department);
}

/// Every department with its head count, by name.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All departments", body = Vec<Department>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/departments")]
#[tracing::instrument(name = "list departments", skip_all, fields(user = %user.id))]
async fn list_departments(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<Department>>, AppError> {
    Ok(web::Json(people::list_departments(&state.db).await?))
}

/// Create a department (HR administrators).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = NewDepartment,
    responses(
        (status = 201, description = "Created", body = Department),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`already_exists`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long name (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/departments")]
#[tracing::instrument(name = "create department", skip_all, fields(user = %hr.0.id))]
async fn create_department(
    state: web::Data<AppState>,
    hr: HrWriter,
    body: web::Json<NewDepartment>,
) -> Result<HttpResponse, AppError> {
    let created = people::create_department(&state.db, hr.0.id, &body.name).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/departments/{}", created.id),
        ))
        .json(created))
}
