//! Prometheus metrics at `GET /metrics`: request counts and latencies by route, plus event and
//! job gauges read from the store. A registry per server (prometheus-client), no global state.

use std::sync::Mutex;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::ServerState;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    method: String,
    route: String,
}

/// The server's metrics.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RouteLabels, Counter>,
    latency: Family<LatencyLabels, Histogram>,
}

impl Metrics {
    pub(crate) fn new() -> Self {
        let mut registry = Registry::with_prefix("sundial");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<LatencyLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 14))
        });
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            latency.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            requests,
            latency,
        }
    }
}

/// Middleware: counts and times every request by its route template (never the raw path, so
/// ids do not explode the label set).
pub(crate) async fn track(
    State(state): State<ServerState>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    state
        .metrics
        .requests
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&LatencyLabels { method, route })
        .observe(start.elapsed().as_secs_f64());
    response
}

pub(crate) fn router() -> Router<ServerState> {
    Router::new().route("/metrics", get(render))
}

async fn render(State(state): State<ServerState>) -> Response {
    let mut text = String::new();
    let encoded = {
        let registry = state
            .metrics
            .registry
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        prometheus_client::encoding::text::encode(&mut text, &registry)
    };
    if encoded.is_err() {
        return crate::ApiError::internal().into_response();
    }
    match state.app.queue_depths().await {
        Ok(depths) => {
            text = text.trim_end_matches("# EOF\n").to_owned();
            text.push_str(&format!(
                "# HELP sundial_jobs_pending Unfinished background jobs.\n# TYPE sundial_jobs_pending gauge\nsundial_jobs_pending {}\n\
                 # HELP sundial_events Events in the log.\n# TYPE sundial_events gauge\nsundial_events {}\n# EOF\n",
                depths.jobs_pending, depths.events
            ));
        }
        Err(error) => tracing::warn!(%error, "metrics could not read the queue depths"),
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
