//! Digests: one delivery of a member's held notifications, all due at the same instant.

use crate::{Conn, Sql, StoreError};

/// A stored digest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct DigestRow {
    pub id: String,
    pub workspace_id: String,
    pub member_id: String,
    pub delivered_at: i64,
    /// The first delivery after time off or an away status.
    pub while_away: bool,
    pub item_count: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, workspace_id, member_id, delivered_at, while_away, item_count, created_at";

/// Inserts a digest.
pub async fn insert(c: &mut Conn<'_>, row: &DigestRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO digests (id, workspace_id, member_id, delivered_at, while_away, \
         item_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.member_id)
    .bind(row.delivered_at)
    .bind(row.while_away)
    .bind(row.item_count)
    .bind(row.created_at)
    .execute(c)
    .await?;
    Ok(())
}

/// One digest by id, whoever it belongs to (for jobs such as the digest email).
pub async fn get(c: &mut Conn<'_>, id: &str) -> Result<DigestRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM digests WHERE id = $1");
    let row = Sql::new(&sql).bind(id).fetch_one(c).await?;
    Ok(row)
}

/// A page of a member's digests, newest first. `before` is the `(delivered_at, id)` of the
/// last digest of the previous page.
pub async fn list(
    c: &mut Conn<'_>,
    member_id: &str,
    before: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<DigestRow>, StoreError> {
    let (at, id) = before.unwrap_or((i64::MAX, ""));
    let sql = format!(
        "SELECT {COLUMNS} FROM digests WHERE member_id = $1 \
         AND (delivered_at < $2 OR (delivered_at = $2 AND id < $3) OR $3 = '') \
         ORDER BY delivered_at DESC, id DESC LIMIT $4"
    );
    let rows = Sql::new(&sql)
        .bind(member_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows)
}
