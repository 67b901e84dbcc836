//! `GET /healthz`: liveness, answered once the database answers a read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::ServerState;

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
}

pub(crate) fn router() -> Router<ServerState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<ServerState>) -> (StatusCode, Json<Health>) {
    match state.app.store().read().await {
        Ok(_) => (StatusCode::OK, Json(Health { status: "ok" })),
        Err(error) => {
            tracing::error!(%error, "health check could not reach the database");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                }),
            )
        }
    }
}
