//! Development plans ("kompetenceudviklingsplan").

use super::Routes;
use actix_web::{HttpResponse, get, http::header, patch, post, web};
use mus_domain::{
    DevelopmentGoal, DevelopmentGoalId, DevelopmentGoalPatch, DevelopmentPlan, NewDevelopmentGoal,
    Problem, UserId,
};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::plans;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(my_plan)
        .service(plan_of)
        .service(add_goal)
        .service(update_goal);
}

/// The caller's development plan.
///
/// Every development goal and every course or education agreement of the
/// caller's signed summaries, across all years, with its state and dates;
/// `current` when something in it was agreed within the last 12 months.
#[utoipa::path(
    operation_id = "read_my_development_plan",
    tag = "development plans",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The plan", body = DevelopmentPlan),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/development-plan")]
#[tracing::instrument(name = "my development plan", skip_all, fields(user = %user.id))]
async fn my_plan(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<DevelopmentPlan>, AppError> {
    Ok(web::Json(plans::mine(&state.db, &user).await?))
}

/// A person's development plan: their own, or a direct report's for their
/// manager now (the read goes to the report's access log). HR reads counts
/// on the organisation dashboard, never a plan.
#[utoipa::path(
    operation_id = "read_development_plan",
    tag = "development plans",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The employee")),
    responses(
        (status = 200, description = "The plan", body = DevelopmentPlan),
        (status = 404, description = "Not the caller nor a direct report (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}/development-plan")]
#[tracing::instrument(name = "development plan", skip_all, fields(user = %user.id))]
async fn plan_of(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<UserId>,
) -> Result<web::Json<DevelopmentPlan>, AppError> {
    Ok(web::Json(
        plans::of(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Add a development goal between conversations: to the caller's own plan,
/// or (a manager) to a direct report's.
#[utoipa::path(
    operation_id = "create_development_goal",
    tag = "development plans",
    security(("bearer" = [])),
    request_body = NewDevelopmentGoal,
    responses(
        (status = 201, description = "Added", body = DevelopmentGoal,
            headers(("Location" = String, description = "The plan the goal is in"))),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad title, description or due date, someone else's plan, or a full plan (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/development-goals")]
#[tracing::instrument(name = "add development goal", skip_all, fields(user = %user.id))]
async fn add_goal(
    state: web::Data<AppState>,
    Writer(user): Writer,
    body: web::Json<NewDevelopmentGoal>,
) -> Result<HttpResponse, AppError> {
    let goal = plans::add_goal(&state.db, &user, &body).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/users/{}/development-plan", goal.employee.id),
        ))
        .json(goal))
}

/// Change a development goal: its text, category, due date, status or
/// progress note. The employee or their manager now.
#[utoipa::path(
    operation_id = "update_development_goal",
    tag = "development plans",
    security(("bearer" = [])),
    params(("id" = DevelopmentGoalId, Path, description = "The goal")),
    request_body = DevelopmentGoalPatch,
    responses(
        (status = 200, description = "Changed", body = DevelopmentGoal),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's goal nor a direct report's (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad title, description, note or due date (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/development-goals/{id}")]
#[tracing::instrument(name = "update development goal", skip_all, fields(user = %user.id))]
async fn update_goal(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<DevelopmentGoalId>,
    body: web::Json<DevelopmentGoalPatch>,
) -> Result<web::Json<DevelopmentGoal>, AppError> {
    Ok(web::Json(
        plans::update_goal(&state.db, &user, id.into_inner(), &body).await?,
    ))
}
