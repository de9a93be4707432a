use super::Routes;
use actix_web::{HttpResponse, get, post, put, web};
use mus_domain::{
    Deliveries, MarkRead, MessageId, NotificationList, NotificationSettings, Problem, Unread,
};

use super::PageQuery;
use crate::auth::{AuthUser, HrAdmin, HrWriter, Writer};
use crate::error::AppError;
use crate::services::{deliveries, notifications};
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_notifications)
        .service(mark_notifications_read)
        .service(get_notification_settings)
        .service(put_notification_settings)
        .service(list_deliveries)
        .service(retry_delivery);
}

/// The caller's notifications, newest first, a page at a time, with the
/// count of unread ones. Each has a title in the caller's language and a
/// link into the web app; names, dates and states only.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of the caller's notifications", body = NotificationList),
        (status = 400, description = "A malformed limit or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notifications")]
#[tracing::instrument(name = "list notifications", skip_all, fields(user = %user.id))]
async fn list_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<web::Json<NotificationList>, AppError> {
    let PageQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        notifications::list(&state.db, user.id.0, limit, cursor.as_deref()).await?,
    ))
}

/// Mark notifications read: those in `ids` (at most 100), or `all`.
/// Ids that are not the caller's change nothing.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 200, description = "How many are unread now", body = Unread),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 100 ids (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/read")]
#[tracing::instrument(name = "mark notifications read", skip_all, fields(user = %user.id))]
async fn mark_notifications_read(
    state: web::Data<AppState>,
    Writer(user): Writer,
    body: web::Json<MarkRead>,
) -> Result<web::Json<Unread>, AppError> {
    Ok(web::Json(
        notifications::mark_read(&state.db, user.id.0, &body).await?,
    ))
}

/// Which e-mails the caller receives. Calendar invitations, the notice of a
/// new manager and sign-in links always go out; every notification is in
/// the list whatever is chosen here.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's choice", body = NotificationSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notification-settings")]
#[tracing::instrument(name = "notification settings", skip_all, fields(user = %user.id))]
async fn get_notification_settings(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<NotificationSettings>, AppError> {
    Ok(web::Json(
        notifications::settings(&state.db, user.id.0).await?,
    ))
}

/// Replace the caller's choice of e-mails: every field is required.
#[utoipa::path(
    operation_id = "update_notification_settings",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = NotificationSettings,
    responses(
        (status = 200, description = "The caller's choice, as stored", body = NotificationSettings),
        (status = 403, description = "A read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or unknown field (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/notification-settings")]
#[tracing::instrument(name = "change notification settings", skip_all, fields(user = %user.id))]
async fn put_notification_settings(
    state: web::Data<AppState>,
    Writer(user): Writer,
    body: web::Json<NotificationSettings>,
) -> Result<web::Json<NotificationSettings>, AppError> {
    Ok(web::Json(
        notifications::set_settings(&state.db, user.id.0, body.into_inner()).await?,
    ))
}

/// Delivery of mail, for HR: per kind how many were sent, wait, are being
/// retried or were given up on, and the dead letters (newest 100). Never a
/// message's text or recipient.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Delivery per kind, and the dead letters", body = Deliveries),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/outbox")]
#[tracing::instrument(name = "deliveries", skip_all, fields(user = %hr.0.id))]
async fn list_deliveries(
    state: web::Data<AppState>,
    hr: HrAdmin,
) -> Result<web::Json<Deliveries>, AppError> {
    Ok(web::Json(deliveries::overview(&state.db).await?))
}

/// Send a dead letter again (HR): it is due at once, with its attempts
/// counted afresh.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = MessageId, Path, description = "The dead letter")),
    responses(
        (status = 204, description = "Queued again"),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dead letter (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/outbox/{id}/retry")]
#[tracing::instrument(name = "retry delivery", skip_all, fields(user = %hr.0.id))]
async fn retry_delivery(
    state: web::Data<AppState>,
    hr: HrWriter,
    id: web::Path<MessageId>,
) -> Result<HttpResponse, AppError> {
    deliveries::retry(&state.db, id.into_inner()).await?;
    state.outbox.wake();
    Ok(HttpResponse::NoContent().finish())
}
