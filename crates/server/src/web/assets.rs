//! Static files for the web pages, embedded in the binary: our own CSS and JavaScript from
//! `crates/server/assets/`, and third-party libraries that `build.rs` fetched from npm. Each is
//! served at `/assets/<name>`; pages link it with `?v=<content hash>` so browsers may cache it
//! forever and still see a new version the moment it changes.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::ServerState;

/// One embedded file.
#[derive(Debug)]
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// The first hex digits of the body's SHA-256: the version in links.
    version: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    let files: [(&str, &str, &[u8]); 3] = [
        (
            "app.css",
            "text/css; charset=utf-8",
            include_bytes!("../../assets/app.css"),
        ),
        (
            "app.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../../assets/app.js"),
        ),
        (
            "htmx.min.js",
            "text/javascript; charset=utf-8",
            include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js")),
        ),
    ];
    files
        .into_iter()
        .map(|(name, content_type, body)| Asset {
            name,
            content_type,
            body,
            version: Sha256::digest(body)
                .iter()
                .take(6)
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
        .collect()
});

/// The link to an embedded asset, versioned by content, e.g. `/assets/app.css?v=1a2b3c4d5e6f`.
pub(crate) fn url(name: &str) -> String {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => format!("/assets/{}?v={}", asset.name, asset.version),
        // A template naming a missing asset is a bug the browser tests show as a 404.
        None => format!("/assets/{name}"),
    }
}

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/assets/{name}", get(serve))
}

async fn serve(Path(name): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only a link carrying the current version may be cached for good; any other is
    // revalidated, so an old page never pins a stale file.
    let current = query.as_deref() == Some(&format!("v={}", asset.version));
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        asset.body,
    )
        .into_response()
}
