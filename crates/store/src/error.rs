//! Storage errors in the domain's words. Driver errors (sqlx, and rusqlite on the SQLite
//! writer) are mapped here, once: a missing row becomes
//! `NotFound`, a unique violation `Conflict` naming the field; everything else stays `Database`.

/// What can go wrong in storage, as the layers above need to tell it apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist (or is not visible to the caller).
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; `field` names the API field that collided.
    #[error("{field} is already taken")]
    Conflict { field: String },
    /// The configuration names a database we cannot use.
    #[error("{0}")]
    Config(String),
    /// The group-commit writer is gone (the process is shutting down).
    #[error("the database writer has stopped")]
    WriterStopped,
    /// The transaction holding this write could not commit; nothing of it was kept.
    #[error("the write could not be committed: {0}")]
    CommitFailed(String),
    /// Anything else from the database driver; logged, never shown to a client.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// Anything else from the group-commit writer's own SQLite connection; logged, never shown.
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// A row the writer read did not fit the type it was read into.
    #[error("database error: {0}")]
    Decode(#[source] serde_rusqlite::Error),
    /// A migration failed to apply.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict {
                field: conflict_field(db.constraint(), db.message()).to_owned(),
            },
            other => StoreError::Database(other),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(failure, ref message)
                if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                StoreError::Conflict {
                    field: conflict_field(None, message.as_deref().unwrap_or_default()).to_owned(),
                }
            }
            other => StoreError::Sqlite(other),
        }
    }
}

impl From<serde_rusqlite::Error> for StoreError {
    fn from(error: serde_rusqlite::Error) -> Self {
        match error {
            serde_rusqlite::Error::Rusqlite(error) => error.into(),
            other => StoreError::Decode(other),
        }
    }
}

/// Names the API field behind a unique violation. PostgreSQL reports the constraint's name,
/// SQLite only a message like "UNIQUE constraint failed: members.email"; both are matched
/// against the unique columns of the schema.
fn conflict_field(constraint: Option<&str>, message: &str) -> &'static str {
    let text = constraint.unwrap_or(message);
    const FIELDS: [(&str, &str); 5] = [
        ("email", "email"),
        ("handle", "handle"),
        ("channels", "name"),
        ("idempotency", "idempotency_key"),
        ("holidays", "dates"),
    ];
    FIELDS
        .iter()
        .find(|(needle, _)| text.contains(needle))
        .map_or("id", |(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::conflict_field;

    #[test]
    fn unique_violations_name_the_api_field_on_both_dialects() {
        let cases = [
            (None, "UNIQUE constraint failed: members.email", "email"),
            (Some("members_email_key"), "duplicate key", "email"),
            (
                None,
                "UNIQUE constraint failed: members.workspace_id, members.handle",
                "handle",
            ),
            (
                Some("channels_workspace_id_name_key"),
                "duplicate key",
                "name",
            ),
            (None, "UNIQUE constraint failed: workspaces.id", "id"),
        ];
        for (constraint, message, field) in cases {
            assert_eq!(conflict_field(constraint, message), field, "{message}");
        }
    }
}
