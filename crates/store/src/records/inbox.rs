//! The inbox's three lists: what needs me, what I wait on, and unread threads I follow.

use crate::{Conn, StoreError, on_backend};

/// An open obligation with the context the inbox shows.
#[derive(Debug, Clone, sqlx::FromRow)]
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

/// A member's open obligations by due time. Overdue ones have the earliest due times, so
/// this order is also "overdue first, then by due time".
pub async fn needs_me(
    c: &mut Conn<'_>,
    member_id: &str,
    limit: i64,
) -> Result<Vec<OpenAskRow>, StoreError> {
    let sql = format!(
        "SELECT {OPEN_ASK_COLUMNS} FROM obligations o \
         JOIN requests r ON r.id = o.request_id JOIN threads t ON t.id = r.thread_id \
         WHERE o.member_id = $1 AND o.status IN ('pending', 'acknowledged') \
         ORDER BY o.due_at, o.request_id LIMIT $2"
    );
    let rows = on_backend!(c, |c| sqlx::query_as(&sql)
        .bind(member_id)
        .bind(limit)
        .fetch_all(&mut **c)
        .await)?;
    Ok(rows)
}

/// The open obligations of others on asks this member made, by due time.
pub async fn waiting_on(
    c: &mut Conn<'_>,
    member_id: &str,
    limit: i64,
) -> Result<Vec<OpenAskRow>, StoreError> {
    let sql = format!(
        "SELECT {OPEN_ASK_COLUMNS} FROM requests r \
         JOIN obligations o ON o.request_id = r.id JOIN threads t ON t.id = r.thread_id \
         WHERE r.requester_id = $1 AND o.status IN ('pending', 'acknowledged') \
         ORDER BY o.due_at, o.request_id, o.member_id LIMIT $2"
    );
    let rows = on_backend!(c, |c| sqlx::query_as(&sql)
        .bind(member_id)
        .bind(limit)
        .fetch_all(&mut **c)
        .await)?;
    Ok(rows)
}

/// A followed thread with activity by someone else since the member last read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnreadRow {
    pub thread_id: String,
    pub channel_id: String,
    pub title: String,
    pub last_activity_at: i64,
    pub last_author_id: String,
    pub read_at: Option<i64>,
}

/// Followed threads with activity by others after the member's read marker, newest first.
pub async fn unread(
    c: &mut Conn<'_>,
    member_id: &str,
    limit: i64,
) -> Result<Vec<UnreadRow>, StoreError> {
    let rows = on_backend!(c, |c| {
        sqlx::query_as(
        "SELECT t.id AS thread_id, t.channel_id, t.title, t.last_activity_at, t.last_author_id, \
         m.read_at FROM thread_followers f JOIN threads t ON t.id = f.thread_id \
         LEFT JOIN read_markers m ON m.member_id = f.member_id AND m.thread_id = f.thread_id \
         WHERE f.member_id = $1 AND t.last_author_id <> $1 \
         AND t.last_activity_at > COALESCE(m.read_at, 0) \
         ORDER BY t.last_activity_at DESC, t.id LIMIT $2"
    )
    .bind(member_id)
    .bind(limit)
    .fetch_all(&mut **c)
    .await
    })?;
    Ok(rows)
}
