//! Sundial's HTTP side, on axum: the JSON API under `/api/v1` (with its OpenAPI document), the
//! web pages (`web/`), liveness and metrics. Each feature has its own router; [`router`] merges them in one place.
//! Handlers only translate HTTP to `sundial-app` calls and back.

mod api;
mod error;
mod extract;
mod health;
mod metrics;
mod rate_limit;
pub mod smtp;
mod unsubscribe;
mod web;
mod workers;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use sundial_app::App;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use error::{ApiError, ApiResult};

/// The largest request body accepted: a 64 KiB message plus its JSON framing, with room.
const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// The state every handler can reach.
#[derive(Debug, Clone)]
pub struct ServerState {
    pub app: App,
    pub(crate) metrics: Arc<metrics::Metrics>,
    pub(crate) login_limiter: Arc<rate_limit::LoginLimiter>,
    /// Becomes `true` when the server is shutting down, so endless responses (live event
    /// streams) end and graceful shutdown does not wait on them forever.
    pub(crate) shutdown: watch::Receiver<bool>,
}

/// Completes once `shutdown` turns `true`; never, if nobody can turn it (a router built
/// without a server, as in tests).
pub(crate) async fn shutdown_requested(mut shutdown: watch::Receiver<bool>) {
    if shutdown.wait_for(|down| *down).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The whole HTTP surface as one router, so tests can drive it without a socket.
pub fn router(app: App) -> Router {
    let (_never, shutdown) = watch::channel(false);
    router_with_shutdown(app, shutdown)
}

fn router_with_shutdown(app: App, shutdown: watch::Receiver<bool>) -> Router {
    let state = ServerState {
        app,
        metrics: Arc::new(metrics::Metrics::new()),
        login_limiter: Arc::new(rate_limit::LoginLimiter::default()),
        shutdown,
    };
    let (api, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let openapi = openapi.clone();
                async move { axum::Json((*openapi).clone()) }
            }),
        )
        .merge(health::router())
        .merge(unsubscribe::router())
        .merge(metrics::router())
        .merge(web::router())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// Unknown paths: the web app's "not found" page for a browser asking for a page outside
/// `/api/`, the API's JSON error for everything else.
async fn not_found(
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let wants_page = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_page && !uri.path().starts_with("/api/") {
        web::not_found().into_response()
    } else {
        ApiError::not_found().into_response()
    }
}

/// What a node runs besides HTTP.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// Run the background job worker (notification delivery, reminders, digests). Off for
    /// extra nodes sharing one PostgreSQL that should only answer HTTP (`--no-jobs`).
    pub run_jobs: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self { run_jobs: true }
    }
}

/// Serves `app` on `listener` with the job worker until `shutdown` completes, then finishes
/// in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, ServeOptions::default(), shutdown).await
}

/// Serves `app` on `listener`, with or without the job worker, until `shutdown` completes;
/// then finishes in-flight requests and lets the worker finish the job it is running.
pub async fn serve_with(
    listener: TcpListener,
    app: App,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (signal, receiver) = watch::channel(false);
    let worker = options
        .run_jobs
        .then(|| tokio::spawn(workers::run(app.clone(), receiver.clone())));
    let router = router_with_shutdown(app, receiver.clone());
    tokio::spawn(async move {
        shutdown.await;
        // Nobody listening any more is fine: the server has already stopped.
        let _ = signal.send(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_requested(receiver))
    .await?;
    if let Some(worker) = worker
        && let Err(error) = worker.await
    {
        tracing::error!(%error, "the job worker ended abnormally");
    }
    Ok(())
}
