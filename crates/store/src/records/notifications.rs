//! Notifications: what a member should learn, held until its `deliver_at` and then delivered
//! once, in a digest. When to deliver is the app's decision (the core delivery policy); this
//! module only stores, finds and marks them.

use crate::records::jobs;
use crate::{Conn, Sql, StoreError};

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct NotificationRow {
    pub id: String,
    pub workspace_id: String,
    pub member_id: String,
    /// `ask`, `reply`, `mention`, `coming_due`, `overdue`, `ask_answered` or `ask_overdue`.
    pub kind: String,
    pub thread_id: String,
    pub channel_id: String,
    pub message_id: Option<String>,
    pub request_id: Option<String>,
    pub actor_id: Option<String>,
    pub urgent: bool,
    /// What held it when it was created: `focus`, `away`, `time_off`, or nothing.
    pub held_by: Option<String>,
    /// Kind-specific JSON.
    pub detail: String,
    pub created_at: i64,
    /// `None` while an open-ended status holds it.
    pub deliver_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub digest_id: Option<String>,
    pub read_at: Option<i64>,
}

const COLUMNS: &str = "id, workspace_id, member_id, kind, thread_id, channel_id, message_id, \
                       request_id, actor_id, urgent, held_by, detail, created_at, deliver_at, \
                       delivered_at, digest_id, read_at";

/// Inserts held notifications in as few statements as the parameter limits allow: a reply
/// notifies every follower of its thread, and one statement per follower would make posting
/// cost grow with the thread's audience.
pub async fn insert_many(c: &mut Conn<'_>, rows: &[NotificationRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_A_STATEMENT) {
        insert_statement(chunk).execute(c).await?;
    }
    Ok(())
}

/// [`insert_many`], then [`jobs::schedule_many`] for their deliveries: on PostgreSQL the
/// insert rides with scheduling's first statement ([`jobs::schedule_many_after`]), one round
/// trip for both.
pub async fn insert_with_deliveries<'q>(
    c: &mut Conn<'_>,
    rows: &'q [NotificationRow],
    deliveries: &'q [jobs::NewJob<'q>],
    now: i64,
) -> Result<(), StoreError> {
    if rows.is_empty() || rows.len() > ROWS_A_STATEMENT {
        insert_many(c, rows).await?;
        return jobs::schedule_many(c, deliveries, now).await;
    }
    jobs::schedule_many_after(c, Some(insert_statement(rows)), deliveries, now).await
}

/// Rows one insert takes: 17 parameters a row, far below both databases' limits.
const ROWS_A_STATEMENT: usize = 100;

fn insert_statement(rows: &[NotificationRow]) -> Sql<'_> {
    let mut query = Sql::new(format!("INSERT INTO notifications ({COLUMNS}) "));
    query.push_values(rows, |b, row| {
        b.push_bind(row.id.as_str())
            .push_bind(row.workspace_id.as_str())
            .push_bind(row.member_id.as_str())
            .push_bind(row.kind.as_str())
            .push_bind(row.thread_id.as_str())
            .push_bind(row.channel_id.as_str())
            .push_bind(row.message_id.as_deref())
            .push_bind(row.request_id.as_deref())
            .push_bind(row.actor_id.as_deref())
            .push_bind(row.urgent)
            .push_bind(row.held_by.as_deref())
            .push_bind(row.detail.as_str())
            .push_bind(row.created_at)
            .push_bind(row.deliver_at)
            .push_bind(row.delivered_at)
            .push_bind(row.digest_id.as_deref())
            .push_bind(row.read_at);
    });
    query
}

/// A member's notifications not delivered yet, oldest first.
pub async fn pending(
    c: &mut Conn<'_>,
    member_id: &str,
) -> Result<Vec<NotificationRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE member_id = $1 AND delivered_at IS NULL \
         ORDER BY created_at, id"
    );
    let rows = Sql::new(&sql).bind(member_id).fetch_all(c).await?;
    Ok(rows)
}

/// Replaces a notification's kind-specific details (a delivered reply notification's count of
/// the replies it stood for).
pub async fn set_detail(c: &mut Conn<'_>, id: &str, detail: &str) -> Result<(), StoreError> {
    Sql::new("UPDATE notifications SET detail = $2 WHERE id = $1")
        .bind(id)
        .bind(detail)
        .execute(c)
        .await?;
    Ok(())
}

