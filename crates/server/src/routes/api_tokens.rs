use super::Routes;
use actix_web::{HttpResponse, delete, get, post, web};
use mus_domain::{ApiToken, ApiTokenId, CreatedApiToken, NewApiToken, Problem};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::services::api_tokens;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_tokens)
        .service(create_token)
        .service(revoke_token);
}

/// The caller's own personal API tokens that still work (never the secrets).
#[utoipa::path(
    operation_id = "list_api_tokens",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's tokens, newest first", body = Vec<ApiToken>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-tokens")]
#[tracing::instrument(name = "list api tokens", skip_all, fields(user = %user.id))]
async fn list_tokens(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<ApiToken>>, AppError> {
    Ok(web::Json(api_tokens::list(&state.db, user.id).await?))
}

/// Create a personal API token for an integration.
///
/// The token acts as its owner, narrowed by its scopes: `read` reads what the
/// owner may read; `write` also changes what the owner may change. `scim`
/// (HR administrators only, and alone) provisions people through SCIM at
/// `/scim/v2` and is refused everywhere under `/api/v1`. The secret is in
/// this response only. Needs a signed-in session: API tokens cannot create
/// tokens.
#[utoipa::path(
    operation_id = "create_api_token",
    tag = "auth",
    security(("bearer" = [])),
    request_body = NewApiToken,
    responses(
        (status = 201, description = "Created; store `token` now", body = CreatedApiToken),
        (status = 403, description = "Called with an API token, or the `scim` scope asked for by someone not an HR administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller holds the most tokens allowed (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-tokens")]
#[tracing::instrument(name = "create api token", skip_all, fields(user = %user.id))]
async fn create_token(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<NewApiToken>,
) -> Result<HttpResponse, AppError> {
    user.ensure_session()?;
    let created = api_tokens::create(&state.db, user.id, user.role, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/api-tokens/{}", created.api_token.id),
        ))
        .json(created))
}

/// Revoke one of the caller's API tokens; it stops working at once.
#[utoipa::path(
    operation_id = "revoke_api_token",
    tag = "auth",
    security(("bearer" = [])),
    params(("id" = ApiTokenId, Path, description = "The token")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Called with an API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such token of the caller's (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-tokens/{id}")]
#[tracing::instrument(name = "revoke api token", skip_all, fields(user = %user.id))]
async fn revoke_token(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ApiTokenId>,
) -> Result<HttpResponse, AppError> {
    user.ensure_session()?;
    let id = id.into_inner();
    api_tokens::revoke(&state.db, user.id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
