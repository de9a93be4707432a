use super::Routes;
use actix_web::{get, web};
use mus_domain::{Conversation, ConversationId, Problem};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::services::rounds;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_conversations).service(get_conversation);
}

/// The conversations the caller is a party to (as employee or manager),
/// newest round first.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's conversations", body = Vec<Conversation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations")]
#[tracing::instrument(name = "list conversations", skip_all, fields(user = %user.id))]
async fn list_conversations(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<Conversation>>, AppError> {
    Ok(web::Json(rounds::conversations_of(&state.db, &user).await?))
}

/// One conversation, for its employee and manager; anyone else gets 404.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = ConversationId, Path, description = "The conversation")),
    responses(
        (status = 200, description = "The conversation", body = Conversation),
        (status = 404, description = "No such conversation, or not the caller's (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/conversations/{id}")]
#[tracing::instrument(name = "get conversation", skip_all, fields(user = %user.id))]
async fn get_conversation(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<ConversationId>,
) -> Result<web::Json<Conversation>, AppError> {
    Ok(web::Json(
        rounds::conversation_for(&state.db, &user, id.into_inner()).await?,
    ))
}
