//! The web app: server-rendered pages (askama templates in `crates/server/templates/`),
//! progressively enhanced by our small script (`crates/server/assets/app.js`) and htmx.
//!
//! One module per page or feature, each with its own `router()` merged below and its own
//! template; handlers only translate between forms and `sundial-app` use cases, exactly like the
//! JSON API's. Shared parts: [`session`] (who is signed in), [`csrf`] (every unsafe request
//! carries the visitor's token), [`page`] (the layout, rendering, the error page), [`when`]
//! (times in words and zones), [`people`] (names for ids), [`assets`] (embedded static files),
//! [`markdown`] (message bodies, sanitised).

mod admin;
mod asks;
mod assets;
mod availability;
mod channel;
mod channels;
mod composer;
mod csrf;
mod digests;
mod inbox;
mod markdown;
mod norms;
mod page;
mod people;
mod search;
mod session;
mod settings;
mod setup;
mod signin;
mod team;
mod thread;
mod when;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;

use crate::ServerState;

pub(crate) use session::session_token;

/// The "not found" page, for paths nothing serves.
pub(crate) fn not_found() -> impl axum::response::IntoResponse {
    page::WebError::NotFound
}

/// Every page and the assets they use.
pub(crate) fn router() -> Router<ServerState> {
    Router::new()
        .merge(setup::router())
        .merge(signin::router())
        .merge(inbox::router())
        .merge(asks::router())
        .merge(channels::router())
        .merge(channel::router())
        .merge(composer::router())
        .merge(thread::router())
        .merge(settings::router())
        .merge(search::router())
        .merge(team::router())
        .merge(admin::router())
        .merge(digests::router())
        .layer(middleware::from_fn(csrf::ensure_cookie))
        .layer(middleware::from_fn(security_headers))
        .merge(assets::router())
}

/// What a page may load and run: only our own scripts, styles and forms. Nothing inline runs,
/// so even markup that slipped past sanitising could not execute; images may come from
/// anywhere, as Markdown links them.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'; form-action 'self'";

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages show private, changing data: never from a cache, never stored on disk.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
