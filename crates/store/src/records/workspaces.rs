//! Workspaces and their holidays.

use crate::{Conn, StoreError, on_backend};

/// A stored workspace.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkspaceRow {
    pub id: String,
    pub name: String,
    pub norms: String,
    pub created_at: i64,
}

/// Inserts a workspace.
pub async fn insert(c: &mut Conn<'_>, row: &WorkspaceRow) -> Result<(), StoreError> {
    on_backend!(c, |c| sqlx::query(
        "INSERT INTO workspaces (id, name, norms, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(&row.norms)
    .bind(row.created_at)
    .execute(&mut **c)
    .await
    .map(drop))?;
    Ok(())
}

/// How many workspaces exist (first-run setup is allowed only at zero).
pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    let count = on_backend!(c, |c| sqlx::query_scalar("SELECT COUNT(*) FROM workspaces")
        .fetch_one(&mut **c)
        .await)?;
    Ok(count)
}

/// One workspace.
pub async fn get(c: &mut Conn<'_>, id: &str) -> Result<WorkspaceRow, StoreError> {
    let row = on_backend!(c, |c| sqlx::query_as(
        "SELECT id, name, norms, created_at FROM workspaces WHERE id = $1"
    )
    .bind(id)
    .fetch_one(&mut **c)
    .await)?;
    Ok(row)
}

/// Replaces the workspace's default-norm override (JSON).
pub async fn set_norms(c: &mut Conn<'_>, id: &str, norms: &str) -> Result<(), StoreError> {
    let updated = on_backend!(c, |c| sqlx::query(
        "UPDATE workspaces SET norms = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(norms)
    .execute(&mut **c)
    .await
    .map(|r| r.rows_affected()))?;
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Replaces the whole set of holidays (local dates `YYYY-MM-DD`).
pub async fn set_holidays(
    c: &mut Conn<'_>,
    workspace_id: &str,
    dates: &[String],
) -> Result<(), StoreError> {
    on_backend!(c, |c| sqlx::query(
        "DELETE FROM holidays WHERE workspace_id = $1"
    )
    .bind(workspace_id)
    .execute(&mut **c)
    .await
    .map(drop))?;
    for date in dates {
        on_backend!(c, |c| sqlx::query(
            "INSERT INTO holidays (workspace_id, date) VALUES ($1, $2)"
        )
        .bind(workspace_id)
        .bind(date)
        .execute(&mut **c)
        .await
        .map(drop))?;
    }
    Ok(())
}

/// The workspace's holidays, oldest first.
pub async fn holidays(c: &mut Conn<'_>, workspace_id: &str) -> Result<Vec<String>, StoreError> {
    let dates = on_backend!(c, |c| sqlx::query_scalar(
        "SELECT date FROM holidays WHERE workspace_id = $1 ORDER BY date"
    )
    .bind(workspace_id)
    .fetch_all(&mut **c)
    .await)?;
    Ok(dates)
}
