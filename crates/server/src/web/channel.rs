//! `/channels/{id}`: one channel — its norms at the top, its threads by latest activity with
//! their open asks, and the composer for a new thread (`App::post_thread`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;
use sundial_app::threads::NewThread;
use sundial_app::views::MemberView;

use super::composer::{AskFields, recipients};
use super::csrf::CsrfForm;
use super::norms;
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::people::Directory;
use super::session::Viewer;
use super::when;
use crate::ServerState;

/// Threads shown on a channel page.
const THREADS_SHOWN: i64 = 50;

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/channels/{channel_id}", get(show))
        .route("/channels/{channel_id}/threads", post(start_thread))
}

#[derive(Template)]
#[template(path = "channel.html")]
struct ChannelPage {
    layout: Layout,
    channel_id: String,
    name: String,
    purpose: String,
    private: bool,
    norms_summary: String,
    norms: Vec<(&'static str, String)>,
    threads: Vec<ThreadLine>,
    people: Vec<MemberView>,
    composer_id: &'static str,
    draft: Draft,
}

#[derive(Debug)]
struct ThreadLine {
    id: String,
    title: String,
    resolved: bool,
    messages: i64,
    last_activity: String,
    last_activity_iso: String,
    /// "Kenji: reply, due Tue 10 Mar, 03:00" per open obligation.
    open_asks: Vec<String>,
}

async fn show(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(channel_id): Path<String>,
) -> PageResult {
    let page = channel_page(&state, &viewer, &channel_id, Draft::default()).await?;
    render(&page)
}

/// What the writer typed into the new-thread form, kept when it is shown again with an error.
#[derive(Debug, Default)]
struct Draft {
    title: String,
    body: String,
    error: Option<String>,
}

async fn channel_page(
    state: &ServerState,
    viewer: &Viewer,
    channel_id: &str,
    draft: Draft,
) -> Result<ChannelPage, WebError> {
    let channel = state.app.channel(&viewer.actor, channel_id).await?;
    let page = state
        .app
        .threads(&viewer.actor, &channel.id, None, THREADS_SHOWN)
        .await?;
    let people = Directory::load(state, viewer).await?;
    let zone = &viewer.me.time_zone;
    let threads = page
        .items
        .into_iter()
        .map(|summary| ThreadLine {
            open_asks: summary
                .open_requests
                .iter()
                .flat_map(|r| {
                    r.obligations
                        .iter()
                        .filter(|o| matches!(o.status.as_str(), "pending" | "acknowledged"))
                        .map(|o| {
                            format!(
                                "{} → {}: {}, due {}",
                                people.name(&r.requester_id),
                                people.name(&o.member_id),
                                r.kind,
                                when::local(o.due_at, zone)
                            )
                        })
                })
                .collect(),
            id: summary.thread.id,
            title: summary.thread.title,
            resolved: summary.thread.status == "resolved",
            messages: summary.thread.message_count,
            last_activity: when::local(summary.thread.last_activity_at, zone),
            last_activity_iso: when::iso(summary.thread.last_activity_at),
        })
        .collect();
    let members = state.app.members(&viewer.actor).await?;
    Ok(ChannelPage {
        layout: viewer.layout(format!("# {}", channel.name), "channels"),
        norms_summary: norms::summary(&channel.norms),
        norms: norms::each(&channel.norms),
        channel_id: channel.id,
        name: channel.name,
        purpose: channel.purpose,
        private: channel.private,
        threads,
        people: recipients(members, viewer),
        composer_id: "new-thread",
        draft,
    })
}

#[derive(Debug, Deserialize)]
struct NewThreadInput {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(flatten)]
    ask: AskFields,
}

async fn start_thread(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(channel_id): Path<String>,
    CsrfForm(input): CsrfForm<NewThreadInput>,
) -> PageResult {
    let attempt = async {
        let new = NewThread {
            title: input.title.clone(),
            body: input.body.clone(),
            request: input.ask.request(&viewer.me.time_zone)?,
            idempotency_key: None,
        };
        Ok::<_, WebError>(
            state
                .app
                .post_thread(&viewer.actor, &channel_id, new)
                .await?,
        )
    };
    match attempt.await {
        Ok(posted) => Ok(Redirect::to(&format!("/threads/{}", posted.thread.id)).into_response()),
        // Shown again with what was typed, and what to fix; nothing was posted.
        Err(WebError::Invalid { field, message }) => {
            let draft = Draft {
                title: input.title,
                body: input.body,
                error: Some(format!("{field}: {message}")),
            };
            let page = channel_page(&state, &viewer, &channel_id, draft).await?;
            render_with(StatusCode::BAD_REQUEST, &page)
        }
        Err(other) => Err(other),
    }
}
