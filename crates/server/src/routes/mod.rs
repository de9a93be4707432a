//! HTTP handlers, one module per resource. Each module's `configure` adds its
//! endpoints with `.service(...)` so they are collected into the OpenAPI
//! document. Handlers stay thin: extract, authorise, call a service, answer.

mod api_tokens;
mod audit;
mod auth;
mod conversations;
mod dashboards;
mod departments;
mod follow_up;
mod groups;
mod health;
mod me;
mod meeting;
mod notifications;
mod oidc;
mod plans;
mod preparations;
mod rounds;
mod scim;
mod summary;
mod templates;
mod users;
mod webhooks;

use actix_web::dev::HttpServiceFactory;
use utoipa_actix_web::OpenApiFactory;

/// Where the API's handlers are registered: with their description, into
/// the OpenAPI document (`utoipa_actix_web`'s config, `crate::openapi`), or
/// without it (actix-web's own config, as each server worker does).
///
/// Describing a handler composes the schemas of everything it takes and
/// answers; for the whole API that is some 90 MB of short-lived allocations,
/// which each worker's allocator kept when every worker described the API
/// anew at start (docs/QUALITY.md, *Memory*). The document is built once,
/// by `mus openapi`, and served as committed.
pub trait Routes {
    /// Registers one handler.
    fn service<F>(&mut self, handler: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static;

    /// Registers what `routes` registers.
    fn configure(&mut self, routes: impl FnOnce(&mut Self)) -> &mut Self {
        routes(self);
        self
    }
}

impl Routes for utoipa_actix_web::service_config::ServiceConfig<'_> {
    fn service<F>(&mut self, handler: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        utoipa_actix_web::service_config::ServiceConfig::service(self, handler)
    }
}

impl Routes for actix_web::web::ServiceConfig {
    fn service<F>(&mut self, handler: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        actix_web::web::ServiceConfig::service(self, handler)
    }
}

/// Where the organisation's sign-in starts, relative to the public URL.
pub const OIDC_LOGIN: &str = "api/v1/auth/oidc/login";
/// Where the organisation's identity provider sends people back, relative
/// to the public URL: the redirect URI registered with the provider.
pub const OIDC_CALLBACK: &str = "api/v1/auth/oidc/callback";

/// `?limit=&cursor=` of a list read a page at a time.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Everything under `/api/v1`.
pub fn configure_v1(cfg: &mut impl Routes) {
    cfg.configure(auth::configure)
        .configure(oidc::configure)
        .configure(me::configure)
        .configure(api_tokens::configure)
        .configure(users::configure)
        .configure(departments::configure)
        .configure(audit::configure)
        .configure(templates::configure)
        .configure(rounds::configure)
        .configure(conversations::configure)
        .configure(preparations::configure)
        .configure(meeting::configure)
        .configure(summary::configure)
        .configure(follow_up::configure)
        .configure(groups::configure)
        .configure(plans::configure)
        .configure(dashboards::configure)
        .configure(notifications::configure)
        .configure(webhooks::configure);
}

/// SCIM 2.0, under `/scim/v2`: outside the versioned API and its OpenAPI
/// document, since SCIM describes itself.
pub fn scim_scope() -> actix_web::Scope {
    scim::scope()
}

/// Endpoints under `/api` but outside the versioned API. Registered without a
/// scope: an `/api` scope would swallow `/api/docs` and `/api/openapi.json`.
pub fn configure_root(cfg: &mut impl Routes) {
    cfg.configure(health::configure);
}
