//! `/threads/{id}`: a thread's messages (Markdown, sanitised), edits with their history,
//! reactions, its asks with each recipient's state, resolve/reopen, and the reply composer.
//! Viewing marks the thread read (`App::mark_read`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;
use sundial_app::threads::{MessageView, NewReply};
use sundial_app::views::{MemberView, RequestView};

use super::composer::{AskFields, recipients};
use super::csrf::CsrfForm;
use super::markdown;
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::people::Directory;
use super::session::Viewer;
use super::when;
use crate::ServerState;

/// The reactions offered as one-click buttons.
const QUICK_REACTIONS: [&str; 4] = ["👍", "✅", "👀", "🎉"];

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/threads/{thread_id}", get(show))
        .route("/threads/{thread_id}/replies", post(reply))
        .route("/threads/{thread_id}/{action}", post(set_state))
        .route("/messages/{message_id}/edit", post(edit))
        .route("/messages/{message_id}/reactions", post(react))
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage {
    layout: Layout,
    thread_id: String,
    /// This page, for forms to return to.
    back: String,
    channel_id: String,
    channel_name: String,
    title: String,
    resolved: bool,
    messages: Vec<MessageLine>,
    asks: Vec<AskBlock>,
    people: Vec<MemberView>,
    composer_id: &'static str,
    quick_reactions: [&'static str; 4],
    draft: ReplyDraft,
}

#[derive(Debug)]
struct MessageLine {
    id: String,
    author: String,
    mine: bool,
    posted: String,
    posted_iso: String,
    html: String,
    body: String,
    edited: Option<String>,
    history: Vec<(String, String)>,
    reactions: Vec<(String, usize, bool)>,
}

/// One request in the thread's asks panel.
#[derive(Debug)]
struct AskBlock {
    request_id: String,
    kind: String,
    urgency: String,
    requester: String,
    mine: bool,
    message_id: String,
    obligations: Vec<ObligationLine>,
}

#[derive(Debug)]
struct ObligationLine {
    request_id: String,
    recipient: String,
    is_viewer: bool,
    status: String,
    open: bool,
    due_local: String,
    due_theirs: Option<String>,
    due_iso: String,
    overdue: bool,
}

async fn show(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(thread_id): Path<String>,
) -> PageResult {
    render(&thread_page(&state, &viewer, &thread_id, ReplyDraft::default()).await?)
}

/// What the writer typed into the reply form, kept when it is shown again with an error.
#[derive(Debug, Default)]
struct ReplyDraft {
    body: String,
    error: Option<String>,
}

async fn thread_page(
    state: &ServerState,
    viewer: &Viewer,
    thread_id: &str,
    draft: ReplyDraft,
) -> Result<ThreadPage, WebError> {
    let detail = state.app.thread(&viewer.actor, thread_id).await?;
    let channel = state
        .app
        .channel(&viewer.actor, &detail.thread.channel_id)
        .await?;
    state.app.mark_read(&viewer.actor, thread_id).await?;
    let people = Directory::load(state, viewer).await?;
    let zone = viewer.me.time_zone.clone();
    let me = viewer.me.id.clone();
    let messages = detail
        .messages
        .into_iter()
        .map(|m| message_line(m, &people, &zone, &me))
        .collect();
    let asks = detail
        .requests
        .iter()
        .map(|r| ask_block(r, &people, &zone, &me))
        .collect();
    let members = state.app.members(&viewer.actor).await?;
    Ok(ThreadPage {
        layout: viewer.layout(detail.thread.title.clone(), "channels"),
        back: format!("/threads/{}", detail.thread.id),
        thread_id: detail.thread.id,
        channel_id: channel.id,
        channel_name: channel.name,
        title: detail.thread.title,
        resolved: detail.thread.status == "resolved",
        messages,
        asks,
        people: recipients(members, viewer),
        composer_id: "reply",
        quick_reactions: QUICK_REACTIONS,
        draft,
    })
}

fn message_line(m: MessageView, people: &Directory, zone: &str, me: &str) -> MessageLine {
    let mut reactions: Vec<(String, usize, bool)> = Vec::new();
    for r in &m.reactions {
        match reactions.iter_mut().find(|(emoji, ..)| *emoji == r.emoji) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 |= r.member_id == me;
            }
            None => reactions.push((r.emoji.clone(), 1, r.member_id == me)),
        }
    }
    MessageLine {
        author: people.name(&m.author_id),
        mine: m.author_id == me,
        posted: when::local(m.created_at, zone),
        posted_iso: when::iso(m.created_at),
        html: markdown::render(&m.body),
        edited: m.edited_at.map(|t| when::local(t, zone)),
        history: m
            .edits
            .iter()
            .map(|e| (when::local(e.edited_at, zone), e.previous_body.clone()))
            .collect(),
        reactions,
        body: m.body,
        id: m.id,
    }
}

