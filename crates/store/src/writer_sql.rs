//! [`Sql`] on the group-commit writer's own SQLite connection: statements run in the calling
//! thread through rusqlite, prepared once and kept in the connection's statement cache.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::StoreError;
use crate::query::{Arg, Row, Scalar, Sql};

/// How many prepared statements the writer keeps: every distinct text the write path uses,
/// with room for the lists of varying length.
pub(crate) const STATEMENT_CACHE: usize = 512;

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let value = match self {
            Arg::Text(Some(text)) => ValueRef::Text(text.as_bytes()),
            Arg::Int(Some(int)) => ValueRef::Integer(*int),
            Arg::Real(Some(real)) => ValueRef::Real(*real),
            Arg::Bool(Some(flag)) => ValueRef::Integer(i64::from(*flag)),
            Arg::Text(None) | Arg::Int(None) | Arg::Real(None) | Arg::Bool(None) => ValueRef::Null,
        };
        Ok(ToSqlOutput::Borrowed(value))
    }
}

/// Prepares `sql` (or takes it from the cache) and binds its values: `$n` takes the n-th value,
/// as on the other drivers, wherever it appears and however often.
fn prepare<'c>(
    c: &'c Connection,
    sql: &Sql<'_>,
) -> Result<rusqlite::CachedStatement<'c>, StoreError> {
    let mut statement = c.prepare_cached(sql.text())?;
    let args = sql.args();
    for index in 1..=statement.parameter_count() {
        let position = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|number| number.parse::<usize>().ok())
            .unwrap_or(index);
        let value = args.get(position - 1).ok_or_else(|| {
            StoreError::Config(format!(
                "query binds {} values but uses ${position}: {}",
                args.len(),
                sql.text()
            ))
        })?;
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(statement)
}

/// Runs a statement; how many rows it changed.
pub(crate) fn execute(c: &Connection, sql: &Sql<'_>) -> Result<u64, StoreError> {
    let mut statement = prepare(c, sql)?;
    // Stepped to the end rather than `raw_execute`d, which refuses statements that return rows
    // (`… RETURNING`); sqlx runs those through `execute` too.
    let mut rows = statement.raw_query();
    while rows.next()?.is_some() {}
    Ok(c.changes())
}

/// The rows, decoded by column name; at most `limit` of them.
pub(crate) fn rows<R: Row>(
    c: &Connection,
    sql: &Sql<'_>,
    limit: Option<usize>,
) -> Result<Vec<R>, StoreError> {
    let mut statement = prepare(c, sql)?;
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while limit.is_none_or(|limit| out.len() < limit) {
        let Some(row) = rows.next()? else { break };
        out.push(serde_rusqlite::from_row::<R>(row)?);
    }
    Ok(out)
}

/// The first column of the rows; at most `limit` of them.
pub(crate) fn scalars<T: Scalar>(
    c: &Connection,
    sql: &Sql<'_>,
    limit: Option<usize>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = prepare(c, sql)?;
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while limit.is_none_or(|limit| out.len() < limit) {
        let Some(row) = rows.next()? else { break };
        out.push(row.get::<_, T>(0)?);
    }
    Ok(out)
}
