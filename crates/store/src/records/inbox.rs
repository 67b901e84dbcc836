//! The inbox's three lists: what needs me, what I wait on, and unread threads I follow.

use crate::{Conn, Sql, StoreError};

/// An open obligation with the context the inbox shows.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct OpenAskRow {
    pub request_id: String,
    pub member_id: String,
    pub status: String,
    pub due_at: i64,
    pub original_due_at: i64,
    pub kind: String,
    pub urgency: String,
    pub requester_id: String,
    pub message_id: String,
    pub asked_at: i64,
    pub thread_id: String,
    pub thread_title: String,
    pub channel_id: String,
}

const OPEN_ASK_COLUMNS: &str = "o.request_id, o.member_id, o.status, o.due_at, \
     o.original_due_at, r.kind, r.urgency, r.requester_id, r.message_id, \
     r.created_at AS asked_at, r.thread_id, t.title AS thread_title, t.channel_id";

/// Where a page of `needs_me` or `waiting_on` resumes: the sort key of the last row of the
/// previous page. `needs_me` ignores `member_id` (it is always the reader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskKey {
    pub due_at: i64,
    pub request_id: String,
    pub member_id: String,
}

impl AskKey {
    /// The key of `row`, to resume after it.
    pub fn of(row: &OpenAskRow) -> Self {
        Self {
            due_at: row.due_at,
            request_id: row.request_id.clone(),
            member_id: row.member_id.clone(),
        }
    }
}

/// A page of a member's open obligations by due time, then request id, after `after`. Overdue
/// ones have the earliest due times, so this order is also "overdue first, then by due time".
/// A walk of `obligations_open_by_member` that stops at `limit`.
pub async fn needs_me(
    c: &mut Conn<'_>,
    member_id: &str,
    after: Option<&AskKey>,
    limit: i64,
) -> Result<Vec<OpenAskRow>, StoreError> {
    // The first page starts before every key: no due time is i64::MIN, no request id is "".
    let (due_at, request_id) = after.map_or((i64::MIN, ""), |k| (k.due_at, &k.request_id));
    // Keyset paging written as a range on the index's first sort column plus a tie-break, so
    // both databases seek to the cursor instead of walking the pages before it.
    let sql = format!(
        "SELECT {OPEN_ASK_COLUMNS} FROM obligations o \
         JOIN requests r ON r.id = o.request_id JOIN threads t ON t.id = r.thread_id \
         WHERE o.member_id = $1 AND o.status IN ('pending', 'acknowledged') \
         AND o.due_at >= $2 AND (o.due_at > $2 OR o.request_id > $3) \
         ORDER BY o.due_at, o.request_id LIMIT $4"
    );
    let rows = Sql::new(&sql)
        .bind(member_id)
        .bind(due_at)
        .bind(request_id)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// A page of the open obligations of others on asks this member made, by due time, then
/// request and recipient, after `after`. A walk of `obligations_open_by_requester`.
pub async fn waiting_on(
    c: &mut Conn<'_>,
    member_id: &str,
    after: Option<&AskKey>,
    limit: i64,
) -> Result<Vec<OpenAskRow>, StoreError> {
    let (due_at, request_id, recipient) = after.map_or((i64::MIN, "", ""), |k| {
        (k.due_at, k.request_id.as_str(), k.member_id.as_str())
    });
    let sql = format!(
        "SELECT {OPEN_ASK_COLUMNS} FROM obligations o \
         JOIN requests r ON r.id = o.request_id JOIN threads t ON t.id = r.thread_id \
         WHERE o.requester_id = $1 AND o.status IN ('pending', 'acknowledged') \
         AND o.due_at >= $2 AND (o.due_at > $2 OR o.request_id > $3 \
              OR (o.request_id = $3 AND o.member_id > $4)) \
         ORDER BY o.due_at, o.request_id, o.member_id LIMIT $5"
    );
    let rows = Sql::new(&sql)
        .bind(member_id)
        .bind(due_at)
        .bind(request_id)
        .bind(recipient)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// A followed thread with activity by someone else since the member last read it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct UnreadRow {
    pub thread_id: String,
    pub channel_id: String,
    pub title: String,
    pub last_activity_at: i64,
    pub last_author_id: String,
    pub read_at: Option<i64>,
    /// When it became unread: the first activity by someone else after the member last read it
    /// or posted in it.
    pub unread_since: i64,
}

/// Where a page of `unread` resumes: the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadKey {
    pub unread_since: i64,
    pub thread_id: String,
}

impl UnreadKey {
    /// The key of `row`, to resume after it.
    pub fn of(row: &UnreadRow) -> Self {
        Self {
            unread_since: row.unread_since,
            thread_id: row.thread_id.clone(),
        }
    }
}

/// A page of followed threads with activity by others after the member's read marker, the
/// most recently turned unread first (ties by thread id), after `after`. It walks
/// `thread_followers_unread`, which holds the member's unread threads only, and reads the
/// threads themselves only for those. The activity checks repeat what `unread_since` says, so
/// that on PostgreSQL a reply committing just after a read marker overtook it is not listed.
pub async fn unread(
    c: &mut Conn<'_>,
    member_id: &str,
    after: Option<&UnreadKey>,
    limit: i64,
) -> Result<Vec<UnreadRow>, StoreError> {
    // The first page starts after every key: nothing is unread since i64::MAX, no id is "".
    let (since, thread_id) =
        after.map_or((i64::MAX, ""), |k| (k.unread_since, k.thread_id.as_str()));
    let rows = Sql::new(
        "SELECT f.thread_id, t.channel_id, t.title, t.last_activity_at, t.last_author_id, \
             m.read_at, f.unread_since FROM thread_followers f \
             JOIN threads t ON t.id = f.thread_id \
             LEFT JOIN read_markers m ON m.member_id = f.member_id AND m.thread_id = f.thread_id \
             WHERE f.member_id = $1 AND f.unread_since IS NOT NULL \
             AND f.unread_since <= $2 AND (f.unread_since < $2 OR f.thread_id > $3) \
             AND t.last_author_id <> $1 AND t.last_activity_at > COALESCE(m.read_at, 0) \
             ORDER BY f.unread_since DESC, f.thread_id LIMIT $4",
    )
    .bind(member_id)
    .bind(since)
    .bind(thread_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    Ok(rows)
}
