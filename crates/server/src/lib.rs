//! Sundial's HTTP side, on axum: for now liveness; the JSON API, web pages, live updates and
//! background workers are added here, each feature with its own router merged in [`router`].

mod health;

use std::future::Future;

use axum::Router;
use sundial_app::App;
use tokio::net::TcpListener;

/// The state every handler can reach.
#[derive(Debug, Clone)]
pub struct ServerState {
    pub app: App,
}

/// The whole HTTP surface as one router, so tests can drive it without a socket.
pub fn router(app: App) -> Router {
    Router::new()
        .merge(health::router())
        .with_state(ServerState { app })
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
