//! The append-only event log: every change appends one, numbered per workspace, in the same
//! transaction as the change.

use crate::{Conn, StoreError, on_backend};

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub workspace_id: &'a str,
    pub kind: &'a str,
    /// The channel the event concerns: only those who see the channel see the event.
    pub channel_id: Option<&'a str>,
    /// The one member the event is for, when it is personal.
    pub member_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    /// JSON.
    pub payload: &'a str,
    pub created_at: i64,
}

/// A stored event.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub workspace_id: String,
    pub seq: i64,
    pub kind: String,
    pub channel_id: Option<String>,
    pub member_id: Option<String>,
    pub actor_id: Option<String>,
    pub payload: String,
    pub created_at: i64,
}

/// The sequence number of the workspace's latest event (0 before any): where a live client
/// that has just loaded the current state starts following the log.
pub async fn head(c: &mut Conn<'_>, workspace_id: &str) -> Result<i64, StoreError> {
    let seq: i64 = on_backend!(c, |c| sqlx::query_scalar(
        "SELECT event_seq FROM workspaces WHERE id = $1"
    )
    .bind(workspace_id)
    .fetch_one(&mut **c)
    .await)?;
    Ok(seq)
}

/// Appends an event and returns its sequence number. The counter row is bumped with
/// `UPDATE … RETURNING`, which on PostgreSQL also locks it until commit: concurrent writers in a
/// workspace commit in sequence order, so a reader that has seen `n` never later finds an
/// event below `n` appear.
pub async fn append(c: &mut Conn<'_>, event: &NewEvent<'_>) -> Result<i64, StoreError> {
    let seq: i64 = on_backend!(c, |c| sqlx::query_scalar(
        "UPDATE workspaces SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq"
    )
    .bind(event.workspace_id)
    .fetch_one(&mut **c)
    .await)?;
    on_backend!(c, |c| sqlx::query(
        "INSERT INTO events (workspace_id, seq, kind, channel_id, member_id, actor_id, payload, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(event.workspace_id)
    .bind(seq)
    .bind(event.kind)
    .bind(event.channel_id)
    .bind(event.member_id)
    .bind(event.actor_id)
    .bind(event.payload)
    .bind(event.created_at)
    .execute(&mut **c)
    .await
    .map(drop))?;
    Ok(seq)
}

/// Up to `limit` events of a workspace after `after`, in order. Visibility filtering is the
/// app's job (it knows the member's channels).
pub async fn after(
    c: &mut Conn<'_>,
    workspace_id: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let rows = on_backend!(c, |c| sqlx::query_as(
        "SELECT workspace_id, seq, kind, channel_id, member_id, actor_id, payload, created_at \
         FROM events WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    )
    .bind(workspace_id)
    .bind(after)
    .bind(limit)
    .fetch_all(&mut **c)
    .await)?;
    Ok(rows)
}

/// How many events the log holds, across workspaces (for metrics).
pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    let count = on_backend!(c, |c| sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&mut **c)
        .await)?;
    Ok(count)
}
