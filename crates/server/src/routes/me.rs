use super::Routes;
use actix_web::{get, web};
use mus_domain::{Me, Problem};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::services::people;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(me);
}

/// Who is signed in: name, e-mail, role, nearest manager and department.
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "No token (`unauthenticated`), an expired one (`token_expired`) or an invalid one (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
#[tracing::instrument(name = "me", skip_all, fields(user = %user.id))]
async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<web::Json<Me>, AppError> {
    Ok(web::Json(people::me(&state.db, user.id).await?))
}
