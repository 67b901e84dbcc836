//! [`Sql`] on Sundial's own SQLite connections: statements run in the calling thread through
//! rusqlite, prepared once and kept in the connection's statement cache.

use std::borrow::Cow;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::StoreError;
use crate::query::{Arg, Row, Scalar, Sql};

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
    let mut statement = c.prepare_cached(&numbered_placeholders(sql.text()))?;
    let args = sql.args();
    for index in 1..=statement.parameter_count() {
        let value = args.get(index - 1).ok_or_else(|| {
            StoreError::Config(format!(
                "query binds {} values but uses ${index}: {}",
                args.len(),
                sql.text()
            ))
        })?;
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(statement)
}

/// The text with every `$n` written `?n`. To SQLite `$n` is a *named* parameter, numbered in the
/// order names first appear, so binding it means looking each name up (a walk of the statement's
/// names per value, quadratic in a multi-row insert); `?n` is parameter number n itself.
/// Quoted text is left alone.
///
/// It runs for every statement the writer executes, so it works on bytes (both markers are
/// ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character) and borrows the text
/// when there is nothing to rewrite.
fn numbered_placeholders(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'$') {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    let mut quoted = false;
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'\'' => quoted = !quoted,
            b'$' if !quoted && bytes.get(index + 1).is_some_and(u8::is_ascii_digit) => {
                out[index] = b'?';
            }
            _ => {}
        }
    }
    // Only an ASCII byte was replaced by another, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
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
    // The column names once per statement: `from_row` would copy them for every row.
    let columns = serde_rusqlite::columns_from_statement(&statement);
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while limit.is_none_or(|limit| out.len() < limit) {
        let Some(row) = rows.next()? else { break };
        out.push(serde_rusqlite::from_row_with_columns::<R>(row, &columns)?);
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

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{numbered_placeholders, rows, scalars};
    use crate::Sql;

    #[derive(Debug, PartialEq, serde::Deserialize, sqlx::FromRow)]
    struct Sample {
        name: String,
        count: i32,
        flag: bool,
        note: Option<String>,
    }

    #[test]
    fn placeholders_become_numbered_outside_quoted_text() {
        assert_eq!(
            numbered_placeholders("SELECT $2, '$1 costs $3', $10 WHERE a = $1"),
            "SELECT ?2, '$1 costs $3', ?10 WHERE a = ?1"
        );
        assert_eq!(
            numbered_placeholders("SELECT 'café €$1', $1 -- ünïcode"),
            "SELECT 'café €$1', ?1 -- ünïcode"
        );
        assert_eq!(numbered_placeholders("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn values_bind_by_number_however_often_and_in_whatever_order_they_appear() {
        let c = Connection::open_in_memory().expect("an in-memory database");
        let found: Vec<String> = scalars(
            &c,
            &Sql::new("SELECT $2 || '-' || $1 || '-' || $2")
                .bind("a")
                .bind("b"),
            None,
        )
        .expect("the query runs");
        assert_eq!(found, ["b-a-b"]);
    }

    #[test]
    fn rows_decode_by_column_name_with_integers_as_flags_and_nulls_as_none() {
        let c = Connection::open_in_memory().expect("an in-memory database");
        let found: Vec<Sample> = rows(
            &c,
            &Sql::new("SELECT $3 AS flag, NULL AS note, $1 AS name, $2 AS count")
                .bind("x")
                .bind(7_i64)
                .bind(true),
            None,
        )
        .expect("the query runs");
        assert_eq!(
            found,
            [Sample {
                name: "x".to_owned(),
                count: 7,
                flag: true,
                note: None,
            }]
        );
    }

    #[test]
    fn a_missing_value_is_an_error_naming_the_query() {
        let c = Connection::open_in_memory().expect("an in-memory database");
        let error = scalars::<i64>(&c, &Sql::new("SELECT $1 + $2").bind(1_i64), None)
            .expect_err("one value for two placeholders");
        assert_eq!(
            error.to_string(),
            "query binds 1 values but uses $2: SELECT $1 + $2"
        );
    }
}
