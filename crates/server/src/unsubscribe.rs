//! The unsubscribe page, `/unsubscribe?token=…`, reached from the link in digest email without
//! a login. GET (a person clicking) and POST (a mail client's one-click unsubscribe, RFC 8058)
//! both turn digest email off for the token's member and answer a plain confirmation; a token
//! we never issued answers a 404 page and changes nothing. The rule is the app's.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sundial_app::AppError;

use crate::ServerState;

pub(crate) fn router() -> Router<ServerState> {
    Router::new().route(
        "/unsubscribe",
        axum::routing::get(unsubscribe).post(unsubscribe),
    )
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

#[derive(Template)]
#[template(path = "unsubscribe/done.html")]
struct Done<'a> {
    name: &'a str,
    email: &'a str,
}

#[derive(Template)]
#[template(path = "unsubscribe/unknown.html")]
struct Unknown;

async fn unsubscribe(
    State(state): State<ServerState>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let token = query.token.unwrap_or_default();
    if token.is_empty() {
        return page(StatusCode::NOT_FOUND, Unknown.render());
    }
    match state.app.unsubscribe(&token).await {
        Ok(done) => page(
            StatusCode::OK,
            Done {
                name: &done.name,
                email: &done.email,
            }
            .render(),
        ),
        Err(AppError::NotFound) => page(StatusCode::NOT_FOUND, Unknown.render()),
        Err(error) => {
            tracing::error!(%error, "unsubscribing failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong; try the link again later.",
            )
                .into_response()
        }
    }
}

fn page(status: StatusCode, rendered: askama::Result<String>) -> Response {
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "rendering the unsubscribe page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
