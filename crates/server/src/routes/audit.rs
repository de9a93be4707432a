use super::Routes;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use mus_domain::{AuditAction, AuditEntry, MyData, Page, Problem, UserId};
use serde::Deserialize;
use utoipa::IntoParams;

use super::PageQuery;
use crate::auth::{AuthUser, HrAdmin};
use crate::error::AppError;
use crate::services::audit::{self, AuditFilter};
use crate::services::export as my_data;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(audit_log).service(access_log).service(export);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Only what this person did.
    actor: Option<UserId>,
    /// Only what concerned this person's data.
    subject: Option<UserId>,
    action: Option<AuditAction>,
    /// From this time (inclusive), RFC 3339.
    since: Option<DateTime<Utc>>,
    /// Until this time (exclusive), RFC 3339.
    until: Option<DateTime<Utc>>,
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

/// The audit log, newest first (HR administrators).
///
/// Who did what to whose data, and when: metadata only, never content.
#[utoipa::path(
    operation_id = "list_audit_log",
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of the log", body = Page<AuditEntry>),
        (status = 400, description = "A malformed filter or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
#[tracing::instrument(name = "audit log", skip_all, fields(user = %hr.0.id))]
async fn audit_log(
    state: web::Data<AppState>,
    hr: HrAdmin,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntry>>, AppError> {
    let AuditQuery {
        actor,
        subject,
        action,
        since,
        until,
        limit,
        cursor,
    } = query.into_inner();
    let filter = AuditFilter {
        actor,
        subject,
        action,
        since,
        until,
        limit,
        cursor,
    };
    Ok(web::Json(audit::list(&state.db, filter).await?))
}

/// The caller's access log, newest first, a page at a time: every read of
/// their data by someone else, and every change of their nearest manager.
///
/// Follow `next_cursor` to the end to see all of it; nothing is ever cut off.
#[utoipa::path(
    operation_id = "my_access_log",
    tag = "audit",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of who read the caller's data, and when", body = Page<AuditEntry>),
        (status = 400, description = "A malformed limit or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/access-log")]
#[tracing::instrument(name = "access log", skip_all, fields(user = %user.id))]
async fn access_log(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<AuditEntry>>, AppError> {
    let PageQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        audit::access_log(&state.db, user.id, limit, cursor.as_deref()).await?,
    ))
}

/// Everything MUS holds about the caller, as one JSON document.
#[utoipa::path(
    operation_id = "export_my_data",
    tag = "audit",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's data", body = MyData),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/export")]
#[tracing::instrument(name = "export", skip_all, fields(user = %user.id))]
async fn export(state: web::Data<AppState>, user: AuthUser) -> Result<web::Json<MyData>, AppError> {
    Ok(web::Json(my_data::my_data(&state.db, &user).await?))
}
