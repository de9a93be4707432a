use super::Routes;
use actix_web::{HttpResponse, delete, get, post, put, web};
use mus_domain::{Agenda, ConversationId, Party, Preparation, PreparationWrite, Problem};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::preparations;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(agenda)
        .service(read_preparation)
        .service(write_preparation)
        .service(share_preparation)
        .service(delete_preparation);
}

/// One side's preparation.
///
/// The author always sees their own (version 0 and no answers before the
/// first save). The other side sees it only once it is shared — with
/// simultaneous reveal, only once both have shared. Otherwise 404.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "The conversation"),
        ("side" = Party, Path, description = "`employee` or `manager`"),
    ),
    responses(
        (status = 200, description = "The preparation", body = Preparation),
        (status = 404, description = "Not a party, or not shared yet (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/preparations/{side}")]
#[tracing::instrument(name = "read preparation", skip_all, fields(user = %user.id))]
async fn read_preparation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(ConversationId, Party)>,
) -> Result<web::Json<Preparation>, AppError> {
    let (id, side) = path.into_inner();
    Ok(web::Json(
        preparations::read(&state.db, &user, id, side).await?,
    ))
}

/// Save the caller's own preparation (autosave).
///
/// Send every answer and the `version` last read. If the preparation changed
/// since (another tab, another device), nothing is saved: 409
/// `version_conflict` with the current preparation in `current`.
///
/// A text answer longer than 20,000 characters is refused alone: it keeps
/// the text saved before, every other answer is saved, and the answer's
/// `not_saved` names it (`answers/<key>`) with the limit.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "The conversation"),
        ("side" = Party, Path, description = "The caller's own side"),
    ),
    request_body = PreparationWrite,
    responses(
        (status = 200, description = "Saved; answers too long to save are listed in `not_saved`", body = Preparation),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's side or conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`version_conflict`, with `current`), or preparation closed (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Answers that do not fit the form (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/conversations/{id}/preparations/{side}")]
#[tracing::instrument(name = "write preparation", skip_all, fields(user = %user.id))]
async fn write_preparation(
    state: web::Data<AppState>,
    Writer(user): Writer,
    path: web::Path<(ConversationId, Party)>,
    body: web::Json<PreparationWrite>,
) -> Result<web::Json<Preparation>, AppError> {
    let (id, side) = path.into_inner();
    Ok(web::Json(
        state
            .autosaves
            .save(&user, id, side, body.into_inner())
            .await?,
    ))
}

/// Delete the caller's own preparation notes, once the summary is signed.
///
/// Both parties' signatures make the summary the record of the conversation;
/// from then on each author may remove their own notes for good. Reading the
/// preparation afterwards gives an empty one (version 0).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "The conversation"),
        ("side" = Party, Path, description = "The caller's own side"),
    ),
    responses(
        (status = 204, description = "Deleted (also when there was nothing to delete)"),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's side or conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The summary is not signed by both yet (`wrong_state`, reason `summary_not_signed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/conversations/{id}/preparations/{side}")]
#[tracing::instrument(name = "delete preparation", skip_all, fields(user = %user.id))]
async fn delete_preparation(
    state: web::Data<AppState>,
    Writer(user): Writer,
    path: web::Path<(ConversationId, Party)>,
) -> Result<HttpResponse, AppError> {
    let (id, side) = path.into_inner();
    preparations::delete(&state.db, &user, id, side).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Share the caller's preparation with the other side. It cannot be unshared.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "The conversation"),
        ("side" = Party, Path, description = "The caller's own side"),
    ),
    responses(
        (status = 200, description = "Shared", body = Preparation),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's side or conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Preparation closed (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/conversations/{id}/preparations/{side}/share")]
#[tracing::instrument(name = "share preparation", skip_all, fields(user = %user.id))]
async fn share_preparation(
    state: web::Data<AppState>,
    Writer(user): Writer,
    path: web::Path<(ConversationId, Party)>,
) -> Result<web::Json<Preparation>, AppError> {
    let (id, side) = path.into_inner();
    let answer = preparations::share(&state.db, &user, id, side).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}

/// The meeting's agenda: the form with both preparations side by side.
///
/// The caller's own answers always; the other side's once shared with the
/// caller (with simultaneous reveal, once both have shared).
#[utoipa::path(
    operation_id = "get_agenda",
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The agenda", body = Agenda),
        (status = 404, description = "Not the caller's conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/agenda")]
#[tracing::instrument(name = "agenda", skip_all, fields(user = %user.id))]
async fn agenda(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Agenda>, AppError> {
    Ok(web::Json(
        preparations::agenda(&state.db, &user, id.into_inner()).await?,
    ))
}
