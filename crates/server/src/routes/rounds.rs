use super::Routes;
use actix_web::{HttpResponse, get, http::header, patch, post, web};
use mus_domain::{
    Language, NewRound, Problem, Round, RoundId, RoundPatch, RoundProgress, RoundReport,
};

use crate::auth::{AuthUser, HrAdmin, HrWriter};
use crate::error::AppError;
use crate::services::{report, rounds};
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_rounds)
        .service(open_round)
        .service(get_round)
        .service(patch_round)
        .service(round_progress)
        .service(round_report)
        .service(round_report_csv);
}

/// How `GET /rounds/{id}/report.csv` is headed.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportQuery {
    /// The language of the column headings: `da` (the default) or `en`.
    lang: Option<Language>,
}

/// The round's report for the liaison committee (HR administrators).
///
/// Under the Danish agreements the liaison committee ("samarbejdsudvalget")
/// evaluates the use of MUS every year. By department: employees,
/// conversations held and signed, group conversations, employees with a
/// current development plan (something agreed within the last 12 months),
/// and check-ins due and held. Counts only, never a person's content.
#[utoipa::path(
    operation_id = "get_round_report",
    tag = "rounds",
    security(("bearer" = [])),
    params(("id" = RoundId, Path, description = "The round")),
    responses(
        (status = 200, description = "The report", body = RoundReport),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rounds/{id}/report")]
#[tracing::instrument(name = "round report", skip_all, fields(user = %hr.0.id))]
async fn round_report(
    state: web::Data<AppState>,
    hr: HrAdmin,
    id: web::Path<RoundId>,
) -> Result<web::Json<RoundReport>, AppError> {
    Ok(web::Json(
        report::of_round(&state.db, id.into_inner()).await?,
    ))
}

/// The liaison committee's report as CSV (HR administrators).
///
/// `;`-separated, as Danish spreadsheets open it, one line per department
/// and a total last.
#[utoipa::path(
    operation_id = "download_round_report",
    tag = "rounds",
    security(("bearer" = [])),
    params(("id" = RoundId, Path, description = "The round"), ReportQuery),
    responses(
        (status = 200, description = "The report", content_type = "text/csv", body = String),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rounds/{id}/report.csv")]
#[tracing::instrument(name = "round report csv", skip_all, fields(user = %hr.0.id))]
async fn round_report_csv(
    state: web::Data<AppState>,
    hr: HrAdmin,
    id: web::Path<RoundId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let found = report::of_round(&state.db, id.into_inner()).await?;
    let csv = report::csv(&found, query.lang.unwrap_or(Language::Da));
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"mus-report.csv\"",
        ))
        .body(csv))
}

/// Every round, newest first: names, dates and sizes, no content.
///
/// `conversations` counts what the caller may count: HR administrators the
/// whole organisation; anyone else the conversations they are a party to
/// (a manager their team's and their own).
#[utoipa::path(
    tag = "rounds",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All rounds", body = Vec<Round>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rounds")]
#[tracing::instrument(name = "list rounds", skip_all, fields(user = %user.id))]
async fn list_rounds(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<Round>>, AppError> {
    Ok(web::Json(rounds::list(&state.db, &user).await?))
}

/// Open a round (HR administrators).
///
/// Freezes the form and creates one conversation for every person in scope
/// (the chosen departments, or everyone) who has a nearest manager.
///
/// The dates must hang together (the meetings end after they start, within
/// a year), and a new round keeps three more rules, each refused with 422
/// `invalid_body` whose `reason` and field error name it: the preparation
/// deadline is not past (`deadline_in_past`), preparation is due no later
/// than the first meeting day (`deadline_after_meetings_start`), and nobody
/// in the round is in another round whose meeting window shares a day with
/// this one (`round_overlaps`, on `meetings_from`).
#[utoipa::path(
    tag = "rounds",
    security(("bearer" = [])),
    request_body = NewRound,
    responses(
        (status = 201, description = "Opened", body = Round),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, dates, form or departments (`invalid_body`); a rule of opening broken (`reason`: `deadline_in_past`, `deadline_after_meetings_start`, `round_overlaps`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/rounds")]
#[tracing::instrument(name = "open round", skip_all, fields(user = %hr.0.id))]
async fn open_round(
    state: web::Data<AppState>,
    hr: HrWriter,
    body: web::Json<NewRound>,
) -> Result<HttpResponse, AppError> {
    let round = rounds::create(&state.db, &hr.0, &body, &state.public_url).await?;
    state.outbox.wake();
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/rounds/{}", round.id)))
        .json(round))
}

/// One round.
#[utoipa::path(
    tag = "rounds",
    security(("bearer" = [])),
    params(("id" = RoundId, Path, description = "The round")),
    responses(
        (status = 200, description = "The round", body = Round),
        (status = 404, description = "No such round (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rounds/{id}")]
#[tracing::instrument(name = "get round", skip_all, fields(user = %user.id))]
async fn get_round(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<RoundId>,
) -> Result<web::Json<Round>, AppError> {
    Ok(web::Json(
        rounds::get(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Rename a round or move its dates (HR administrators).
#[utoipa::path(
    operation_id = "update_round",
    tag = "rounds",
    security(("bearer" = [])),
    params(("id" = RoundId, Path, description = "The round")),
    request_body = RoundPatch,
    responses(
        (status = 200, description = "The round as changed", body = Round),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name or dates (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/rounds/{id}")]
#[tracing::instrument(name = "patch round", skip_all, fields(user = %hr.0.id))]
async fn patch_round(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<RoundId>,
    body: web::Json<RoundPatch>,
) -> Result<web::Json<Round>, AppError> {
    let round = rounds::patch(&state.db, &hr.0, id.into_inner(), &body).await?;
    Ok(web::Json(round))
}

/// How far the round has come: counts by status, department and manager.
///
/// HR sees the whole organisation; a manager their own conversations; an
/// employee their own. Counts only, never content.
#[utoipa::path(
    operation_id = "get_round_progress",
    tag = "rounds",
    security(("bearer" = [])),
    params(("id" = RoundId, Path, description = "The round")),
    responses(
        (status = 200, description = "The round's progress", body = RoundProgress),
        (status = 404, description = "No such round (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rounds/{id}/progress")]
#[tracing::instrument(name = "round progress", skip_all, fields(user = %user.id))]
async fn round_progress(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<RoundId>,
) -> Result<web::Json<RoundProgress>, AppError> {
    Ok(web::Json(
        rounds::progress(&state.db, &user, id.into_inner()).await?,
    ))
}
