use super::Routes;
use actix_web::{get, post, put, web};
use mus_domain::{ConversationId, Problem, SignRequest, Summary, SummaryVersionInfo, SummaryWrite};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::summary;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(read)
        .service(write)
        .service(sign)
        .service(amend)
        .service(versions)
        .service(version);
}

/// The current version of the summary.
///
/// Before anyone has written it: a proposal (version 1, revision 0) with
/// last year's carried-over agreements pre-filled. Only the two parties read
/// it: the employee and their nearest manager now. HR never does.
#[utoipa::path(
    operation_id = "read_summary",
    tag = "summary",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The summary", body = Summary),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/summary")]
#[tracing::instrument(name = "read summary", skip_all, fields(user = %user.id))]
async fn read(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Summary>, AppError> {
    Ok(web::Json(
        summary::read(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Save the summary (autosave).
///
/// The body replaces the whole content: every field of `content` is
/// required and read as sent. The manager writes everything but
/// `employee_feedback`, which only the employee writes, so each side sends
/// the other's part exactly as last read: the manager's body carries the
/// employee's feedback unchanged (leaving it out or emptying it would erase
/// it, and is refused with 403), and the employee's body carries the
/// manager's text unchanged with only `employee_feedback` new.
///
/// Send the `version` and `revision` last read: if the summary changed
/// since, nothing is saved (409 `version_conflict` with the summary now in
/// `current`). A change to the text voids every signature on it. A signed
/// version is locked (409 `wrong_state`, reason `summary_locked`) whatever
/// the body holds: amend it instead.
#[utoipa::path(
    operation_id = "write_summary",
    tag = "summary",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    request_body = SummaryWrite,
    responses(
        (status = 200, description = "Saved", body = Summary),
        (status = 403, description = "Changing the other party's part (the whole content is replaced), or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or revision (`version_conflict`, with `current`); the meeting not held, or the summary locked (`wrong_state` with `reason`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too long, too many agreements, a due date outside the window, an unknown origin (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/conversations/{id}/summary")]
#[tracing::instrument(name = "write summary", skip_all, fields(user = %user.id))]
async fn write(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
    body: web::Json<SummaryWrite>,
) -> Result<web::Json<Summary>, AppError> {
    Ok(web::Json(
        summary::write(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Sign the exact version and text read.
///
/// The signature names the version and its `content_hash`; if either is not
/// the current one, nothing is signed (409 `wrong_state`, reason
/// `stale_summary_version` or `summary_changed`). The employee may sign as
/// "seen, not agreed" with a comment. The second signature locks the
/// version, starts follow-up of its agreements and, the first time,
/// schedules check-ins at 3, 6, 9 and 12 months.
#[utoipa::path(
    operation_id = "sign_summary",
    tag = "summary",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    request_body = SignRequest,
    responses(
        (status = 200, description = "Signed", body = Summary),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the current text, already signed, or nothing to sign (`wrong_state` with `reason`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The manager signing as seen, not agreed, or an empty comment (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/conversations/{id}/summary/sign")]
#[tracing::instrument(name = "sign summary", skip_all, fields(user = %user.id))]
async fn sign(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
    body: web::Json<SignRequest>,
) -> Result<web::Json<Summary>, AppError> {
    let answer = summary::sign(&state.db, &user, id.into_inner(), &body).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}

/// Amend a signed summary.
///
/// Starts the next version from the signed text, with no signatures; it
/// needs both signatures again. The signed version stays readable.
#[utoipa::path(
    operation_id = "amend_summary",
    tag = "summary",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The new version", body = Summary),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Only a summary signed by both can be amended (`wrong_state`, reason `summary_not_signed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/conversations/{id}/summary/amend")]
#[tracing::instrument(name = "amend summary", skip_all, fields(user = %user.id))]
async fn amend(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Summary>, AppError> {
    let answer = summary::amend(&state.db, &user, id.into_inner()).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}

/// Every version of the summary, oldest first, with its signatures.
#[utoipa::path(
    operation_id = "list_summary_versions",
    tag = "summary",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The versions", body = Vec<SummaryVersionInfo>),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/summary/versions")]
#[tracing::instrument(name = "summary versions", skip_all, fields(user = %user.id))]
async fn versions(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Vec<SummaryVersionInfo>>, AppError> {
    Ok(web::Json(
        summary::versions(&state.db, &user, id.into_inner()).await?,
    ))
}

/// One version of the summary, whole.
#[utoipa::path(
    operation_id = "get_summary_version",
    tag = "summary",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "The conversation"),
        ("n" = u32, Path, minimum = 1, description = "The version number, from 1"),
    ),
    responses(
        (status = 200, description = "The version", body = Summary),
        (status = 404, description = "No such version, or not a party (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/summary/versions/{n}")]
#[tracing::instrument(name = "summary version", skip_all, fields(user = %user.id))]
async fn version(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(ConversationId, u32)>,
) -> Result<web::Json<Summary>, AppError> {
    let (id, n) = path.into_inner();
    Ok(web::Json(summary::version(&state.db, &user, id, n).await?))
}
