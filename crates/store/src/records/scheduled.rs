//! Scheduled messages: a thread or reply written now, posted by a job at `send_at`.

use crate::{Conn, Sql, StoreError};

/// A stored scheduled message. Exactly one of `channel_id` (a new thread) and `thread_id` (a
/// reply) is set.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct ScheduledRow {
    pub id: String,
    pub workspace_id: String,
    pub author_id: String,
    pub channel_id: Option<String>,
    pub thread_id: Option<String>,
    pub title: Option<String>,
    pub body: String,
    /// The ask as JSON, as the author wrote it.
    pub request: Option<String>,
    pub send_at: i64,
    /// `pending`, `sent`, `cancelled` or `failed`.
    pub state: String,
    /// Why a `failed` message was not posted.
    pub failure: Option<String>,
    pub sent_thread_id: Option<String>,
    pub sent_message_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, workspace_id, author_id, channel_id, thread_id, title, body, request, \
                       send_at, state, failure, sent_thread_id, sent_message_id, created_at, \
                       updated_at";

/// Inserts a scheduled message.
pub async fn insert(c: &mut Conn<'_>, row: &ScheduledRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO scheduled_messages (id, workspace_id, author_id, channel_id, thread_id, \
         title, body, request, send_at, state, failure, sent_thread_id, sent_message_id, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.author_id)
    .bind(&row.channel_id)
    .bind(&row.thread_id)
    .bind(&row.title)
    .bind(&row.body)
    .bind(&row.request)
    .bind(row.send_at)
    .bind(&row.state)
    .bind(&row.failure)
    .bind(&row.sent_thread_id)
    .bind(&row.sent_message_id)
    .bind(row.created_at)
    .bind(row.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

/// One scheduled message by id, whoever wrote it (the publish job's view).
pub async fn get(c: &mut Conn<'_>, id: &str) -> Result<ScheduledRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM scheduled_messages WHERE id = $1");
    let row = Sql::new(&sql).bind(id).fetch_one(c).await?;
    Ok(row)
}

/// One of the author's scheduled messages; `NotFound` for anyone else's.
pub async fn get_own(
    c: &mut Conn<'_>,
    author_id: &str,
    id: &str,
) -> Result<ScheduledRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM scheduled_messages WHERE id = $1 AND author_id = $2");
    let row = Sql::new(&sql).bind(id).bind(author_id).fetch_one(c).await?;
    Ok(row)
}

/// A page of the author's scheduled messages, soonest `send_at` first. `after` is the cursor:
/// the `(send_at, id)` of the last item of the previous page.
pub async fn list_own(
    c: &mut Conn<'_>,
    author_id: &str,
    after: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<ScheduledRow>, StoreError> {
    let (after_at, after_id) = after.unwrap_or((i64::MIN, ""));
    let sql = format!(
        "SELECT {COLUMNS} FROM scheduled_messages WHERE author_id = $1 \
         AND (send_at > $2 OR (send_at = $2 AND id > $3)) ORDER BY send_at, id LIMIT $4"
    );
    let rows = Sql::new(&sql)
        .bind(author_id)
        .bind(after_at)
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// Replaces the editable fields of a pending message. Returns `false` (changing nothing) when
/// it is no longer pending: a message being sent or already sent cannot change under the job.
pub async fn update_pending(c: &mut Conn<'_>, row: &ScheduledRow) -> Result<bool, StoreError> {
    let updated = Sql::new(
        "UPDATE scheduled_messages SET title = $2, body = $3, request = $4, send_at = $5, \
         updated_at = $6 WHERE id = $1 AND state = 'pending'",
    )
    .bind(&row.id)
    .bind(&row.title)
    .bind(&row.body)
    .bind(&row.request)
    .bind(row.send_at)
    .bind(row.updated_at)
    .execute(c)
    .await?;
    Ok(updated == 1)
}

/// How a pending message left that state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    Sent {
        thread_id: &'a str,
        message_id: &'a str,
    },
    Failed {
        reason: &'a str,
    },
    Cancelled,
}

/// Moves a pending message to its final state. Returns `false` (changing nothing) when it was
/// not pending any more, so two finishers cannot both win. `Sent` also replaces `cancelled`: a
/// cancel that lands while the publish job is posting loses, and the row must say what happened.
pub async fn finish(
    c: &mut Conn<'_>,
    id: &str,
    outcome: Outcome<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let (state, failure, thread_id, message_id) = match outcome {
        Outcome::Sent {
            thread_id,
            message_id,
        } => ("sent", None, Some(thread_id), Some(message_id)),
        Outcome::Failed { reason } => ("failed", Some(reason), None, None),
        Outcome::Cancelled => ("cancelled", None, None, None),
    };
    let updated = Sql::new(
        "UPDATE scheduled_messages SET state = $2, failure = $3, sent_thread_id = $4, \
         sent_message_id = $5, updated_at = $6 \
         WHERE id = $1 AND (state = 'pending' OR ($2 = 'sent' AND state = 'cancelled'))",
    )
    .bind(id)
    .bind(state)
    .bind(failure)
    .bind(thread_id)
    .bind(message_id)
    .bind(now)
    .execute(c)
    .await?;
    Ok(updated == 1)
}
