//! How notifications and digests look to their member (and to the digest email).

use jiff::Timestamp;
use serde::Serialize;
use sundial_store::records::digests::DigestRow;
use sundial_store::records::notifications::NotificationRow;
use sundial_store::time::from_millis;

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: String,
    /// `ask`, `reply`, `mention`, `coming_due`, `overdue`, `ask_answered` or `ask_overdue`.
    pub kind: String,
    pub thread_id: String,
    pub thread_title: String,
    pub channel_id: String,
    pub message_id: Option<String>,
    pub request_id: Option<String>,
    /// Who caused it; `null` for timers (coming due, overdue).
    pub actor_id: Option<String>,
    /// An urgent ask: it may break through focus.
    pub urgent: bool,
    /// The obligation's due time, for asks and their reminders.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
    /// Kind-specific details: for `ask_answered` the `action` (`replied`, `acknowledged`,
    /// `done`, `declined`, `promised`) and the recipient's `member_id` and `status`. A member
    /// holds one undelivered `reply` notification per thread, standing for every reply until it
    /// is delivered; once delivered its detail counts them: `replies`, `author_ids` (in order
    /// of their first reply), `first_at` and `last_at`.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// The instant the delivery policy chose; `null` while an open-ended status holds it.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deliver_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<Timestamp>,
    pub digest_id: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub read_at: Option<Timestamp>,
}

impl NotificationView {
    pub(crate) fn new(row: &NotificationRow, thread_title: &str) -> Self {
        let detail: serde_json::Value =
            serde_json::from_str(&row.detail).unwrap_or(serde_json::Value::Null);
        let due_at = detail
            .get("due_at")
            .and_then(|v| v.as_str())
            .and_then(|t| t.parse().ok());
        Self {
            id: row.id.clone(),
            kind: row.kind.clone(),
            thread_id: row.thread_id.clone(),
            thread_title: thread_title.to_owned(),
            channel_id: row.channel_id.clone(),
            message_id: row.message_id.clone(),
            request_id: row.request_id.clone(),
            actor_id: row.actor_id.clone(),
            urgent: row.urgent,
            due_at,
            detail,
            created_at: from_millis(row.created_at),
            deliver_at: row.deliver_at.map(from_millis),
            delivered_at: row.delivered_at.map(from_millis),
            digest_id: row.digest_id.clone(),
            read_at: row.read_at.map(from_millis),
        }
    }
}

/// A page of delivered notifications, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub next_cursor: Option<String>,
}

/// A page of digests, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DigestPage {
    pub items: Vec<DigestView>,
    pub next_cursor: Option<String>,
}

/// Followed-thread activity in a digest, summarised per thread.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ThreadActivity {
    pub thread_id: String,
    pub thread_title: String,
    pub channel_id: String,
    /// How many replies arrived.
    pub replies: usize,
    /// Who wrote them, in order of their first reply.
    pub author_ids: Vec<String>,
    #[schema(value_type = String, format = DateTime)]
    pub first_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub last_at: Timestamp,
}

/// A digest's contents, in the order the issue gives: asks coming due or overdue (soonest due
/// first), new asks (soonest due first), mentions, news of my own asks, then followed-thread
/// activity per thread.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DigestSections {
    pub due_soon: Vec<NotificationView>,
    pub new_asks: Vec<NotificationView>,
    pub mentions: Vec<NotificationView>,
    pub my_asks: Vec<NotificationView>,
    pub threads: Vec<ThreadActivity>,
}

/// One digest.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DigestView {
    pub id: String,
    pub member_id: String,
    #[schema(value_type = String, format = DateTime)]
    pub delivered_at: Timestamp,
    /// The first delivery after time off or an away status ("while you were away").
    pub while_away: bool,
    pub item_count: i64,
    pub sections: DigestSections,
}

impl DigestView {
    /// Sorts a digest's notifications into its sections.
    pub(crate) fn new(row: &DigestRow, items: Vec<NotificationView>) -> Self {
        let mut sections = DigestSections {
            due_soon: Vec::new(),
            new_asks: Vec::new(),
            mentions: Vec::new(),
            my_asks: Vec::new(),
            threads: Vec::new(),
        };
        for item in items {
            match item.kind.as_str() {
                "coming_due" | "overdue" => sections.due_soon.push(item),
                "ask" => sections.new_asks.push(item),
                "mention" => sections.mentions.push(item),
                "ask_answered" | "ask_overdue" => sections.my_asks.push(item),
                _ => add_activity(&mut sections.threads, &item),
            }
        }
        let by_due = |a: &NotificationView, b: &NotificationView| {
            (a.due_at, a.created_at, &a.id).cmp(&(b.due_at, b.created_at, &b.id))
        };
        sections.due_soon.sort_by(by_due);
        sections.new_asks.sort_by(by_due);
        Self {
            id: row.id.clone(),
            member_id: row.member_id.clone(),
            delivered_at: from_millis(row.delivered_at),
            while_away: row.while_away,
            item_count: row.item_count,
            sections,
        }
    }
}

/// Adds a reply notification to its thread's summary (items arrive oldest first). A delivered
/// one carries in its detail the replies it stood for; one without (delivered before replies
/// were counted) stands for its own reply.
fn add_activity(threads: &mut Vec<ThreadActivity>, item: &NotificationView) {
    let detail = &item.detail;
    let instant = |key: &str| {
        detail
            .get(key)
            .and_then(|v| v.as_str())
            .and_then(|t| t.parse::<Timestamp>().ok())
            .unwrap_or(item.created_at)
    };
    let (first_at, last_at) = (instant("first_at"), instant("last_at"));
    let replies = detail
        .get("replies")
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(1);
    let authors: Vec<String> = match detail.get("author_ids").and_then(|v| v.as_array()) {
        Some(ids) => ids
            .iter()
            .filter_map(|id| id.as_str().map(str::to_owned))
            .collect(),
        None => vec![item.actor_id.clone().unwrap_or_default()],
    };
    let Some(summary) = threads.iter_mut().find(|t| t.thread_id == item.thread_id) else {
        threads.push(ThreadActivity {
            thread_id: item.thread_id.clone(),
            thread_title: item.thread_title.clone(),
            channel_id: item.channel_id.clone(),
            replies,
            author_ids: authors,
            first_at,
            last_at,
        });
        return;
    };
    summary.replies += replies;
    summary.first_at = summary.first_at.min(first_at);
    summary.last_at = summary.last_at.max(last_at);
    for author in authors {
        if !summary.author_ids.contains(&author) {
            summary.author_ids.push(author);
        }
    }
}
