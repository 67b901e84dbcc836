//! Unsubscribe tokens: the secrets behind the links in digest mail, stored as hashes.

use crate::{Conn, Sql, StoreError};

/// Stores the hash of a new token for a member.
pub async fn insert(
    c: &mut Conn<'_>,
    token_hash: &str,
    member_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO unsubscribe_tokens (token_hash, member_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(token_hash)
    .bind(member_id)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

/// The member a token belongs to, `(member_id, workspace_id)`, if it is one we issued.
pub async fn member_for(
    c: &mut Conn<'_>,
    token_hash: &str,
) -> Result<Option<(String, String)>, StoreError> {
    let member = Sql::new(
        "SELECT m.id, m.workspace_id FROM unsubscribe_tokens u \
         JOIN members m ON m.id = u.member_id WHERE u.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(c)
    .await?;
    Ok(member)
}
