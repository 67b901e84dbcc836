//! Messages, their edit history and reactions.

use crate::{Conn, Sql, StoreError};

/// A stored message.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct MessageRow {
    pub id: String,
    pub workspace_id: String,
    pub thread_id: String,
    pub author_id: String,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

const COLUMNS: &str = "id, workspace_id, thread_id, author_id, body, created_at, edited_at";

/// An earlier version of an edited message.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct EditRow {
    pub message_id: String,
    pub edited_at: i64,
    pub previous_body: String,
}

/// A reaction by one member.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct ReactionRow {
    pub message_id: String,
    pub member_id: String,
    pub emoji: String,
    pub created_at: i64,
}

/// Inserts a message; the search index follows in the same transaction.
pub async fn insert(c: &mut Conn<'_>, row: &MessageRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO messages (id, workspace_id, thread_id, author_id, body, created_at, \
         edited_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.thread_id)
    .bind(&row.author_id)
    .bind(&row.body)
    .bind(row.created_at)
    .bind(row.edited_at)
    .execute(c)
    .await?;
    Ok(())
}

/// One message of a workspace.
pub async fn get(c: &mut Conn<'_>, workspace_id: &str, id: &str) -> Result<MessageRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE id = $1 AND workspace_id = $2");
    Sql::new(sql).bind(id).bind(workspace_id).fetch_one(c).await
}

/// A thread's messages, oldest first.
pub async fn in_thread(c: &mut Conn<'_>, thread_id: &str) -> Result<Vec<MessageRow>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM messages WHERE thread_id = $1 ORDER BY created_at, id");
    Sql::new(sql).bind(thread_id).fetch_all(c).await
}

/// Who wrote a message, and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct Authored {
    pub id: String,
    pub author_id: String,
    pub created_at: i64,
}

/// Where [`by_others_between`] starts and ends.
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    /// The first message (inclusive): its id and creation instant. Ids are version-7 UUIDs,
    /// which sort by creation, so messages created in the same millisecond before it (a new
    /// thread's first message) stay out.
    pub from: (&'a str, i64),
    /// The instant it ends (exclusive).
    pub until: i64,
}

/// A thread's messages in `span` written by anyone but `member_id`, oldest first: the replies
/// one reply notification stood for.
pub async fn by_others_between(
    c: &mut Conn<'_>,
    thread_id: &str,
    span: Span<'_>,
    member_id: &str,
) -> Result<Vec<Authored>, StoreError> {
    let (from_id, since) = span.from;
    Sql::new(
        "SELECT id, author_id, created_at FROM messages WHERE thread_id = $1 \
         AND created_at >= $2 AND id >= $3 AND created_at < $4 AND author_id <> $5 \
         ORDER BY created_at, id",
    )
    .bind(thread_id)
    .bind(since)
    .bind(from_id)
    .bind(span.until)
    .bind(member_id)
    .fetch_all(c)
    .await
}

/// Replaces a message's body, keeping the previous one in its history.
pub async fn edit(
    c: &mut Conn<'_>,
    id: &str,
    previous_body: &str,
    new_body: &str,
    at: i64,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO message_edits (message_id, edited_at, previous_body) VALUES ($1, $2, $3)",
    )
    .bind(id)
    .bind(at)
    .bind(previous_body)
    .execute(c)
    .await?;
    Sql::new("UPDATE messages SET body = $2, edited_at = $3 WHERE id = $1")
        .bind(id)
        .bind(new_body)
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

/// The earlier versions of these messages, oldest first.
pub async fn edits(c: &mut Conn<'_>, message_ids: &[String]) -> Result<Vec<EditRow>, StoreError> {
    let mut all = Vec::new();
    for id in message_ids {
        let rows: Vec<EditRow> = Sql::new(
            "SELECT message_id, edited_at, previous_body FROM message_edits \
             WHERE message_id = $1 ORDER BY edited_at",
        )
        .bind(id)
        .fetch_all(c)
        .await?;
        all.extend(rows);
    }
    Ok(all)
}

/// Adds a reaction; returns false when this member already reacted with this emoji.
pub async fn react(c: &mut Conn<'_>, row: &ReactionRow) -> Result<bool, StoreError> {
    let inserted = Sql::new(
        "INSERT INTO reactions (message_id, member_id, emoji, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (message_id, member_id, emoji) DO NOTHING",
    )
    .bind(&row.message_id)
    .bind(&row.member_id)
    .bind(&row.emoji)
    .bind(row.created_at)
    .execute(c)
    .await?;
    Ok(inserted > 0)
}

/// The reactions on a thread's messages, oldest first.
pub async fn reactions_in_thread(
    c: &mut Conn<'_>,
    thread_id: &str,
) -> Result<Vec<ReactionRow>, StoreError> {
    Sql::new(
        "SELECT r.message_id, r.member_id, r.emoji, r.created_at FROM reactions r \
         JOIN messages m ON m.id = r.message_id WHERE m.thread_id = $1 \
         ORDER BY r.created_at, r.member_id",
    )
    .bind(thread_id)
    .fetch_all(c)
    .await
}
