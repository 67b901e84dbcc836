//! API tokens and web sessions, stored as hashes of their secrets.

use crate::{Conn, Sql, StoreError};

/// Stores a new token for a member.
pub async fn insert(
    c: &mut Conn<'_>,
    token_hash: &str,
    member_id: &str,
    kind: &str,
    created_at: i64,
    expires_at: Option<i64>,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO tokens (token_hash, member_id, kind, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(member_id)
    .bind(kind)
    .bind(created_at)
    .bind(expires_at)
    .execute(c)
    .await?;
    Ok(())
}

/// Whom a live token belongs to, and until when it lives.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct TokenOwner {
    pub member_id: String,
    pub workspace_id: String,
    pub role: String,
    /// `None` for a token that lives until revoked.
    pub expires_at: Option<i64>,
}

/// The member a live (unrevoked, unexpired) token belongs to. [`crate::Store::token_owner`]
/// answers the same, from memory when it can.
pub async fn member_for(
    c: &mut Conn<'_>,
    token_hash: &str,
    now: i64,
) -> Result<Option<TokenOwner>, StoreError> {
    let row = Sql::new(
        "SELECT m.id AS member_id, m.workspace_id, m.role, t.expires_at \
         FROM tokens t JOIN members m ON m.id = t.member_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
         AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(c)
    .await?;
    Ok(row)
}

/// Revokes a token; revoking twice is harmless.
pub async fn revoke(c: &mut Conn<'_>, token_hash: &str, now: i64) -> Result<(), StoreError> {
    Sql::new("UPDATE tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .bind(now)
        .execute(c)
        .await?;
    note_tokens_changed(c);
    Ok(())
}

/// Tells a PostgreSQL write that it changed what a token stands for: this node's token cache
/// forgets at its commit. Writes that may change a member's role call it too.
pub(crate) fn note_tokens_changed(c: &mut Conn<'_>) {
    if let Conn::Postgres(c) = c {
        c.note_tokens_changed();
    }
}
