//! Threads: titled conversations in a channel, with their followers and read markers.

use crate::query::MAX_LIST;
use crate::records::channels::ChannelRow;
use crate::{Conn, Sql, StoreError};

/// A stored thread.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct ThreadRow {
    pub id: String,
    pub workspace_id: String,
    pub channel_id: String,
    pub title: String,
    pub author_id: String,
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
    pub created_at: i64,
    pub last_activity_at: i64,
    pub last_author_id: String,
    pub message_count: i64,
}

pub(crate) const COLUMNS: &str = "id, workspace_id, channel_id, title, author_id, resolved_at, resolved_by, \
                       created_at, last_activity_at, last_author_id, message_count";

/// Inserts a thread (its first message is inserted separately and counted by [`touch`]).
pub async fn insert(c: &mut Conn<'_>, row: &ThreadRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO threads (id, workspace_id, channel_id, title, author_id, resolved_at, \
         resolved_by, created_at, last_activity_at, last_author_id, message_count) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.channel_id)
    .bind(&row.title)
    .bind(&row.author_id)
    .bind(row.resolved_at)
    .bind(&row.resolved_by)
    .bind(row.created_at)
    .bind(row.last_activity_at)
    .bind(&row.last_author_id)
    .bind(row.message_count)
    .execute(c)
    .await?;
    Ok(())
}

/// One thread of a workspace.
pub async fn get(c: &mut Conn<'_>, workspace_id: &str, id: &str) -> Result<ThreadRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM threads WHERE id = $1 AND workspace_id = $2");
    let row = Sql::new(&sql)
        .bind(id)
        .bind(workspace_id)
        .fetch_one(c)
        .await?;
    Ok(row)
}

/// A thread, its channel, whether a member belongs to that channel, and the workspace's stored
/// norms (an ask's due times need them): what posting into the thread needs to know, in one
/// query (one round trip) instead of four.
#[derive(Debug, Clone)]
pub struct ThreadInChannel {
    pub thread: ThreadRow,
    pub channel: ChannelRow,
    pub member_of_channel: bool,
    pub workspace_norms: String,
    /// The token in `audience_version` as the same statement read it: a post with an ask
    /// needs it next (the app's recipients memo), and it costs no round trip of its own here.
    pub audience_version: i64,
}

/// [`ThreadInChannel`] as the query returns it: the thread's columns, then the channel's that
/// the thread does not already carry.
#[derive(Debug, sqlx::FromRow, serde::Deserialize)]
struct ThreadAndChannelRow {
    id: String,
    workspace_id: String,
    channel_id: String,
    title: String,
    author_id: String,
    resolved_at: Option<i64>,
    resolved_by: Option<String>,
    created_at: i64,
    last_activity_at: i64,
    last_author_id: String,
    message_count: i64,
    channel_name: String,
    channel_purpose: String,
    channel_private: bool,
    channel_norms: String,
    channel_created_by: String,
    channel_created_at: i64,
    member_of_channel: bool,
    workspace_norms: String,
    audience_version: i64,
}

