use super::Routes;
use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use mus_domain::{MyDashboard, OrganisationDashboard, Problem, RoundId, TeamDashboard};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{AuthUser, HrAdmin};
use crate::error::AppError;
use crate::services::dashboards;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(my_dashboard)
        .service(team)
        .service(organisation);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RoundQuery {
    /// The round to show; the newest one by default.
    round: Option<RoundId>,
}

/// My next conversation and its state, my open agreements, my next check-in.
#[utoipa::path(
    tag = "dashboards",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's dashboard", body = MyDashboard),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard/me")]
#[tracing::instrument(name = "my dashboard", skip_all, fields(user = %user.id))]
async fn my_dashboard(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<MyDashboard>, AppError> {
    Ok(web::Json(dashboards::me(&state.db, &user).await?))
}

/// One row per direct report for a round: status, meeting, who shared, who
/// signed, open and overdue agreements, next check-in; the team's course
/// and education agreements; the round's completion.
///
/// Someone with no direct reports gets no rows.
#[utoipa::path(
    operation_id = "team_dashboard",
    tag = "dashboards",
    security(("bearer" = [])),
    params(RoundQuery),
    responses(
        (status = 200, description = "The team dashboard", body = TeamDashboard),
        (status = 400, description = "A malformed round id (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard/team")]
#[tracing::instrument(name = "team dashboard", skip_all, fields(user = %user.id))]
async fn team(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<RoundQuery>,
) -> Result<HttpResponse, AppError> {
    let body = dashboards::team_json(&state.db, &state.dashboards, &user, query.round).await?;
    Ok(json_response(body))
}

/// HR: a round's completion by department and by manager, and overdue
/// follow-up across the organisation. Counts only, never content.
#[utoipa::path(
    operation_id = "organisation_dashboard",
    tag = "dashboards",
    security(("bearer" = [])),
    params(RoundQuery),
    responses(
        (status = 200, description = "The organisation dashboard", body = OrganisationDashboard),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard/organisation")]
#[tracing::instrument(name = "organisation dashboard", skip_all, fields(user = %user.0.id))]
async fn organisation(
    state: web::Data<AppState>,
    user: HrAdmin,
    query: web::Query<RoundQuery>,
) -> Result<HttpResponse, AppError> {
    let body = dashboards::organisation_json(&state.db, &state.dashboards, query.round).await?;
    Ok(json_response(body))
}

/// Dashboards are kept serialised, so a kept one costs no work to send.
fn json_response(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body)
}
