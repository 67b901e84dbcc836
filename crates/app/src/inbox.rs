//! The inbox: what needs me (by due time, overdue first), what I wait on, and unread threads I
//! follow.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;
use sundial_core::Schedule;
use sundial_store::records::inbox::{self, OpenAskRow, UnreadRow};
use sundial_store::records::{members, notifications};
use sundial_store::time::from_millis;

use crate::{Actor, App, AppResult, schedules};

/// Most entries per list; the inbox is a to-do list, not an archive.
const LIST_LIMIT: i64 = 500;

/// An open ask, from either side.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AskItem {
    pub request_id: String,
    pub kind: String,
    pub urgency: String,
    /// The recipient whose obligation this is.
    pub member_id: String,
    pub requester_id: String,
    pub status: String,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub original_due_at: Timestamp,
    pub overdue: bool,
    /// Working minutes on the recipient's calendar from now until the due time; negative once
    /// overdue (how many of their working minutes have passed since). "In 3 working hours".
    pub working_minutes_left: i64,
    #[schema(value_type = String, format = DateTime)]
    pub asked_at: Timestamp,
    pub thread_id: String,
    pub thread_title: String,
    pub channel_id: String,
    pub message_id: String,
}

impl AskItem {
    fn new(row: OpenAskRow, now: Timestamp, schedules: &HashMap<String, Schedule>) -> Self {
        let due_at = from_millis(row.due_at);
        let working_minutes_left = schedules.get(&row.member_id).map_or(0, |schedule| {
            if now < due_at {
                schedule.working_between(now, due_at).as_mins()
            } else {
                -schedule.working_between(due_at, now).as_mins()
            }
        });
        Self {
            request_id: row.request_id,
            kind: row.kind,
            urgency: row.urgency,
            member_id: row.member_id,
            requester_id: row.requester_id,
            status: row.status,
            due_at,
            original_due_at: from_millis(row.original_due_at),
            overdue: now >= due_at,
            working_minutes_left,
            asked_at: from_millis(row.asked_at),
            thread_id: row.thread_id,
            thread_title: row.thread_title,
            channel_id: row.channel_id,
            message_id: row.message_id,
        }
    }
}

/// A followed thread with something new.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnreadItem {
    pub thread_id: String,
    pub channel_id: String,
    pub title: String,
    #[schema(value_type = String, format = DateTime)]
    pub last_activity_at: Timestamp,
    pub last_author_id: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub read_at: Option<Timestamp>,
}

impl From<UnreadRow> for UnreadItem {
    fn from(row: UnreadRow) -> Self {
        Self {
            thread_id: row.thread_id,
            channel_id: row.channel_id,
            title: row.title,
            last_activity_at: from_millis(row.last_activity_at),
            last_author_id: row.last_author_id,
            read_at: row.read_at.map(from_millis),
        }
    }
}

/// The three lists of the inbox.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    pub needs_me: Vec<AskItem>,
    pub waiting_on: Vec<AskItem>,
    pub unread: Vec<UnreadItem>,
    /// Delivered notifications not read yet (held ones are not counted: they are not news
    /// until their instant).
    pub unread_notifications: i64,
}

impl App {
    /// The actor's inbox. `needs_me` is ordered overdue first, then by due time (the same
    /// order, since the overdue are exactly those due earliest).
    pub async fn inbox(&self, actor: &Actor) -> AppResult<Inbox> {
        let now = self.now();
        let me = actor.member_id.as_str();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let needs_me = inbox::needs_me(&mut c, me, LIST_LIMIT).await?;
        let waiting_on = inbox::waiting_on(&mut c, me, LIST_LIMIT).await?;
        let unread = inbox::unread(&mut c, me, LIST_LIMIT).await?;
        let unread_notifications = notifications::unread_count(&mut c, me).await?;
        // The recipients' calendars, for how much of their working time is left.
        let recipients: Vec<_> = members::list(&mut c, actor.workspace_id.as_str())
            .await?
            .into_iter()
            .filter(|m| {
                needs_me
                    .iter()
                    .chain(&waiting_on)
                    .any(|a| a.member_id == m.id)
            })
            .collect();
        let schedules =
            schedules::load(&mut c, actor.workspace_id.as_str(), &recipients, now).await?;
        let item = |r| AskItem::new(r, now, &schedules);
        Ok(Inbox {
            needs_me: needs_me.into_iter().map(item).collect(),
            waiting_on: waiting_on.into_iter().map(item).collect(),
            unread: unread.into_iter().map(UnreadItem::from).collect(),
            unread_notifications,
        })
    }
}
