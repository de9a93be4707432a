use super::Routes;
use actix_web::{HttpResponse, delete, get, http::header, post, put, web};
use mus_domain::{Conversation, ConversationId, Meeting, Problem};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::meeting;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(schedule)
        .service(cancel_meeting)
        .service(calendar)
        .service(held);
}

/// Set or move the meeting (either party). It must fall inside the round's
/// meeting window, counted in Danish days. Both parties get a calendar
/// invitation by e-mail (`METHOD:REQUEST`; a move raises its `SEQUENCE`).
#[utoipa::path(
    operation_id = "schedule_meeting",
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    request_body = Meeting,
    responses(
        (status = 200, description = "The conversation with its meeting", body = Conversation),
        (status = 404, description = "Not the caller's conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting was already held (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Outside the window, or an invalid length or place (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/conversations/{id}/meeting")]
#[tracing::instrument(name = "schedule meeting", skip_all, fields(user = %user.id))]
async fn schedule(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
    body: web::Json<Meeting>,
) -> Result<web::Json<Conversation>, AppError> {
    let conversation =
        meeting::schedule(&state.db, &user, id.into_inner(), &body, &state.public_url).await?;
    state.outbox.wake();
    Ok(web::Json(conversation))
}

/// Cancel the meeting before it is held (either party). Both parties get
/// the cancellation of the calendar invitation; a new time may be set.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The conversation, without a meeting", body = Conversation),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No meeting is set, or it was already held (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/conversations/{id}/meeting")]
#[tracing::instrument(name = "cancel meeting", skip_all, fields(user = %user.id))]
async fn cancel_meeting(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Conversation>, AppError> {
    let conversation =
        meeting::cancel(&state.db, &user, id.into_inner(), &state.public_url).await?;
    state.outbox.wake();
    Ok(web::Json(conversation))
}

/// The meeting as a calendar invitation (RFC 5545) for both parties.
#[utoipa::path(
    operation_id = "download_meeting_calendar",
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The invitation", content_type = "text/calendar", body = String),
        (status = 404, description = "Not the caller's conversation, or no meeting yet (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/meeting.ics")]
#[tracing::instrument(name = "meeting invitation", skip_all, fields(user = %user.id))]
async fn calendar(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<HttpResponse, AppError> {
    let ics = meeting::calendar(&state.db, &user, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"mus.ics\"",
        ))
        .body(ics))
}

/// Record that the meeting took place (the manager). Preparation closes.
///
/// Not before the meeting's own day, in Danish time: the summary is the
/// record of a meeting that took place.
#[utoipa::path(
    operation_id = "mark_conversation_held",
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The conversation, now held", body = Conversation),
        (status = 403, description = "The employee, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No meeting scheduled, or already held (`wrong_state`); or the meeting's day (Danish time) has not come (`too_early`, reason `meeting_not_yet`, with `available_from`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/conversations/{id}/held")]
#[tracing::instrument(name = "meeting held", skip_all, fields(user = %user.id))]
async fn held(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Conversation>, AppError> {
    let answer = meeting::held(&state.db, &user, id.into_inner()).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}
