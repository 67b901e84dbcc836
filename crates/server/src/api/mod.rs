//! The JSON API under `/api/v1`, one router per feature, merged here. utoipa-axum collects each
//! handler's `#[utoipa::path]` as it is routed, so the OpenAPI document is generated from the
//! code that serves it and cannot drift.

mod accounts;
mod channels;
mod events;
mod follow;
mod inbox;
mod members;
mod messages;
mod notifications;
mod requests;
mod scheduled;
mod search;
mod threads;

use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;

use crate::ServerState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sundial API", version = "1", description = "Async-first team communication: \
          threads with explicit asks, due times in each recipient's working hours."),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// Declares the bearer-token scheme every authenticated path refers to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Every API route with its OpenAPI description.
pub(crate) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::router())
        .merge(inbox::router())
        .merge(search::router())
        .merge(events::router())
        .merge(members::router())
        .merge(channels::router())
        .merge(threads::router())
        .merge(messages::router())
        .merge(requests::router())
        .merge(scheduled::router())
        .merge(notifications::router())
        .merge(follow::router())
}
