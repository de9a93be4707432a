use super::Routes;
use actix_web::{get, patch, post, put, web};
use mus_domain::{
    Agreement, AgreementId, AgreementPatch, AgreementQuery, CheckIn, CheckInCompletion, CheckInId,
    ConversationId, Page, PreviousAgreement, Problem, ReviewWrite,
};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::follow_up;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(previous)
        .service(review)
        .service(list)
        .service(update)
        .service(check_ins)
        .service(complete);
}

/// Last year's agreements.
///
/// The agreements of the employee's previous signed summary, also when
/// their manager has changed since, with their follow-up status and each
/// side's review in this conversation.
#[utoipa::path(
    operation_id = "list_previous_agreements",
    tag = "follow-up",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "This year's conversation")),
    responses(
        (status = 200, description = "Last year's agreements; empty when there was no signed summary", body = Vec<PreviousAgreement>),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/previous-agreements")]
#[tracing::instrument(name = "previous agreements", skip_all, fields(user = %user.id))]
async fn previous(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Vec<PreviousAgreement>>, AppError> {
    Ok(web::Json(
        follow_up::previous(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Mark one of last year's agreements: done, carry over, or drop.
///
/// Each side marks for itself. An agreement either side carries over is on
/// this year's agenda and pre-filled in the summary; the others are settled
/// as both marked them when this year's summary is signed.
#[utoipa::path(
    operation_id = "review_previous_agreement",
    tag = "follow-up",
    security(("bearer" = [])),
    params(
        ("id" = ConversationId, Path, description = "This year's conversation"),
        ("agreement_id" = AgreementId, Path, description = "One of last year's agreements"),
    ),
    request_body = ReviewWrite,
    responses(
        (status = 200, description = "The agreement with both sides' marks", body = PreviousAgreement),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party, or not one of last year's agreements (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This year's summary is already signed (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown decision (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/conversations/{id}/previous-agreements/{agreement_id}")]
#[tracing::instrument(name = "review agreement", skip_all, fields(user = %user.id))]
async fn review(
    state: web::Data<AppState>,
    Writer(user): Writer,
    path: web::Path<(ConversationId, AgreementId)>,
    body: web::Json<ReviewWrite>,
) -> Result<web::Json<PreviousAgreement>, AppError> {
    let (id, agreement) = path.into_inner();
    Ok(web::Json(
        follow_up::review(&state.db, &user, id, agreement, body.decision).await?,
    ))
}

/// Agreements the caller may see: their own, and those of the people who
/// report to them now.
///
/// Soonest due first. Agreements carried into a later summary are followed
/// up there and not listed. HR receives none: agreements are content.
#[utoipa::path(
    operation_id = "list_agreements",
    tag = "follow-up",
    security(("bearer" = [])),
    params(AgreementQuery),
    responses(
        (status = 200, description = "One page of agreements", body = Page<Agreement>),
        (status = 400, description = "A malformed filter, limit or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agreements")]
#[tracing::instrument(name = "list agreements", skip_all, fields(user = %user.id))]
async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AgreementQuery>,
) -> Result<web::Json<Page<Agreement>>, AppError> {
    Ok(web::Json(follow_up::list(&state.db, &user, &query).await?))
}

/// Record progress on an agreement between check-ins (either party).
#[utoipa::path(
    operation_id = "update_agreement",
    tag = "follow-up",
    security(("bearer" = [])),
    params(("id" = AgreementId, Path, description = "The agreement")),
    request_body = AgreementPatch,
    responses(
        (status = 200, description = "The agreement", body = Agreement),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party to the agreement (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Carried over into a later summary (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown status or a note too long (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/agreements/{id}")]
#[tracing::instrument(name = "update agreement", skip_all, fields(user = %user.id))]
async fn update(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<AgreementId>,
    body: web::Json<AgreementPatch>,
) -> Result<web::Json<Agreement>, AppError> {
    let answer = follow_up::patch(&state.db, &user, id.into_inner(), &body).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}

/// The quarterly check-ins of a conversation, soonest first.
#[utoipa::path(
    operation_id = "list_check_ins",
    tag = "follow-up",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The check-ins; empty until the summary is signed", body = Vec<CheckIn>),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}/check-ins")]
#[tracing::instrument(name = "check-ins", skip_all, fields(user = %user.id))]
async fn check_ins(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Vec<CheckIn>>, AppError> {
    Ok(web::Json(
        follow_up::check_ins(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Complete a check-in: a status and a note per agreement.
///
/// Each entry updates its agreement. A check-in is completed once.
#[utoipa::path(
    operation_id = "complete_check_in",
    tag = "follow-up",
    security(("bearer" = [])),
    params(("id" = CheckInId, Path, description = "The check-in")),
    request_body = CheckInCompletion,
    responses(
        (status = 200, description = "The completed check-in", body = CheckIn),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a party to the conversation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed (`conflict`); or not open yet: a check-in opens 14 days before its due date (`too_early`, reason `check_in_not_open`, with `available_from`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An entry for an agreement of another conversation, twice for one, or a note too long (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/check-ins/{id}/complete")]
#[tracing::instrument(name = "complete check-in", skip_all, fields(user = %user.id))]
async fn complete(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<CheckInId>,
    body: web::Json<CheckInCompletion>,
) -> Result<web::Json<CheckIn>, AppError> {
    let answer = follow_up::complete(&state.db, &user, id.into_inner(), &body).await?;
    state.outbox.wake();
    Ok(web::Json(answer))
}
