//! Events: recording one with each change, and reading them back filtered by what the reader
//! may see. Live updates (SSE) and audit are built on this.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::Serialize;
use sundial_store::Conn;
use sundial_store::records::{channels, events};
use sundial_store::time::{from_millis, to_millis};

use crate::{Actor, App, AppResult};

/// Who an event is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Audience<'a> {
    /// Everyone in the workspace.
    Workspace,
    /// Everyone who can see the channel.
    Channel(&'a str),
    /// One member.
    Member(&'a str),
}

/// Appends an event in the caller's transaction. It is numbered by the time the write is
/// acknowledged on SQLite, just after its commit on PostgreSQL (readers settle first), so
/// nothing here knows its number.
pub(crate) async fn record(
    c: &mut Conn<'_>,
    actor: &Actor,
    kind: &str,
    audience: Audience<'_>,
    payload: serde_json::Value,
    now: Timestamp,
) -> AppResult<()> {
    let payload = payload.to_string();
    events::append(c, &new_event(actor, kind, audience, &payload, now)).await?;
    Ok(())
}

/// The event [`record`] appends, for a store function that appends it in a statement of its
/// own making (a reply's, on PostgreSQL).
pub(crate) fn new_event<'a>(
    actor: &'a Actor,
    kind: &'a str,
    audience: Audience<'a>,
    payload: &'a str,
    now: Timestamp,
) -> events::NewEvent<'a> {
    let (channel_id, member_id) = match audience {
        Audience::Workspace => (None, None),
        Audience::Channel(id) => (Some(id), None),
        Audience::Member(id) => (None, Some(id)),
    };
    events::NewEvent {
        workspace_id: actor.workspace_id.as_str(),
        kind,
        channel_id,
        member_id,
        actor_id: Some(actor.member_id.as_str()),
        payload,
        created_at: to_millis(now),
    }
}

/// One event as a reader sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    /// The per-workspace sequence number: the SSE `id:`.
    pub seq: i64,
    pub kind: String,
    pub channel_id: Option<String>,
    pub actor_id: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of visible events and how far the log was read, so a caller resumes after
/// `last_seq` even when the tail of the page was filtered out.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventsPage {
    pub events: Vec<EventView>,
    pub last_seq: i64,
}

impl App {
    /// The events after `after` that `actor` may see: workspace-wide ones, those of channels
    /// they can see, and their own personal ones. Reads at most `limit` log entries, including
    /// the events of every write that returned before this call.
    pub async fn events_after(
        &self,
        actor: &Actor,
        after: i64,
        limit: i64,
    ) -> AppResult<EventsPage> {
        self.store().settle_events().await;
        self.numbered_events_after(actor, after, limit).await
    }

    /// [`App::events_after`] without waiting for events still being numbered: for a live feed
    /// woken by [`sundial_store::Store::commits`], which signals once they are numbered.
    pub async fn numbered_events_after(
        &self,
        actor: &Actor,
        after: i64,
        limit: i64,
    ) -> AppResult<EventsPage> {
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let ceiling = self.store().event_ceiling();
        let rows =
            events::after(&mut c, actor.workspace_id.as_str(), after, limit, ceiling).await?;
        let visible: HashSet<String> = channels::visible_to(
            &mut c,
            actor.workspace_id.as_str(),
            actor.member_id.as_str(),
            actor.is_guest(),
        )
        .await?
        .into_iter()
        .map(|channel| channel.id)
        .collect();
        let last_seq = rows.last().map_or(after, |row| row.seq);
        let me = actor.member_id.as_str();
        let events = rows
            .into_iter()
            .filter(|row| match (&row.channel_id, &row.member_id) {
                (Some(channel), _) => visible.contains(channel),
                (None, Some(member)) => member == me,
                (None, None) => true,
            })
            .map(|row| EventView {
                seq: row.seq,
                kind: row.kind,
                channel_id: row.channel_id,
                actor_id: row.actor_id,
                created_at: from_millis(row.created_at),
                data: serde_json::from_str(&row.payload).unwrap_or(serde_json::Value::Null),
            })
            .collect();
        Ok(EventsPage { events, last_seq })
    }
}

/// Appends an event for one member only, caused by no one (a job's delivery), in the caller's
/// transaction.
pub(crate) async fn record_for_member(
    c: &mut Conn<'_>,
    workspace_id: &str,
    member_id: &str,
    kind: &str,
    payload: serde_json::Value,
    now: Timestamp,
) -> AppResult<()> {
    let payload = payload.to_string();
    events::append(
        c,
        &events::NewEvent {
            workspace_id,
            kind,
            channel_id: None,
            member_id: Some(member_id),
            actor_id: None,
            payload: &payload,
            created_at: to_millis(now),
        },
    )
    .await?;
    Ok(())
}

impl App {
    /// The sequence number of the latest event in the actor's workspace. A page reads it before
    /// loading what it shows, then follows the log from there: an event racing the page load is
    /// at worst seen twice, never missed.
    pub async fn events_head(&self, actor: &Actor) -> AppResult<i64> {
        let mut reader = self.store().read().await?;
        let ceiling = self.store().event_ceiling();
        Ok(events::head(&mut reader.conn(), actor.workspace_id.as_str(), ceiling).await?)
    }
}
