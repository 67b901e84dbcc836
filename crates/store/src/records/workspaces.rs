//! Workspaces and their holidays.

use crate::{Conn, Sql, StoreError};

/// A stored workspace.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct WorkspaceRow {
    pub id: String,
    pub name: String,
    pub norms: String,
    pub created_at: i64,
}

/// Inserts a workspace.
pub async fn insert(c: &mut Conn<'_>, row: &WorkspaceRow) -> Result<(), StoreError> {
    Sql::new("INSERT INTO workspaces (id, name, norms, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&row.id)
        .bind(&row.name)
        .bind(&row.norms)
        .bind(row.created_at)
        .execute(c)
        .await?;
    Ok(())
}

/// How many workspaces exist (first-run setup is allowed only at zero).
pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    let count = Sql::new("SELECT COUNT(*) FROM workspaces")
        .fetch_scalar(c)
        .await?;
    Ok(count)
}

/// One workspace.
pub async fn get(c: &mut Conn<'_>, id: &str) -> Result<WorkspaceRow, StoreError> {
    let row = Sql::new("SELECT id, name, norms, created_at FROM workspaces WHERE id = $1")
        .bind(id)
        .fetch_one(c)
        .await?;
    Ok(row)
}

/// Replaces the workspace's default-norm override (JSON).
pub async fn set_norms(c: &mut Conn<'_>, id: &str, norms: &str) -> Result<(), StoreError> {
    let updated = Sql::new("UPDATE workspaces SET norms = $2 WHERE id = $1")
        .bind(id)
        .bind(norms)
        .execute(c)
        .await?;
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
    Sql::new("DELETE FROM holidays WHERE workspace_id = $1")
        .bind(workspace_id)
        .execute(c)
        .await?;
    for date in dates {
        Sql::new("INSERT INTO holidays (workspace_id, date) VALUES ($1, $2)")
            .bind(workspace_id)
            .bind(date)
            .execute(c)
            .await?;
    }
    Ok(())
}

/// The workspace's holidays, oldest first.
pub async fn holidays(c: &mut Conn<'_>, workspace_id: &str) -> Result<Vec<String>, StoreError> {
    let dates = Sql::new("SELECT date FROM holidays WHERE workspace_id = $1 ORDER BY date")
        .bind(workspace_id)
        .fetch_scalars(c)
        .await?;
    Ok(dates)
}
