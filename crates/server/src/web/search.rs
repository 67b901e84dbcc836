//! `/search?q=…`: what the viewer may see that matches, best first (`App::search`), each with
//! its snippet (matches marked by the app, already escaped) and a link to the message in its
//! thread.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;
use std::collections::HashMap;

use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::Viewer;
use super::setup::FieldError;
use super::when;
use crate::ServerState;

/// How many results a page shows.
const LIMIT: i64 = 50;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/search", get(search))
}

#[derive(Debug, Default, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    /// `None` before anything was searched for.
    results: Option<Vec<ResultLine>>,
    error: Option<FieldError>,
}

#[derive(Debug)]
struct ResultLine {
    href: String,
    title: String,
    channel: String,
    /// HTML from `App::search`: escaped text with `<mark>` around each match.
    snippet: String,
    when: String,
    when_iso: String,
    is_thread: bool,
}

async fn search(
    State(state): State<ServerState>,
    viewer: Viewer,
    Query(input): Query<SearchQuery>,
) -> PageResult {
    let mut page = SearchPage {
        layout: viewer.layout("Search", "search"),
        query: input.q.clone(),
        results: None,
        error: None,
    };
    if input.q.trim().is_empty() {
        return render(&page);
    }
    let hits = match state.app.search(&viewer.actor, &input.q, LIMIT).await {
        Ok(hits) => hits,
        Err(e) => match WebError::from(e) {
            WebError::Invalid { field, message } => {
                page.error = Some(FieldError { field, message });
                return render_with(StatusCode::BAD_REQUEST, &page);
            }
            other => return Err(other),
        },
    };
    let channels: HashMap<String, String> = state
        .app
        .channels(&viewer.actor)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let zone = &viewer.me.time_zone;
    page.results = Some(
        hits.into_iter()
            .map(|hit| ResultLine {
                href: match &hit.message_id {
                    Some(id) => format!("/threads/{}#m-{id}", hit.thread_id),
                    None => format!("/threads/{}", hit.thread_id),
                },
                channel: channels.get(&hit.channel_id).cloned().unwrap_or_default(),
                is_thread: hit.kind == "thread",
                title: hit.title,
                snippet: hit.snippet,
                when: when::local(hit.created_at, zone),
                when_iso: when::iso(hit.created_at),
            })
            .collect(),
    );
    render(&page)
}
