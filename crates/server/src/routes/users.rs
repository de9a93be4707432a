use super::Routes;
use actix_web::{HttpRequest, HttpResponse, get, http::header, patch, post, web};
use mus_domain::{
    DepartmentId, ErrorCode, ImportReport, InvitationRequest, InvitationSent, NewUser, Page,
    Problem, Role, User, UserId, UserPatch,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{AuthUser, HrWriter};
use crate::error::AppError;
use crate::services::people::{self, ManagerRef, NewPerson, UserFilter};
use crate::services::{import, sign_in_links};
use crate::state::AppState;

/// A CSV of 20,000 people fits comfortably.
const MAX_CSV_BYTES: usize = 4 * 1024 * 1024;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_users)
        .service(create_user)
        .service(import_users)
        .service(get_user)
        .service(patch_user)
        .service(invite_user);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only people in this department.
    department: Option<DepartmentId>,
    /// Only the direct reports of this manager.
    manager: Option<UserId>,
    role: Option<Role>,
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

/// The people the caller may see, ordered by e-mail.
///
/// HR administrators see everyone; a manager sees themselves and their direct
/// reports; an employee sees themselves. Directory data only, never content.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page of people", body = Page<User>),
        (status = 400, description = "A malformed filter, limit or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
#[tracing::instrument(name = "list users", skip_all, fields(user = %user.id))]
async fn list_users(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListQuery>,
) -> Result<web::Json<Page<User>>, AppError> {
    let ListQuery {
        department,
        manager,
        role,
        limit,
        cursor,
    } = query.into_inner();
    let filter = UserFilter {
        department,
        manager,
        role,
        limit,
        cursor,
    };
    Ok(web::Json(
        people::list_users(&state.db, &user, filter).await?,
    ))
}

/// Create a person (HR administrators).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, description = "Created; `Location` names the new person", body = User),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is taken (`already_exists`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed in `errors` (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
#[tracing::instrument(name = "create user", skip_all, fields(user = %hr.0.id))]
async fn create_user(
    state: web::Data<AppState>,
    hr: HrWriter,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let id = people::add_person(
        &state.db,
        hr.0.id,
        NewPerson {
            email: body.email,
            name: body.name,
            role: body.role,
            manager: body.manager_id.map(ManagerRef::Id),
            department: body.department_id,
            password: None,
        },
    )
    .await?;
    state.outbox.wake();
    let created = people::view_of(&state.db, &hr.0, id).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/users/{id}")))
        .json(created))
}

/// One person, if the caller may see them (otherwise 404).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The person")),
    responses(
        (status = 200, description = "The person", body = User),
        (status = 404, description = "No such person, or not one the caller may see (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
#[tracing::instrument(name = "get user", skip_all, fields(user = %user.id))]
async fn get_user(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<UserId>,
) -> Result<web::Json<User>, AppError> {
    Ok(web::Json(
        people::get_user(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Change a person's name, role, manager, department or leaving day (HR administrators).
///
/// Only the fields present change; `null` clears the manager, department or
/// leaving day. The leaving day (`left_on`) starts the retention period:
/// `MUS_RETENTION_YEARS` after it, `mus retention` removes the person's
/// summaries, preparations, agreements and check-ins.
/// A manager cannot be someone who reports to the person, and a person who
/// is someone's manager keeps the manager role until their reports move.
/// A new manager takes over the person's conversations that have no signed
/// summary yet, and the change is shown in the person's access log. Nobody
/// changes their own role or makes themselves anyone's manager (422 on
/// `role` or `manager`). From the leaving day on, the person's sessions and
/// API tokens stop working. There is no password here: only the person
/// chooses theirs.
#[utoipa::path(
    operation_id = "update_user",
    tag = "people",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The person")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The person as changed", body = User),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed in `errors` (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
#[tracing::instrument(name = "patch user", skip_all, fields(user = %hr.0.id))]
async fn patch_user(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<UserId>,
    body: web::Json<UserPatch>,
) -> Result<web::Json<User>, AppError> {
    let id = id.into_inner();
    let updated =
        people::patch_user(&state.db, hr.0.id, id, body.into_inner(), &state.public_url).await?;
    state.outbox.wake();
    Ok(web::Json(updated))
}

/// Import people from CSV (HR administrators): all or nothing.
///
/// Columns (header row, English or Danish names): `email`, `name`, `role`
/// (`employee`/`medarbejder`, `manager`/`leder`, `hr_admin`), and optionally
/// `department` and `manager_email`. People are matched by e-mail: new ones
/// are created (without a password), known ones updated; importing the same
/// file twice changes nothing. Departments are created as needed. On any
/// error nothing is written and `errors` lists every problem by line
/// (`line/4/role`).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", example = "email,name,department,manager_email,role\nida.moelgaard@solbakke.example,Ida Mølgaard,Borgerservice,soeren.oestergaard@solbakke.example,employee\n"),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 4 MiB (`payload_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `text/csv` (`unsupported_media_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems by line; nothing was imported (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/import")]
#[tracing::instrument(name = "import users", skip_all, fields(user = %hr.0.id))]
async fn import_users(
    state: web::Data<AppState>,
    hr: HrWriter,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    body: web::Bytes,
) -> Result<web::Json<ImportReport>, AppError> {
    let is_csv = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv") || v.starts_with("application/csv"));
    if !is_csv {
        return Err(AppError::BadRequest {
            code: ErrorCode::UnsupportedMediaType,
            detail: "send the file as text/csv".into(),
        });
    }
    if body.len() > MAX_CSV_BYTES {
        return Err(AppError::BadRequest {
            code: ErrorCode::PayloadTooLarge,
            detail: format!("the file may be at most {MAX_CSV_BYTES} bytes"),
        });
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| AppError::validation("body", "the file must be UTF-8 encoded"))?;
    let report =
        import::import_users(&state.db, hr.0.id, text, query.invite, &state.public_url).await?;
    state.outbox.wake();
    Ok(web::Json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// Send everyone the file creates an invitation to choose their
    /// password (as `POST /users/{id}/invitation` does), in the same
    /// transaction as the import.
    #[serde(default)]
    invite: bool,
}

/// Send a person an invitation to choose their own password (HR
/// administrators).
///
/// An e-mail goes to the person's own address with a single-use link
/// (256 random bits, stored only as a hash) that works for 72 hours; any
/// earlier link of theirs stops working. The link is never shown to
/// whoever sends it: nobody but the person learns or sets their password.
/// Also for someone who has a password already, who may use it to choose
/// a new one. `language`, when given, becomes the language of the
/// person's mail. Refused while password sign-in is switched off.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The person")),
    request_body(content = Option<InvitationRequest>, description = "May be omitted"),
    responses(
        (status = 202, description = "The invitation is on its way", body = InvitationSent),
        (status = 403, description = "Not an HR administrator or a read-only API token (`forbidden`), or password sign-in is switched off (`password_sign_in_off`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The person has left (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown field or language (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/invitation")]
#[tracing::instrument(name = "invite user", skip_all, fields(user = %hr.0.id))]
async fn invite_user(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<UserId>,
    body: Option<web::Json<InvitationRequest>>,
) -> Result<HttpResponse, AppError> {
    super::auth::refuse_if_passwords_off(&state)?;
    let language = body.and_then(|body| body.into_inner().language);
    let sent = sign_in_links::invite(
        &state.db,
        hr.0.id,
        id.into_inner(),
        language,
        &state.public_url,
    )
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Accepted().json(sent))
}
