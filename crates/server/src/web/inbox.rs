//! The inbox, at `/`: "Needs you" (asks waiting on the viewer, with due times in their zone and
//! in working time left), "Waiting on others" (the viewer's open asks, per recipient) and
//! "Unread threads". Lists come from `App::inbox_page`, a page of each; a list with more has a
//! "More" link that pages it (keeping the other lists where they are). Actions post to
//! [`super::asks`].

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use sundial_app::inbox::{AskItem, InboxPaging};

use super::page::{Layout, PageResult, WebError, render};
use super::people::Directory;
use super::session::Viewer;
use super::when;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/", get(inbox))
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    layout: Layout,
    needs_me: Vec<AskLine>,
    waiting_on: Vec<RecipientGroup>,
    unread: Vec<UnreadLine>,
    /// Links to each list's next page, when it has one.
    more_needs_me: Option<String>,
    more_waiting_on: Option<String>,
    more_unread: Option<String>,
    /// Delivered notifications not yet read; they are listed on the digest page.
    unread_notifications: i64,
}

/// Which page of each list to show: the cursor of each list's "More" link (none: the first page),
/// named as in the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
struct Pages {
    #[serde(skip_serializing_if = "Option::is_none")]
    needs_me_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting_on_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unread_cursor: Option<String>,
}

impl Pages {
    /// The link to these pages with one list moved on by `change`.
    fn link(&self, next: Option<String>, change: impl FnOnce(&mut Self, String)) -> Option<String> {
        let mut pages = self.clone();
        change(&mut pages, next?);
        serde_urlencoded::to_string(&pages)
            .ok()
            .map(|query| format!("/?{query}"))
    }
}

/// One ask as a line of the inbox.
#[derive(Debug)]
pub(crate) struct AskLine {
    pub(crate) request_id: String,
    pub(crate) kind: String,
    pub(crate) urgency: String,
    pub(crate) status: String,
    pub(crate) thread_id: String,
    pub(crate) message_id: String,
    pub(crate) thread_title: String,
    pub(crate) asker: String,
    /// The due time on the viewer's clock.
    pub(crate) due_local: String,
    /// The due time on the recipient's clock, when that is not the viewer.
    pub(crate) due_theirs: Option<String>,
    pub(crate) due_iso: String,
    pub(crate) relative: String,
    pub(crate) overdue: bool,
}

/// The viewer's open asks to one person.
#[derive(Debug)]
struct RecipientGroup {
    member_id: String,
    name: String,
    place: String,
    /// Their wall clock now and whether they are working: "23:00 there, not working".
    clock: String,
    asks: Vec<AskLine>,
}

#[derive(Debug)]
struct UnreadLine {
    thread_id: String,
    title: String,
    last_author: String,
    last_activity: String,
    last_activity_iso: String,
}

async fn inbox(
    State(state): State<ServerState>,
    viewer: Result<Viewer, WebError>,
    Query(pages): Query<Pages>,
) -> PageResult {
    let viewer = match viewer {
        Ok(viewer) => viewer,
        // `/` is where everyone starts: before setup it leads to the setup form.
        Err(WebError::SignInThenReturn(_)) if !state.app.is_set_up().await? => {
            return Ok(Redirect::to("/setup").into_response());
        }
        // The inbox is the default destination: no need to spell it out.
        Err(WebError::SignInThenReturn(_)) => return Err(WebError::SignInFirst),
        Err(error) => return Err(error),
    };
    let paging = InboxPaging {
        limit: None,
        needs_me_cursor: pages.needs_me_cursor.clone(),
        waiting_on_cursor: pages.waiting_on_cursor.clone(),
        unread_cursor: pages.unread_cursor.clone(),
    };
    let inbox = state.app.inbox_page(&viewer.actor, &paging).await?;
    let people = Directory::load(&state, &viewer).await?;
    let zone = viewer.me.time_zone.clone();
    let line = |item: &AskItem| ask_line(item, &people, &zone);
    let mut waiting_on: Vec<RecipientGroup> = Vec::new();
    for item in &inbox.waiting_on {
        let ask = line(item);
        match waiting_on
            .iter_mut()
            .find(|g| g.member_id == item.member_id)
        {
            Some(group) => group.asks.push(ask),
            None => waiting_on.push(RecipientGroup {
                member_id: item.member_id.clone(),
                name: people.name(&item.member_id),
                place: people
                    .get(&item.member_id)
                    .map(|m| when::place(&m.time_zone))
                    .unwrap_or_default(),
                clock: people
                    .get(&item.member_id)
                    .map(|m| {
                        let time = m.local_time.split_once('T').map_or("", |(_, t)| t);
                        let working = if m.working_now {
                            "working"
                        } else {
                            "not working"
                        };
                        format!("{time} there, {working}")
                    })
                    .unwrap_or_default(),
                asks: vec![ask],
            }),
        }
    }
    render(&InboxPage {
        layout: viewer.layout("Inbox", "inbox"),
        needs_me: inbox.needs_me.iter().map(line).collect(),
        waiting_on,
        more_needs_me: pages.link(inbox.needs_me_next_cursor, |p, c| {
            p.needs_me_cursor = Some(c)
        }),
        more_waiting_on: pages.link(inbox.waiting_on_next_cursor, |p, c| {
            p.waiting_on_cursor = Some(c)
        }),
        more_unread: pages.link(inbox.unread_next_cursor, |p, c| p.unread_cursor = Some(c)),
        unread_notifications: inbox.unread_notifications,
        unread: inbox
            .unread
            .iter()
            .map(|u| UnreadLine {
                thread_id: u.thread_id.clone(),
                title: u.title.clone(),
                last_author: people.name(&u.last_author_id),
                last_activity: when::local(u.last_activity_at, &zone),
                last_activity_iso: when::iso(u.last_activity_at),
            })
            .collect(),
    })
}

/// An ask as shown to a viewer in `zone`: the due time on their clock, and on the recipient's
/// when the recipient is someone in another zone.
pub(crate) fn ask_line(item: &AskItem, people: &Directory, zone: &str) -> AskLine {
    let recipient_zone = people.get(&item.member_id).map(|m| m.time_zone.as_str());
    let due_theirs = recipient_zone
        .filter(|theirs| *theirs != zone)
        .map(|theirs| {
            format!(
                "{} in {}",
                when::local(item.due_at, theirs),
                when::place(theirs)
            )
        });
    AskLine {
        request_id: item.request_id.clone(),
        kind: item.kind.clone(),
        urgency: item.urgency.clone(),
        status: item.status.clone(),
        thread_id: item.thread_id.clone(),
        message_id: item.message_id.clone(),
        thread_title: item.thread_title.clone(),
        asker: people.name(&item.requester_id),
        due_local: when::local(item.due_at, zone),
        due_theirs,
        due_iso: when::iso(item.due_at),
        relative: when::working_left(item.working_minutes_left, item.overdue),
        overdue: item.overdue,
    }
}