/// One thread of a workspace with its channel, and whether `member_id` belongs to the channel.
pub async fn get_in_channel(
    c: &mut Conn<'_>,
    workspace_id: &str,
    id: &str,
    member_id: &str,
) -> Result<ThreadInChannel, StoreError> {
    let row: ThreadAndChannelRow = Sql::new(
        "SELECT t.id, t.workspace_id, t.channel_id, t.title, t.author_id, t.resolved_at, \
         t.resolved_by, t.created_at, t.last_activity_at, t.last_author_id, t.message_count, \
         c.name AS channel_name, c.purpose AS channel_purpose, c.private AS channel_private, \
         c.norms AS channel_norms, c.created_by AS channel_created_by, \
         c.created_at AS channel_created_at, EXISTS (SELECT 1 FROM channel_members m \
         WHERE m.channel_id = t.channel_id AND m.member_id = $3) AS member_of_channel, \
         w.norms AS workspace_norms, \
         (SELECT version FROM audience_version) AS audience_version \
         FROM threads t JOIN channels c ON c.id = t.channel_id \
         JOIN workspaces w ON w.id = t.workspace_id \
         WHERE t.id = $1 AND t.workspace_id = $2",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(member_id)
    .fetch_one(c)
    .await?;
    let channel = ChannelRow {
        id: row.channel_id.clone(),
        workspace_id: row.workspace_id.clone(),
        name: row.channel_name,
        purpose: row.channel_purpose,
        private: row.channel_private,
        norms: row.channel_norms,
        created_by: row.channel_created_by,
        created_at: row.channel_created_at,
    };
    let thread = ThreadRow {
        id: row.id,
        workspace_id: row.workspace_id,
        channel_id: row.channel_id,
        title: row.title,
        author_id: row.author_id,
        resolved_at: row.resolved_at,
        resolved_by: row.resolved_by,
        created_at: row.created_at,
        last_activity_at: row.last_activity_at,
        last_author_id: row.last_author_id,
        message_count: row.message_count,
    };
    Ok(ThreadInChannel {
        thread,
        channel,
        member_of_channel: row.member_of_channel,
        workspace_norms: row.workspace_norms,
        audience_version: row.audience_version,
    })
}

/// A page of a channel's threads, newest activity first. `before` is the cursor: the
/// `(last_activity_at, id)` of the last thread of the previous page.
pub async fn list(
    c: &mut Conn<'_>,
    channel_id: &str,
    before: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<ThreadRow>, StoreError> {
    let (at, id) = before.unwrap_or((i64::MAX, ""));
    let sql = format!(
        "SELECT {COLUMNS} FROM threads WHERE channel_id = $1 \
         AND (last_activity_at < $2 OR (last_activity_at = $2 AND id < $3) OR $3 = '') \
         ORDER BY last_activity_at DESC, id DESC LIMIT $4"
    );
    let rows = Sql::new(&sql)
        .bind(channel_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// [`touch`]'s update of the thread; `$1` is the thread, `$2` the instant, `$3` the author.
pub(crate) const TOUCH_THREAD: &str = "UPDATE threads SET last_activity_at = $2, \
     last_author_id = $3, message_count = message_count + 1 WHERE id = $1";

/// [`touch`]'s update of the followers, with [`TOUCH_THREAD`]'s parameters: only rows whose
/// state changes are written.
pub(crate) const TOUCH_FOLLOWERS: &str = "UPDATE thread_followers SET unread_since = \
     CASE WHEN member_id = $3 THEN NULL ELSE $2 END WHERE thread_id = $1 \
     AND CASE WHEN member_id = $3 THEN unread_since IS NOT NULL ELSE unread_since IS NULL END";

/// [`TOUCH_FOLLOWERS`] inside a statement whose `WITH` clause `thread` is [`TOUCH_THREAD`]
/// `RETURNING id`: the followers are those of the thread it updated. PostgreSQL runs a
/// statement's `WITH` clauses in no promised order; taking the thread from `thread` makes it
/// update (and lock) the thread's row before the followers' rows, in every statement that
/// touches both, so two of them never hold one each while waiting for the other (a deadlock,
/// seen when the quiet reply's statement and a reply's general one ran in opposite orders).
pub(crate) const TOUCH_FOLLOWERS_OF_THREAD: &str = "UPDATE thread_followers SET unread_since = \
     CASE WHEN member_id = $3 THEN NULL ELSE $2 END WHERE thread_id = (SELECT id FROM thread) \
     AND CASE WHEN member_id = $3 THEN unread_since IS NOT NULL ELSE unread_since IS NULL END";

/// Records a new message in the thread: activity time, last author and count on the thread;
/// for its followers, the thread turns unread for everyone but the author (unless it already
/// was: their `unread_since` keeps the first unread instant) and read for the author. A busy
/// thread's followers, all with it unread already, are not written at all.
pub async fn touch(
    c: &mut Conn<'_>,
    thread_id: &str,
    author_id: &str,
    at: i64,
) -> Result<(), StoreError> {
    for sql in [TOUCH_THREAD, TOUCH_FOLLOWERS] {
        Sql::new(sql)
            .bind(thread_id)
            .bind(at)
            .bind(author_id)
            .execute(c)
            .await?;
    }
    Ok(())
}

/// Marks a thread resolved (`Some`) or open again (`None`).
pub async fn set_resolved(
    c: &mut Conn<'_>,
    thread_id: &str,
    resolved: Option<(i64, &str)>,
) -> Result<(), StoreError> {
    let (at, by) = resolved.unzip();
    Sql::new("UPDATE threads SET resolved_at = $2, resolved_by = $3 WHERE id = $1")
        .bind(thread_id)
        .bind(at)
        .bind(by)
        .execute(c)
        .await?;
    Ok(())
}

/// The `unread_since` a new follower row starts with: the thread's latest activity when that is
/// someone else's and newer than the member's read marker, else nothing. `member` is the SQL
/// naming the member; `t` is the thread's row.
fn unread_since_of_new_follower(member: &str) -> String {
    format!(
        "CASE WHEN t.last_author_id <> {member} \
         AND t.last_activity_at > COALESCE((SELECT r.read_at FROM read_markers r \
         WHERE r.member_id = {member} AND r.thread_id = t.id), 0) THEN t.last_activity_at END"
    )
}

/// Makes a member follow a thread; following twice changes nothing. The follower row starts
/// unread when the thread has news for them, which [`touch`] and [`mark_read`] keep current.
pub async fn follow(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    follow_many(c, thread_id, &[member_id], now).await
}

/// [`follow`] for several members, in one statement: a post makes its author, the members it
/// mentions and its ask's recipients follow the thread.
pub async fn follow_many(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_ids: &[&str],
    now: i64,
) -> Result<(), StoreError> {
    for chunk in member_ids.chunks(MAX_LIST) {
        let unread_since = unread_since_of_new_follower("m.column1");
        let mut query = Sql::new(format!(
            "INSERT INTO thread_followers (thread_id, member_id, since, unread_since) \
             SELECT t.id, m.column1, $2, {unread_since} FROM threads t CROSS JOIN ("
        ))
        .bind(thread_id)
        .bind(now);
        // `VALUES` names its column `column1` on both databases.
        query.push_values(chunk.iter().copied(), |row, id| {
            row.push_bind(id);
        });
        query.push(") AS m WHERE t.id = $1 ON CONFLICT (member_id, thread_id) DO NOTHING");
        query.execute(c).await?;
    }
    Ok(())
}

/// Records that a member has read a thread up to `at` (never moves backwards). A follower who
/// has read past the thread's latest activity has nothing unread in it any more.
pub async fn mark_read(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
    at: i64,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO read_markers (member_id, thread_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (member_id, thread_id) DO UPDATE SET read_at = \
         CASE WHEN read_markers.read_at > excluded.read_at \
              THEN read_markers.read_at ELSE excluded.read_at END",
    )
    .bind(member_id)
    .bind(thread_id)
    .bind(at)
    .execute(c)
    .await?;
    Sql::new(
        "UPDATE thread_followers SET unread_since = NULL \
         WHERE member_id = $1 AND thread_id = $2 AND unread_since IS NOT NULL \
         AND (SELECT t.last_activity_at FROM threads t WHERE t.id = $2) <= $3",
    )
    .bind(member_id)
    .bind(thread_id)
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

/// A thread's follower and whether they muted it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct FollowerRow {
    pub member_id: String,
    pub muted: bool,
}

/// Whether a member follows a thread, and muted it: `None` when not following.
pub async fn follower(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
) -> Result<Option<FollowerRow>, StoreError> {
    let row = Sql::new(
        "SELECT member_id, muted FROM thread_followers WHERE thread_id = $1 AND member_id = $2",
    )
    .bind(thread_id)
    .bind(member_id)
    .fetch_optional(c)
    .await?;
    Ok(row)
}

/// Stops a member following a thread; not following already changes nothing.
pub async fn unfollow(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
) -> Result<(), StoreError> {
    Sql::new("DELETE FROM thread_followers WHERE thread_id = $1 AND member_id = $2")
        .bind(thread_id)
        .bind(member_id)
        .execute(c)
        .await?;
    Ok(())
}

/// Mutes (or unmutes) a thread for a member, following it if they did not yet (starting
/// unread as [`follow`] does).
pub async fn set_muted(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
    muted: bool,
    now: i64,
) -> Result<(), StoreError> {
    let unread_since = unread_since_of_new_follower("$2");
    Sql::new(format!(
        "INSERT INTO thread_followers (thread_id, member_id, since, muted, unread_since) \
         SELECT t.id, $2, $3, $4, {unread_since} FROM threads t \
         WHERE t.id = $1 ON CONFLICT (member_id, thread_id) DO UPDATE SET muted = excluded.muted"
    ))
    .bind(thread_id)
    .bind(member_id)
    .bind(now)
    .bind(muted)
    .execute(c)
    .await?;
    Ok(())
}
