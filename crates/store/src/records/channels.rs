//! Channels and their members.

use crate::{Conn, Sql, StoreError};

/// A stored channel.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct ChannelRow {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub purpose: String,
    pub private: bool,
    /// Partial norms override (JSON).
    pub norms: String,
    pub created_by: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, workspace_id, name, purpose, private, norms, created_by, created_at";

/// Inserts a channel.
pub async fn insert(c: &mut Conn<'_>, row: &ChannelRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO channels (id, workspace_id, name, purpose, private, norms, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.name)
    .bind(&row.purpose)
    .bind(row.private)
    .bind(&row.norms)
    .bind(&row.created_by)
    .bind(row.created_at)
    .execute(c)
    .await?;
    Ok(())
}

/// One channel of a workspace, whoever may see it (visibility is the app's decision).
pub async fn get(c: &mut Conn<'_>, workspace_id: &str, id: &str) -> Result<ChannelRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM channels WHERE id = $1 AND workspace_id = $2");
    let row = Sql::new(&sql)
        .bind(id)
        .bind(workspace_id)
        .fetch_one(c)
        .await?;
    Ok(row)
}

/// The channels a member may see: those they belong to, and, unless they are a guest, every
/// public channel of the workspace. By name.
pub async fn visible_to(
    c: &mut Conn<'_>,
    workspace_id: &str,
    member_id: &str,
    guest: bool,
) -> Result<Vec<ChannelRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM channels WHERE workspace_id = $1 AND ( \
           id IN (SELECT channel_id FROM channel_members WHERE member_id = $2) \
           OR (private = FALSE AND $3 = FALSE)) \
         ORDER BY name"
    );
    let rows = Sql::new(&sql)
        .bind(workspace_id)
        .bind(member_id)
        .bind(guest)
        .fetch_all(c)
        .await?;
    Ok(rows)
}

/// Adds members to a channel; adding someone already there changes nothing.
pub async fn add_members(
    c: &mut Conn<'_>,
    channel_id: &str,
    member_ids: &[String],
    now: i64,
) -> Result<Vec<String>, StoreError> {
    let mut added = Vec::new();
    for member_id in member_ids {
        let inserted = Sql::new(
            "INSERT INTO channel_members (channel_id, member_id, added_at) VALUES ($1, $2, $3) \
             ON CONFLICT (channel_id, member_id) DO NOTHING",
        )
        .bind(channel_id)
        .bind(member_id)
        .bind(now)
        .execute(c)
        .await?;
        if inserted > 0 {
            added.push(member_id.clone());
        }
    }
    Ok(added)
}

/// Removes a member from a channel; returns whether they were in it.
pub async fn remove_member(
    c: &mut Conn<'_>,
    channel_id: &str,
    member_id: &str,
) -> Result<bool, StoreError> {
    let removed = Sql::new("DELETE FROM channel_members WHERE channel_id = $1 AND member_id = $2")
        .bind(channel_id)
        .bind(member_id)
        .execute(c)
        .await?;
    Ok(removed > 0)
}

/// Whether a member belongs to a channel.
pub async fn is_member(
    c: &mut Conn<'_>,
    channel_id: &str,
    member_id: &str,
) -> Result<bool, StoreError> {
    let found: Option<i32> =
        Sql::new("SELECT 1 FROM channel_members WHERE channel_id = $1 AND member_id = $2")
            .bind(channel_id)
            .bind(member_id)
            .fetch_scalar_optional(c)
            .await?;
    Ok(found.is_some())
}

/// The ids of a channel's members.
pub async fn member_ids(c: &mut Conn<'_>, channel_id: &str) -> Result<Vec<String>, StoreError> {
    let ids =
        Sql::new("SELECT member_id FROM channel_members WHERE channel_id = $1 ORDER BY member_id")
            .bind(channel_id)
            .fetch_scalars(c)
            .await?;
    Ok(ids)
}
