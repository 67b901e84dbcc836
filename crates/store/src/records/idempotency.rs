//! Remembered results of creates made with an `Idempotency-Key`, per member.

use crate::{Conn, Sql, StoreError};

/// The stored result of an earlier request with this key, if any.
pub async fn find(
    c: &mut Conn<'_>,
    member_id: &str,
    key: &str,
) -> Result<Option<String>, StoreError> {
    let response =
        Sql::new("SELECT response FROM idempotency_keys WHERE member_id = $1 AND key = $2")
            .bind(member_id)
            .bind(key)
            .fetch_scalar_optional(c)
            .await?;
    Ok(response)
}

/// Remembers the result of a request made with this key, in the request's own transaction.
pub async fn save(
    c: &mut Conn<'_>,
    member_id: &str,
    key: &str,
    response: &str,
    now: i64,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO idempotency_keys (member_id, key, response, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(member_id)
    .bind(key)
    .bind(response)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}
