//! Building and running the HTTP server.

use std::net::TcpListener;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::dev::{Server, Service};
use actix_web::http::header::{ContentType, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, ErrorHandlers};
use actix_web::{App, HttpMessage, HttpResponse, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::{Standings, TokenKeys};
use crate::config::Config;
use crate::error;
use crate::services::autosave::Autosaves;
use crate::services::cache::DashboardCache;
use crate::services::oidc::Oidc;
use crate::spa::{self, Bundle};
use crate::state::AppState;
use crate::telemetry::RequestSpan;
use crate::{openapi, store};

/// A server bound to its port, ready to run. Binding happens in `build`, so
/// a caller that asked for port 0 learns the real port before serving.
pub struct Application {
    port: u16,
    server: Server,
    in_flight: InFlight,
    /// The outbox's delivery worker (`crate::outbox`).
    delivery: tokio::task::JoinHandle<()>,
    /// The reminder scanner (`services::reminders`), unless turned off.
    reminders: Option<tokio::task::JoinHandle<()>>,
}

/// How many requests are being handled right now.
#[derive(Debug, Clone, Default)]
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn enter(&self) -> InFlightGuard {
        self.0.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(self.0.clone())
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

struct InFlightGuard(Arc<AtomicUsize>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How long requests in flight get to finish after SIGTERM or SIGINT.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Opens and migrates the database, binds the listener and prepares the server.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        config.check()?;
        let mut db =
            store::connect_with(&config.database_url, store::Checkpoints::InBackground).await?;
        store::checkpoint_in_background(&db);
        store::migrate(&db).await?;
        db.set_metric_callback(crate::statements::count);
        crate::services::forms::ensure_shipped(&db)
            .await
            .map_err(|e| anyhow::anyhow!("cannot install the shipped forms: {e}"))?;
        let notices = store::notices::start(&db);
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let address = listener.local_addr()?;
        let public_url = match &config.public_url {
            Some(url) => url.clone(),
            None => url::Url::parse(&format!("http://{address}/"))?,
        };
        let mailer = crate::outbox::Mailer::new(&crate::outbox::MailerConfig {
            smtp_url: config.smtp_url.clone(),
            from: config
                .mail_from
                .clone()
                .unwrap_or_else(|| format!("MUS <mus@{}>", mail_domain(&public_url))),
            mail_dir: config.data_dir.join("mail"),
            domain: mail_domain(&public_url),
        })?;
        tracing::info!(to = %mailer.describe(), "mail goes out");
        let outbox = crate::outbox::Wake::default();
        let senders = crate::outbox::Senders {
            mail: mailer,
            hooks: crate::outbox::Hooks::new(config.webhooks_allow_private)?,
        };
        let delivery =
            crate::outbox::start(db.clone(), senders, outbox.clone(), config.outbox_poll);
        let reminders = config.reminder_scan.map(|every| {
            crate::services::reminders::start(db.clone(), public_url.clone(), outbox.clone(), every)
        });

        let oidc = match &config.oidc {
            Some(oidc) => {
                if config.public_url.is_none() {
                    tracing::warn!(
                        "MUS_PUBLIC_URL is not set: the organisation's sign-in sends people back \
                         to the address listened on, which works on this machine only"
                    );
                }
                let redirect_uri = public_url.join(crate::routes::OIDC_CALLBACK)?;
                tracing::info!(
                    issuer = %oidc.issuer,
                    redirect_uri = %redirect_uri,
                    "signing in through the organisation is set up"
                );
                Some(Arc::new(Oidc::new(oidc, redirect_uri)?))
            }
            None => None,
        };
        let state = AppState {
            outbox,
            oidc,
            public_url,
            password_sign_in: config.password_sign_in,
            dashboards: DashboardCache::new(config.dashboard_cache, store::WriteCounter::of(&db)),
            standings: Standings::new(config.dashboard_cache, store::WriteCounter::of(&db)),
            autosaves: Autosaves::start(&config.database_url).await?,
            notices,
            db,
            keys: TokenKeys::new(&config.jwt_secret, config.access_token_ttl)?
                .with_previous(&config.jwt_previous_secrets)?,
            refresh_token_ttl: config.refresh_token_ttl,
            behind_proxy: config.behind_proxy,
            webhooks_allow_private: config.webhooks_allow_private,
        };
        let in_flight = InFlight::default();
        let bundle = Bundle::load(&config.spa)
            .with_context(|| format!("reading the web app ({:?})", config.spa))?;
        let spa_origin = bundle.origin().to_owned();
        let server = serve(
            listener,
            state,
            web::Data::new(bundle),
            config.max_json_bytes,
            config.sql_statement_header,
            config.max_connections,
            in_flight.clone(),
        )?;
        tracing::info!(
            database = %crate::config::redact_password(&config.database_url),
            spa = %spa_origin,
            "MUS is listening on http://{address}"
        );
        Ok(Application {
            port: address.port(),
            server,
            in_flight,
            delivery,
            reminders,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests are allowed to finish.
    ///
    /// On the signal the server stops accepting connections and waits until
    /// no request is being handled (at most 30 s) before it stops its
    /// workers. Stopping them at once, as actix-web does by itself, ends the
    /// idle workers first; on PostgreSQL the pooled connections they opened
    /// die with them, and a request still in flight on another worker that
    /// picked up such a connection failed with 500 (found by
    /// `tests/api/shutdown.rs`).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let in_flight = self.in_flight;
        let shutdown = tokio::spawn(async move {
            stop_signal().await;
            tracing::info!(
                in_flight = in_flight.count(),
                "stopping: finishing requests in flight"
            );
            handle.pause().await;
            let deadline = Instant::now() + SHUTDOWN_GRACE;
            while in_flight.count() > 0 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            handle.stop(true).await;
        });
        let served = self.server.await;
        shutdown.abort();
        self.delivery.abort();
        if let Some(reminders) = self.reminders {
            reminders.abort();
        }
        served
    }
}

/// The host mail names itself with (`Message-ID`, the default sender):
/// the public address's, or `localhost` when that is a bare IP address.
fn mail_domain(public_url: &url::Url) -> String {
    match public_url.host() {
        Some(url::Host::Domain(domain)) => domain.to_owned(),
        _ => "localhost".to_owned(),
    }
}

/// SIGTERM (a deployment, systemd) or SIGINT (Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut terminate), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = interrupt.recv() => {}
                }
            }
            _ => std::future::pending::<()>().await,
        }
    }
    #[cfg(not(unix))]
    {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The framework's ceiling: a constant JSON body, no database, no auth.
async fn bench_ping() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"pong":true}"#)
}

