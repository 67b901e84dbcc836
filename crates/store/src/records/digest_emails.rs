//! Which digests were emailed: a claim taken before the SMTP conversation and the instant the
//! server accepted the mail, so a re-run of the mail job never sends the same digest twice.

use crate::{Conn, Sql, StoreError};

/// A digest's email record.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct DigestEmailRow {
    pub digest_id: String,
    pub member_id: String,
    pub claimed_at: i64,
    /// Set once the SMTP server accepted the mail.
    pub emailed_at: Option<i64>,
}

/// The record of a digest's email, if one was ever claimed.
pub async fn get(c: &mut Conn<'_>, digest_id: &str) -> Result<Option<DigestEmailRow>, StoreError> {
    let row = Sql::new(
        "SELECT digest_id, member_id, claimed_at, emailed_at FROM digest_emails \
         WHERE digest_id = $1",
    )
    .bind(digest_id)
    .fetch_optional(c)
    .await?;
    Ok(row)
}

/// Claims the sending of a digest's email. `StoreError::Conflict` if it was already claimed.
pub async fn claim(
    c: &mut Conn<'_>,
    digest_id: &str,
    member_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    Sql::new("INSERT INTO digest_emails (digest_id, member_id, claimed_at) VALUES ($1, $2, $3)")
        .bind(digest_id)
        .bind(member_id)
        .bind(now)
        .execute(c)
        .await?;
    Ok(())
}

/// Drops an unsent claim, so a retry may send: the SMTP server refused or could not be reached.
pub async fn release(c: &mut Conn<'_>, digest_id: &str) -> Result<(), StoreError> {
    Sql::new("DELETE FROM digest_emails WHERE digest_id = $1 AND emailed_at IS NULL")
        .bind(digest_id)
        .execute(c)
        .await?;
    Ok(())
}

/// Records that the SMTP server accepted the digest's mail.
pub async fn mark_emailed(c: &mut Conn<'_>, digest_id: &str, now: i64) -> Result<(), StoreError> {
    Sql::new("UPDATE digest_emails SET emailed_at = $2 WHERE digest_id = $1")
        .bind(digest_id)
        .bind(now)
        .execute(c)
        .await?;
    Ok(())
}
