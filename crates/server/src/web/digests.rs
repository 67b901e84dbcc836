//! `/digests`: the viewer's digests, newest first (`App::digests`), each in the order:
//! due soon, new asks, mentions, news of my asks, then thread activity. Every item links to
//! its message in its thread; every time is in the viewer's zone.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;
use sundial_app::notifications::{DigestView, NotificationView, ThreadActivity};

use super::csrf::CsrfForm;
use super::page::{Layout, PageResult, render};
use super::people::Directory;
use super::session::Viewer;
use super::when;
use crate::ServerState;

/// How many digests a page shows.
const PAGE: i64 = 10;

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/digests", get(list))
        .route("/digests/read", post(mark_all_read))
}

#[derive(Debug, Default, Deserialize)]
struct Cursor {
    before: Option<String>,
}

#[derive(Template)]
#[template(path = "digests.html")]
struct DigestsPage {
    layout: Layout,
    digests: Vec<DigestBlock>,
    /// The link to older digests, if there are more.
    older: Option<String>,
    /// The viewer's check times in words, for the empty state.
    check_times: String,
    batched: bool,
    unread: i64,
}

/// The mark-all-read form carries nothing but its CSRF token.
#[derive(Debug, Default, Deserialize)]
struct NoFields {}

#[derive(Debug)]
struct DigestBlock {
    id: String,
    delivered: String,
    delivered_iso: String,
    while_away: bool,
    item_count: i64,
    /// `(heading, items)` for each non-empty section, in order.
    sections: Vec<(&'static str, Vec<ItemLine>)>,
    threads: Vec<ActivityLine>,
}

#[derive(Debug)]
struct ItemLine {
    href: String,
    title: String,
    what: String,
    due: Option<String>,
    urgent: bool,
}

#[derive(Debug)]
struct ActivityLine {
    href: String,
    title: String,
    what: String,
}

async fn list(
    State(state): State<ServerState>,
    viewer: Viewer,
    Query(cursor): Query<Cursor>,
) -> PageResult {
    let page = state
        .app
        .digests(&viewer.actor, cursor.before.as_deref(), Some(PAGE))
        .await?;
    let people = Directory::load(&state, &viewer).await?;
    let zone = viewer.me.time_zone.as_str();
    render(&DigestsPage {
        layout: viewer.layout("Digests", "digests"),
        digests: page.items.iter().map(|d| block(d, &people, zone)).collect(),
        older: page.next_cursor.map(|c| format!("/digests?before={c}")),
        check_times: viewer.me.check_times.join(", "),
        batched: viewer.me.delivery_mode == "batched",
        unread: state.app.unread_notification_count(&viewer.actor).await?,
    })
}

async fn mark_all_read(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(_): CsrfForm<NoFields>,
) -> PageResult {
    state.app.mark_all_notifications_read(&viewer.actor).await?;
    Ok(Redirect::to("/digests").into_response())
}

fn block(digest: &DigestView, people: &Directory, zone: &str) -> DigestBlock {
    let s = &digest.sections;
    let item = |n: &NotificationView| item_line(n, people, zone);
    let sections = [
        ("Coming due or overdue", &s.due_soon),
        ("New asks for you", &s.new_asks),
        ("Mentions", &s.mentions),
        ("Your asks", &s.my_asks),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(heading, items)| (heading, items.iter().map(item).collect()))
    .collect();
    DigestBlock {
        id: digest.id.clone(),
        delivered: when::local(digest.delivered_at, zone),
        delivered_iso: when::iso(digest.delivered_at),
        while_away: digest.while_away,
        item_count: digest.item_count,
        sections,
        threads: s.threads.iter().map(|a| activity_line(a, people)).collect(),
    }
}

fn item_line(n: &NotificationView, people: &Directory, zone: &str) -> ItemLine {
    let who = n.actor_id.as_deref().map(|id| people.name(id));
    let what = match (n.kind.as_str(), who) {
        ("ask", Some(who)) => format!("{who} asked you"),
        ("mention", Some(who)) => format!("{who} mentioned you"),
        ("reply", Some(who)) => match n.detail.get("replies").and_then(|r| r.as_u64()) {
            Some(count) if count > 1 => format!("{count} replies, the first by {who}"),
            _ => format!("{who} replied"),
        },
        ("coming_due", _) => "Coming due".to_owned(),
        ("overdue", _) => "Overdue".to_owned(),
        ("ask_answered", who) => answered(n, who.as_deref()),
        ("ask_overdue", _) => "Your ask is overdue".to_owned(),
        (other, _) => other.replace('_', " "),
    };
    ItemLine {
        href: message_link(&n.thread_id, n.message_id.as_deref()),
        title: n.thread_title.clone(),
        what,
        due: n.due_at.map(|t| when::local(t, zone)),
        urgent: n.urgent,
    }
}

/// "Kenji replied to your ask", from the notification's `detail.action`.
fn answered(n: &NotificationView, who: Option<&str>) -> String {
    let who = who.unwrap_or("Someone");
    match n.detail.get("action").and_then(|a| a.as_str()) {
        Some("replied") => format!("{who} replied to your ask"),
        Some("acknowledged") => format!("{who} acknowledged your ask"),
        Some("done") => format!("{who} marked your ask done"),
        Some("declined") => format!("{who} declined your ask"),
        Some("promised") => format!("{who} promised an answer"),
        _ => format!("{who} answered your ask"),
    }
}

fn activity_line(a: &ThreadActivity, people: &Directory) -> ActivityLine {
    let names: Vec<String> = a.author_ids.iter().map(|id| people.name(id)).collect();
    let replies = if a.replies == 1 {
        "1 reply".to_owned()
    } else {
        format!("{} replies", a.replies)
    };
    ActivityLine {
        href: message_link(&a.thread_id, None),
        title: a.thread_title.clone(),
        what: format!("{replies} from {}", names.join(", ")),
    }
}

fn message_link(thread_id: &str, message_id: Option<&str>) -> String {
    match message_id {
        Some(id) => format!("/threads/{thread_id}#m-{id}"),
        None => format!("/threads/{thread_id}"),
    }
}
