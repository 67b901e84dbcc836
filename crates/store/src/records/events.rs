//! The append-only event log: every change appends one in the same transaction as the change,
//! numbered per workspace (on PostgreSQL by the sequencer, just after the change commits).

use crate::{Conn, Dialect, Sql, StoreError};

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
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
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

/// The sequence number of the workspace's latest numbered event (0 before any): where a live
/// client that has just loaded the current state starts following the log.
///
/// `ceiling` is [`crate::Store::event_ceiling`]: on SQLite, events past it are committed but not
/// yet on disk, and are not shown (see [`after`]).
pub async fn head(
    c: &mut Conn<'_>,
    workspace_id: &str,
    ceiling: Option<i64>,
) -> Result<i64, StoreError> {
    match c.dialect() {
        Dialect::Sqlite => {
            // Walks the workspace's events down from the newest: it stops at once unless the
            // newest are past the ceiling.
            let on_disk = if ceiling.is_some() {
                " AND rowid <= $2"
            } else {
                ""
            };
            Sql::new(format!(
                "SELECT COALESCE((SELECT seq FROM events WHERE workspace_id = w.id{on_disk} \
                 ORDER BY seq DESC LIMIT 1), 0) FROM workspaces w WHERE w.id = $1"
            ))
            .bind(workspace_id)
            .bind(ceiling)
            .fetch_scalar(c)
            .await
        }
        Dialect::Postgres => {
            Sql::new("SELECT event_seq FROM workspaces WHERE id = $1")
                .bind(workspace_id)
                .fetch_scalar(c)
                .await
        }
    }
}

/// Appends an event in the caller's transaction. Readers see it once it is numbered: a
/// workspace's events are numbered 1, 2, 3, … without gaps, and a reader that has seen `n` never
/// later finds an event below `n` appear.
///
/// On SQLite the event is numbered here, in its insert, one past the workspace's newest event
/// (one step down the primary key's index): the single writer commits in the order it numbers.
/// On PostgreSQL numbering here would need a counter's row lock held until commit, serialising
/// every writer of the workspace through one WAL flush each, so the event is staged instead
/// (one insert, no lock) and the store's sequencer numbers staged events in batches after the
/// write commits; readers wait for that with [`crate::Store::settle_events`] (see
/// `sequencer.rs`). A missing workspace is [`StoreError::NotFound`] on both.
pub async fn append(c: &mut Conn<'_>, event: &NewEvent<'_>) -> Result<(), StoreError> {
    let insert = match c {
        // Selecting from workspaces refuses a missing workspace. Why no counter on the
        // workspace row: migrations/sqlite/0010_event_numbering_from_the_log.sql.
        Conn::Sqlite(_) => "INSERT INTO events (workspace_id, seq, kind, channel_id, member_id, \
             actor_id, payload, created_at) SELECT w.id, COALESCE((SELECT seq FROM events \
             WHERE workspace_id = w.id ORDER BY seq DESC LIMIT 1), 0) + 1, \
             $2, $3, $4, $5, $6, $7 FROM workspaces w WHERE w.id = $1"
            .to_owned(),
        Conn::Postgres(_) => staging_statement(1),
    };
    let inserted = bind_event(Sql::new(insert), event).execute(c).await?;
    if inserted == 0 {
        return Err(StoreError::NotFound);
    }
    note_staged(c);
    Ok(())
}

/// On PostgreSQL, tells the write that it staged events, so the sequencer numbers them after
/// its commit. For statements that stage an event of their own making.
pub(crate) fn note_staged(c: &mut Conn<'_>) {
    if let Conn::Postgres(c) = c {
        c.note_staged_events();
    }
}

/// PostgreSQL's staging of one event, its parameters numbered from `$first` in the order
/// [`bind_event`] binds them. Selecting from workspaces refuses a missing one without the lock a
/// foreign key check would take (see migrations/postgres/0007_event_queue.sql). A reply's
/// statement stages its event with it (`records::replies`).
pub(crate) fn staging_statement(first: usize) -> String {
    let n = |i: usize| first + i;
    format!(
        "INSERT INTO event_queue (workspace_id, kind, channel_id, member_id, actor_id, payload, \
         created_at) SELECT id, ${}, ${}, ${}, ${}, ${}, ${} FROM workspaces WHERE id = ${}",
        n(1),
        n(2),
        n(3),
        n(4),
        n(5),
        n(6),
        n(0)
    )
}

/// Binds `event`'s fields in the order its statements number them: workspace, kind, channel,
/// member, actor, payload, creation.
pub(crate) fn bind_event<'q>(sql: Sql<'q>, event: &NewEvent<'q>) -> Sql<'q> {
    sql.bind(event.workspace_id)
        .bind(event.kind)
        .bind(event.channel_id)
        .bind(event.member_id)
        .bind(event.actor_id)
        .bind(event.payload)
        .bind(event.created_at)
}

/// Up to `limit` events of a workspace after `after`, in order. Visibility filtering is the
/// app's job (it knows the member's channels).
///
/// `ceiling` is [`crate::Store::event_ceiling`]. On SQLite the writer commits a batch before
/// its log is flushed (its writers are answered after the flush), so an event can be readable
/// a few milliseconds before it is on disk; one shown then and lost to a power cut would have
/// its number handed out again after the restart. Events whose rowid is past the ceiling (the
/// newest event on disk) are therefore left for the next read.
pub async fn after(
    c: &mut Conn<'_>,
    workspace_id: &str,
    after: i64,
    limit: i64,
    ceiling: Option<i64>,
) -> Result<Vec<EventRow>, StoreError> {
    let ceiling = ceiling.filter(|_| c.dialect() == Dialect::Sqlite);
    let on_disk = if ceiling.is_some() {
        " AND rowid <= $4"
    } else {
        ""
    };
    let mut query = Sql::new(format!(
        "SELECT workspace_id, seq, kind, channel_id, member_id, actor_id, payload, created_at \
         FROM events WHERE workspace_id = $1 AND seq > $2{on_disk} ORDER BY seq LIMIT $3"
    ))
    .bind(workspace_id)
    .bind(after)
    .bind(limit);
    if let Some(ceiling) = ceiling {
        query = query.bind(ceiling);
    }
    query.fetch_all(c).await
}

/// How many events the log holds, across workspaces (for metrics).
pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    Sql::new("SELECT COUNT(*) FROM events")
        .fetch_scalar(c)
        .await
}
