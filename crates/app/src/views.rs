//! What use cases return: plain, serialisable views of records, with instants as RFC 3339 UTC and
//! everything derived (overdue, working now, local time) computed from the injected clock.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sundial_core::{Norms, NormsOverride, Schedule, WeeklyHours};
use sundial_store::records::channels::ChannelRow;
use sundial_store::records::members::MemberRow;
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::records::threads::ThreadRow;
use sundial_store::records::workspaces::WorkspaceRow;
use sundial_store::time::from_millis;

/// A workspace.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<&WorkspaceRow> for WorkspaceView {
    fn from(row: &WorkspaceRow) -> Self {
        Self {
            id: row.id.clone(),
            name: row.name.clone(),
            created_at: from_millis(row.created_at),
        }
    }
}

/// A member's status as set, with the mode in force now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatusView {
    pub mode: String,
    pub text: Option<String>,
    pub emoji: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub until: Option<Timestamp>,
}

/// A member with their clock: local time, whether they work now and when they next do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: String,
    pub workspace_id: String,
    pub email: String,
    pub name: String,
    pub handle: String,
    pub role: String,
    pub time_zone: String,
    /// `{"mon": [["09:00","17:00"]], …, "sun": []}`
    #[schema(value_type = Object)]
    pub working_hours: WeeklyHours,
    pub status: StatusView,
    /// `batched` (digests at check times) or `immediate`.
    pub delivery_mode: String,
    /// Local `"HH:MM"` check times for batched notifications.
    pub check_times: Vec<String>,
    pub email_notifications: bool,
    pub urgent_off_hours: bool,
    /// Local wall time now, `YYYY-MM-DDTHH:MM` in the member's zone.
    pub local_time: String,
    pub working_now: bool,
    #[schema(value_type = String, format = DateTime)]
    pub next_working_start: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl MemberView {
    /// The view of `row` at `now`, on the member's full `schedule`.
    pub(crate) fn new(row: &MemberRow, schedule: &Schedule, now: Timestamp) -> Self {
        let expired = row
            .status_until
            .is_some_and(|until| from_millis(until) <= now);
        let status = if expired {
            StatusView {
                mode: "available".to_owned(),
                text: None,
                emoji: None,
                until: None,
            }
        } else {
            StatusView {
                mode: row.status_mode.clone(),
                text: row.status_text.clone(),
                emoji: row.status_emoji.clone(),
                until: row.status_until.map(from_millis),
            }
        };
        Self {
            id: row.id.clone(),
            workspace_id: row.workspace_id.clone(),
            email: row.email.clone(),
            name: row.name.clone(),
            handle: row.handle.clone(),
            role: row.role.clone(),
            time_zone: row.time_zone.clone(),
            working_hours: schedule.hours.clone(),
            status,
            delivery_mode: row.delivery_mode.clone(),
            check_times: serde_json::from_str(&row.check_times).unwrap_or_default(),
            email_notifications: row.email_notifications,
            urgent_off_hours: row.urgent_off_hours,
            local_time: schedule
                .local_date_time(now)
                .strftime("%Y-%m-%dT%H:%M")
                .to_string(),
            working_now: schedule.is_working(now),
            next_working_start: schedule.next_working_start(now),
            created_at: from_millis(row.created_at),
        }
    }
}

/// A channel with its effective norms (workspace defaults with the channel's overrides).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub private: bool,
    /// Per urgency: `{"minutes": 480, "clock": "working"}`.
    #[schema(value_type = Object)]
    pub norms: Norms,
    #[schema(value_type = Object)]
    pub norms_override: NormsOverride,
    pub created_by: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl ChannelView {
    pub(crate) fn new(row: &ChannelRow, norms: Norms, norms_override: NormsOverride) -> Self {
        Self {
            id: row.id.clone(),
            name: row.name.clone(),
            purpose: row.purpose.clone(),
            private: row.private,
            norms,
            norms_override,
            created_by: row.created_by.clone(),
            created_at: from_millis(row.created_at),
        }
    }
}

/// A thread's header.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ThreadView {
    pub id: String,
    pub channel_id: String,
    pub title: String,
    pub author_id: String,
    /// `"open"` or `"resolved"`.
    pub status: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub last_activity_at: Timestamp,
    pub message_count: i64,
}

impl From<&ThreadRow> for ThreadView {
    fn from(row: &ThreadRow) -> Self {
        Self {
            id: row.id.clone(),
            channel_id: row.channel_id.clone(),
            title: row.title.clone(),
            author_id: row.author_id.clone(),
            status: if row.resolved_at.is_some() {
                "resolved"
            } else {
                "open"
            }
            .to_owned(),
            resolved_at: row.resolved_at.map(from_millis),
            resolved_by: row.resolved_by.clone(),
            created_at: from_millis(row.created_at),
            last_activity_at: from_millis(row.last_activity_at),
            message_count: row.message_count,
        }
    }
}

/// One recipient's side of a request.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ObligationView {
    pub member_id: String,
    pub status: String,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub original_due_at: Timestamp,
    pub overdue: bool,
}

impl ObligationView {
    pub(crate) fn new(row: &ObligationRow, now: Timestamp) -> Self {
        let due_at = from_millis(row.due_at);
        let open = matches!(row.status.as_str(), "pending" | "acknowledged");
        Self {
            member_id: row.member_id.clone(),
            status: row.status.clone(),
            due_at,
            original_due_at: from_millis(row.original_due_at),
            overdue: open && now >= due_at,
        }
    }
}

/// A request with one obligation per recipient.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestView {
    pub id: String,
    pub message_id: String,
    pub thread_id: String,
    pub requester_id: String,
    pub kind: String,
    pub urgency: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    pub obligations: Vec<ObligationView>,
}

impl RequestView {
    pub(crate) fn new(row: &RequestRow, obligations: &[ObligationRow], now: Timestamp) -> Self {
        Self {
            id: row.id.clone(),
            message_id: row.message_id.clone(),
            thread_id: row.thread_id.clone(),
            requester_id: row.requester_id.clone(),
            kind: row.kind.clone(),
            urgency: row.urgency.clone(),
            due_at: row.explicit_due_at.map(from_millis),
            created_at: from_millis(row.created_at),
            obligations: obligations
                .iter()
                .filter(|o| o.request_id == row.id)
                .map(|o| ObligationView::new(o, now))
                .collect(),
        }
    }
}