/// The ping behind sign-in: what checking a credential costs on every
/// request (the access token's signature, and the person's role and
/// leaving day as stored).
async fn bench_signed_in(user: crate::auth::AuthUser) -> actix_web::HttpResponse {
    let _ = user;
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"pong":true}"#)
}

fn serve(
    listener: TcpListener,
    state: AppState,
    spa: web::Data<Bundle>,
    max_json_bytes: usize,
    sql_statement_header: bool,
    max_connections: usize,
    in_flight: InFlight,
) -> anyhow::Result<Server> {
    let notices = state.notices.clone();
    let state = web::Data::new(state);
    let bench_endpoint = Config::bench_endpoint();
    if bench_endpoint {
        tracing::warn!(
            "GET /api/bench/ping is enabled (MUS_BENCH_ENDPOINT=1): for benchmarks only"
        );
    }
    let server = HttpServer::new(move || {
        let app = App::new()
            .app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(max_json_bytes)
                    .error_handler(error::json_error),
            )
            // Raw bodies (the CSV import); JSON has its own, smaller limit.
            .app_data(web::PayloadConfig::new(8 * 1024 * 1024))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .app_data(web::QueryConfig::default().error_handler(error::query_error));
        openapi::register(app)
            .configure(|cfg| {
                if bench_endpoint {
                    cfg.route("/api/bench/ping", web::get().to(bench_ping))
                        .route("/api/bench/signed-in", web::get().to(bench_signed_in));
                }
            })
            // `/api/docs` as typed leads to the documentation; relative, so it
            // also works behind a proxy that serves MUS under a path.
            .route(
                "/api/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header((actix_web::http::header::LOCATION, "docs/"))
                        .finish()
                }),
            )
            .route(
                "/api/openapi.json",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .content_type(ContentType::json())
                        .body(openapi::COMMITTED)
                }),
            )
            .service(
                SwaggerUi::new("/api/docs/{_:.*}")
                    .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
            )
            .service(crate::routes::scim_scope())
            .configure(|cfg| spa::configure(cfg, &spa))
            .default_service(web::to(spa::index))
            .wrap(ErrorHandlers::new().default_handler(error::ensure_problem))
            .wrap(Compress::default())
            .wrap_fn(|req, srv| {
                let path = req.path().to_owned();
                let response = srv.call(req);
                async move {
                    let mut response = response.await?;
                    crate::security::add_headers(&path, response.headers_mut());
                    Ok(response)
                }
            })
            .wrap_fn(move |req, srv| {
                let response = crate::statements::counted(srv.call(req));
                async move {
                    let (response, statements) = response.await;
                    let mut response = response?;
                    if sql_statement_header {
                        response.headers_mut().insert(
                            HeaderName::from_static(crate::statements::HEADER),
                            HeaderValue::from(statements),
                        );
                    }
                    Ok(response)
                }
            })
            .wrap_fn(|req, srv| {
                let request_id = req.extensions().get::<RequestId>().copied();
                let response = srv.call(req);
                async move {
                    let mut response = response.await?;
                    if let Some(id) = request_id
                        && let Ok(value) = HeaderValue::from_str(&id.to_string())
                    {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), value);
                    }
                    Ok(response)
                }
            })
            // A request that wrote is answered once the other instances know
            // (`store::notices`): whoever has the answer finds the change on
            // every instance.
            .wrap_fn({
                let notices = notices.clone();
                move |req, srv| {
                    let mark = notices.mark();
                    let response = srv.call(req);
                    let notices = notices.clone();
                    async move {
                        let response = response.await;
                        notices.told_since(mark).await;
                        response
                    }
                }
            })
            .wrap(TracingLogger::<RequestSpan>::new())
            .wrap_fn({
                let in_flight = in_flight.clone();
                move |req, srv| {
                    let guard = in_flight.enter();
                    let response = srv.call(req);
                    async move {
                        let response = response.await;
                        drop(guard);
                        response
                    }
                }
            })
    })
    .disable_signals()
    .shutdown_timeout(SHUTDOWN_GRACE.as_secs());
    // actix-web counts per worker; the setting is for the server.
    let workers = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let server = server
        .workers(workers)
        .max_connections(max_connections.div_ceil(workers));
    Ok(server.listen(listener)?.run())
}