/// Withdraws a member's held notifications that call for action on one request (the ask
/// itself, "coming due", "overdue"): once their obligation is closed they would only nag.
/// Returns how many were withdrawn. Delivered ones stay: they are history.
pub async fn withdraw_for_request(
    c: &mut Conn<'_>,
    member_id: &str,
    request_id: &str,
) -> Result<u64, StoreError> {
    let withdrawn = Sql::new(
        "DELETE FROM notifications WHERE member_id = $1 AND request_id = $2 \
         AND delivered_at IS NULL AND kind IN ('ask', 'coming_due', 'overdue')",
    )
    .bind(member_id)
    .bind(request_id)
    .execute(c)
    .await?;
    Ok(withdrawn)
}

/// Moves a held notification's delivery instant (never one already delivered).
pub async fn set_deliver_at(
    c: &mut Conn<'_>,
    id: &str,
    deliver_at: Option<i64>,
) -> Result<(), StoreError> {
    Sql::new("UPDATE notifications SET deliver_at = $2 WHERE id = $1 AND delivered_at IS NULL")
        .bind(id)
        .bind(deliver_at)
        .execute(c)
        .await?;
    Ok(())
}

/// Delivers, into `digest_id`, every held notification of the member due at or before `at`,
/// and returns them oldest first. The `delivered_at IS NULL` guard is what makes delivery
/// exactly-once: a second run (or a concurrent one, which waits on the row locks on
/// PostgreSQL and then re-checks the guard) finds nothing left.
pub async fn deliver(
    c: &mut Conn<'_>,
    member_id: &str,
    at: i64,
    digest_id: &str,
) -> Result<Vec<NotificationRow>, StoreError> {
    let sql = format!(
        "UPDATE notifications SET delivered_at = $2, digest_id = $3 \
         WHERE member_id = $1 AND deliver_at <= $2 AND delivered_at IS NULL \
         RETURNING {COLUMNS}"
    );
    let mut rows: Vec<NotificationRow> = Sql::new(&sql)
        .bind(member_id)
        .bind(at)
        .bind(digest_id)
        .fetch_all(c)
        .await?;
    // RETURNING follows no ORDER BY on either backend.
    rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(rows)
}

/// A page of a member's delivered notifications, newest first. `before` is the cursor: the
/// `(delivered_at, id)` of the last one of the previous page.
pub async fn delivered(
    c: &mut Conn<'_>,
    member_id: &str,
    before: Option<(i64, &str)>,
    unread_only: bool,
    limit: i64,
) -> Result<Vec<NotificationRow>, StoreError> {
    let (at, id) = before.unwrap_or((i64::MAX, ""));
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE member_id = $1 AND delivered_at IS NOT NULL \
         AND (delivered_at < $2 OR (delivered_at = $2 AND id < $3) OR $3 = '') \
         AND ($4 = FALSE OR read_at IS NULL) \
         ORDER BY delivered_at DESC, id DESC LIMIT $5"
    );
    let rows = Sql::new(&sql)
        .bind(member_id)
        .bind(at)
        .bind(id)
        .bind(unread_only)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// The notifications delivered in one digest, oldest first.
pub async fn in_digest(
    c: &mut Conn<'_>,
    digest_id: &str,
) -> Result<Vec<NotificationRow>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM notifications WHERE digest_id = $1 ORDER BY created_at, id");
    let rows = Sql::new(&sql).bind(digest_id).fetch_all(c).await?;
    Ok(rows)
}

/// How many delivered notifications the member has not read.
pub async fn unread_count(c: &mut Conn<'_>, member_id: &str) -> Result<i64, StoreError> {
    let count = Sql::new(
        "SELECT COUNT(*) FROM notifications \
         WHERE member_id = $1 AND delivered_at IS NOT NULL AND read_at IS NULL",
    )
    .bind(member_id)
    .fetch_scalar(c)
    .await?;
    Ok(count)
}

/// Marks one delivered notification of the member read; reading twice keeps the first time.
/// `NotFound` if the member has no such delivered notification.
pub async fn mark_read(
    c: &mut Conn<'_>,
    member_id: &str,
    id: &str,
    at: i64,
) -> Result<(), StoreError> {
    let updated = Sql::new(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
         WHERE id = $1 AND member_id = $2 AND delivered_at IS NOT NULL",
    )
    .bind(id)
    .bind(member_id)
    .bind(at)
    .execute(c)
    .await?;
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Marks every delivered notification of the member read; returns how many were unread.
pub async fn mark_all_read(c: &mut Conn<'_>, member_id: &str, at: i64) -> Result<u64, StoreError> {
    let updated = Sql::new(
        "UPDATE notifications SET read_at = $2 \
         WHERE member_id = $1 AND delivered_at IS NOT NULL AND read_at IS NULL",
    )
    .bind(member_id)
    .bind(at)
    .execute(c)
    .await?;
    Ok(updated)
}