fn ask_block(r: &RequestView, people: &Directory, zone: &str, me: &str) -> AskBlock {
    AskBlock {
        request_id: r.id.clone(),
        kind: r.kind.clone(),
        urgency: r.urgency.clone(),
        requester: people.name(&r.requester_id),
        mine: r.requester_id == me,
        message_id: r.message_id.clone(),
        obligations: r
            .obligations
            .iter()
            .map(|o| {
                let theirs = people.get(&o.member_id).map(|m| m.time_zone.clone());
                ObligationLine {
                    request_id: r.id.clone(),
                    recipient: people.name(&o.member_id),
                    is_viewer: o.member_id == me,
                    open: matches!(o.status.as_str(), "pending" | "acknowledged"),
                    status: o.status.clone(),
                    due_local: when::local(o.due_at, zone),
                    due_theirs: theirs
                        .filter(|t| t != zone)
                        .map(|t| format!("{} in {}", when::local(o.due_at, &t), when::place(&t))),
                    due_iso: when::iso(o.due_at),
                    overdue: o.overdue,
                }
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize)]
struct ReplyInput {
    #[serde(default)]
    body: String,
    #[serde(flatten)]
    ask: AskFields,
}

async fn reply(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(thread_id): Path<String>,
    CsrfForm(input): CsrfForm<ReplyInput>,
) -> PageResult {
    let attempt = async {
        let new = NewReply {
            body: input.body.clone(),
            request: input.ask.request(&viewer.me.time_zone)?,
            idempotency_key: None,
        };
        Ok::<_, WebError>(state.app.reply(&viewer.actor, &thread_id, new).await?)
    };
    match attempt.await {
        Ok(posted) => Ok(
            Redirect::to(&format!("/threads/{thread_id}#m-{}", posted.message_id)).into_response(),
        ),
        // Shown again with what was typed, and what to fix; nothing was posted.
        Err(WebError::Invalid { field, message }) => {
            let draft = ReplyDraft {
                body: input.body,
                error: Some(format!("{field}: {message}")),
            };
            let page = thread_page(&state, &viewer, &thread_id, draft).await?;
            render_with(StatusCode::BAD_REQUEST, &page)
        }
        Err(other) => Err(other),
    }
}

#[derive(Debug, Deserialize)]
struct Empty {}

async fn set_state(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path((thread_id, action)): Path<(String, String)>,
    CsrfForm(Empty {}): CsrfForm<Empty>,
) -> PageResult {
    match action.as_str() {
        "resolve" => state.app.resolve_thread(&viewer.actor, &thread_id).await?,
        "reopen" => state.app.reopen_thread(&viewer.actor, &thread_id).await?,
        _ => return Err(WebError::NotFound),
    };
    Ok(Redirect::to(&format!("/threads/{thread_id}")).into_response())
}

#[derive(Debug, Deserialize)]
struct EditInput {
    #[serde(default)]
    body: String,
}

async fn edit(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(message_id): Path<String>,
    CsrfForm(input): CsrfForm<EditInput>,
) -> PageResult {
    let message = state
        .app
        .edit_message(&viewer.actor, &message_id, &input.body)
        .await?;
    Ok(Redirect::to(&format!("/threads/{}#m-{}", message.thread_id, message.id)).into_response())
}

#[derive(Debug, Deserialize)]
struct ReactInput {
    #[serde(default)]
    emoji: String,
    #[serde(default)]
    thread_id: String,
}

async fn react(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(message_id): Path<String>,
    CsrfForm(input): CsrfForm<ReactInput>,
) -> PageResult {
    state
        .app
        .react(&viewer.actor, &message_id, &input.emoji)
        .await?;
    let back = super::asks::safe_next(&format!("/threads/{}#m-{message_id}", input.thread_id));
    Ok(Redirect::to(&back).into_response())
}
