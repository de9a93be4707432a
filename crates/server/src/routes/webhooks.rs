use super::Routes;
use actix_web::{HttpResponse, delete, get, post, web};
use mus_domain::{
    NewWebhook, Page, Problem, Webhook, WebhookDelivery, WebhookId, WebhookWithSecret,
};

use super::PageQuery;
use crate::auth::{HrAdmin, HrWriter};
use crate::error::AppError;
use crate::services::webhooks;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(delete_webhook)
        .service(rotate_webhook_secret)
        .service(list_webhook_deliveries);
}

/// The registered webhook endpoints (HR), never their secrets.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every endpoint, oldest first", body = Vec<Webhook>),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
#[tracing::instrument(name = "list webhooks", skip_all, fields(user = %hr.0.id))]
async fn list_webhooks(
    state: web::Data<AppState>,
    hr: HrAdmin,
) -> Result<web::Json<Vec<Webhook>>, AppError> {
    Ok(web::Json(webhooks::list(&state.db).await?))
}

/// Register a webhook endpoint (HR). Each chosen event is posted to it as it
/// happens, signed as Standard Webhooks has it (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), with
/// ids, states and dates, never content. A refused delivery is tried again
/// with growing pauses for about three days. The answer holds the signing
/// secret: the only time it is shown.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Registered; store `secret` now", body = WebhookWithSecret,
            headers(("location" = String, description = "The new endpoint's address in the API"))),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The most endpoints allowed are registered (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No events, an address that is not https, a private address, or a host that cannot be found (`invalid_body`, with `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
#[tracing::instrument(name = "create webhook", skip_all, fields(user = %hr.id))]
async fn create_webhook(
    state: web::Data<AppState>,
    HrWriter(hr): HrWriter,
    body: web::Json<NewWebhook>,
) -> Result<HttpResponse, AppError> {
    let created = webhooks::create(
        &state.db,
        hr.id,
        body.into_inner(),
        state.webhooks_allow_private,
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "location",
            format!("/api/v1/webhooks/{}", created.webhook.id),
        ))
        .json(created))
}

/// One webhook endpoint (HR).
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint")),
    responses(
        (status = 200, description = "The endpoint", body = Webhook),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}")]
#[tracing::instrument(name = "get webhook", skip_all, fields(user = %hr.0.id))]
async fn get_webhook(
    state: web::Data<AppState>,
    hr: HrAdmin,
    id: web::Path<WebhookId>,
) -> Result<web::Json<Webhook>, AppError> {
    Ok(web::Json(
        webhooks::get(&state.db, id.into_inner().0).await?,
    ))
}

/// Remove a webhook endpoint (HR), with its deliveries: those waiting are
/// not sent.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
#[tracing::instrument(name = "delete webhook", skip_all, fields(user = %hr.id))]
async fn delete_webhook(
    state: web::Data<AppState>,
    HrWriter(hr): HrWriter,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, AppError> {
    webhooks::delete(&state.db, hr.id, id.into_inner().0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Give a webhook endpoint a new signing secret (HR), shown this once. For
/// 24 hours every delivery carries two signatures, one with each secret,
/// so the receiver can change over without refusing one.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint")),
    responses(
        (status = 200, description = "The new secret; store it now", body = WebhookWithSecret),
        (status = 403, description = "Not an HR administrator, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/secret")]
#[tracing::instrument(name = "rotate webhook secret", skip_all, fields(user = %hr.id))]
async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    HrWriter(hr): HrWriter,
    id: web::Path<WebhookId>,
) -> Result<web::Json<WebhookWithSecret>, AppError> {
    Ok(web::Json(
        webhooks::rotate(&state.db, hr.id, id.into_inner().0).await?,
    ))
}

/// An endpoint's deliveries (HR), newest first, a page at a time: the
/// event, where it stands, the attempts and the endpoint's last answer.
/// A dead one can be sent again with `POST /outbox/{id}/retry`.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint"), PageQuery),
    responses(
        (status = 200, description = "One page of deliveries", body = Page<WebhookDelivery>),
        (status = 400, description = "A malformed limit or cursor (`invalid_parameter`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
#[tracing::instrument(name = "webhook deliveries", skip_all, fields(user = %hr.0.id))]
async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    hr: HrAdmin,
    id: web::Path<WebhookId>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<WebhookDelivery>>, AppError> {
    let PageQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        webhooks::deliveries(&state.db, id.into_inner().0, limit, cursor.as_deref()).await?,
    ))
}
