//! The inbox's entries as the app shows them: an open ask (from either side) with the working
//! time left on the recipient's calendar, and an unread thread.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;
use sundial_core::Schedule;
use sundial_store::records::inbox::{OpenAskRow, UnreadRow};
use sundial_store::time::from_millis;

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
    pub(super) fn new(
        row: OpenAskRow,
        now: Timestamp,
        schedules: &HashMap<String, Schedule>,
    ) -> Self {
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
    /// When it became unread: the first reply by someone else since the member last read the
    /// thread or posted in it. `unread` lists the most recently turned unread first.
    #[schema(value_type = String, format = DateTime)]
    pub unread_since: Timestamp,
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
            unread_since: from_millis(row.unread_since),
        }
    }
}
