use super::Routes;
use actix_web::{HttpResponse, get, web};
use mus_domain::Health;
use sea_orm::ConnectionTrait;

use crate::state::AppState;
use crate::store;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(health);
}

/// Whether the server can serve: the database answers and its schema is current.
///
/// For load balancers and monitoring; needs no sign-in and reveals no data.
#[utoipa::path(
    operation_id = "get_health",
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "Not ready: see which check failed", body = Health),
    )
)]
#[get("/api/health")]
async fn health(state: web::Data<AppState>) -> HttpResponse {
    let database_reachable = state.db.execute_unprepared("SELECT 1").await.is_ok();
    let migrations_current =
        database_reachable && store::migrations_current(&state.db).await.unwrap_or(false);
    let ok = database_reachable && migrations_current;
    let body = Health {
        status: if ok { "ok" } else { "degraded" }.into(),
        database_reachable,
        migrations_current,
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut response = if ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body)
}
