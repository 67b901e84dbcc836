//! Unsubscribe tokens: the secrets behind the links in digest mail, stored as hashes.

use crate::{Conn, StoreError, on_backend};

/// Stores the hash of a new token for a member.
pub async fn insert(
    c: &mut Conn<'_>,
    token_hash: &str,
    member_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    on_backend!(c, |c| sqlx::query(
        "INSERT INTO unsubscribe_tokens (token_hash, member_id, created_at) VALUES ($1, $2, $3)"
    )
    .bind(token_hash)
    .bind(member_id)
    .bind(now)
    .execute(&mut **c)
    .await
    .map(drop))?;
    Ok(())
}

/// The member a token belongs to, if it is one we issued.
pub async fn member_for(c: &mut Conn<'_>, token_hash: &str) -> Result<Option<String>, StoreError> {
    let member = on_backend!(c, |c| sqlx::query_scalar(
        "SELECT member_id FROM unsubscribe_tokens WHERE token_hash = $1"
    )
    .bind(token_hash)
    .fetch_optional(&mut **c)
    .await)?;
    Ok(member)
}
