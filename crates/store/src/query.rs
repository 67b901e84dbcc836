//! One query, written once, run on either database: [`Sql`] holds the text (with `$1`, `$2` …
//! placeholders) and its bound values, and runs them through sqlx on PostgreSQL and straight
//! through SQLite's C API (rusqlite) on SQLite.
//!
//! Why not sqlx for SQLite too: sqlx runs each SQLite statement on a worker thread of its own, so
//! every statement is two thread hand-offs; a reply makes a dozen statements, and the hand-offs
//! cost more than the statements. Sundial's SQLite connections run them in the calling thread.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Arguments, Decode, FromRow, Postgres, Type};

use crate::{Conn, StoreError};

/// A value bound to a placeholder. `None` is SQL `NULL`, typed so PostgreSQL knows its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'q> {
    Text(Option<Cow<'q, str>>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
}

impl<'q> From<&'q str> for Arg<'q> {
    fn from(value: &'q str) -> Self {
        Arg::Text(Some(Cow::Borrowed(value)))
    }
}

impl<'q> From<&'q String> for Arg<'q> {
    fn from(value: &'q String) -> Self {
        Arg::Text(Some(Cow::Borrowed(value)))
    }
}

impl From<String> for Arg<'_> {
    fn from(value: String) -> Self {
        Arg::Text(Some(Cow::Owned(value)))
    }
}

impl<'q> From<Option<&'q str>> for Arg<'q> {
    fn from(value: Option<&'q str>) -> Self {
        Arg::Text(value.map(Cow::Borrowed))
    }
}

impl<'q> From<&'q Option<String>> for Arg<'q> {
    fn from(value: &'q Option<String>) -> Self {
        Arg::Text(value.as_deref().map(Cow::Borrowed))
    }
}

impl From<Option<String>> for Arg<'_> {
    fn from(value: Option<String>) -> Self {
        Arg::Text(value.map(Cow::Owned))
    }
}

impl From<i64> for Arg<'_> {
    fn from(value: i64) -> Self {
        Arg::Int(Some(value))
    }
}

impl From<&i64> for Arg<'_> {
    fn from(value: &i64) -> Self {
        Arg::Int(Some(*value))
    }
}

impl From<i32> for Arg<'_> {
    fn from(value: i32) -> Self {
        Arg::Int(Some(i64::from(value)))
    }
}

impl From<Option<i64>> for Arg<'_> {
    fn from(value: Option<i64>) -> Self {
        Arg::Int(value)
    }
}

impl From<&Option<i64>> for Arg<'_> {
    fn from(value: &Option<i64>) -> Self {
        Arg::Int(*value)
    }
}

impl From<f64> for Arg<'_> {
    fn from(value: f64) -> Self {
        Arg::Real(Some(value))
    }
}

impl From<bool> for Arg<'_> {
    fn from(value: bool) -> Self {
        Arg::Bool(Some(value))
    }
}

impl From<Option<bool>> for Arg<'_> {
    fn from(value: Option<bool>) -> Self {
        Arg::Bool(value)
    }
}

/// What a row decodes into, on both drivers: sqlx's `FromRow` on PostgreSQL and serde (by
/// column name, through `serde_rusqlite`) on SQLite. Row structs derive both.
pub trait Row: for<'r> FromRow<'r, PgRow> + DeserializeOwned {}

impl<T> Row for T where T: for<'r> FromRow<'r, PgRow> + DeserializeOwned {}

/// A single value a query returns (`SELECT count(*)`, `RETURNING id`), on both drivers.
pub trait Scalar:
    for<'r> Decode<'r, Postgres> + Type<Postgres> + rusqlite::types::FromSql + Send + Unpin
{
}

impl<T> Scalar for T where
    T: for<'r> Decode<'r, Postgres> + Type<Postgres> + rusqlite::types::FromSql + Send + Unpin
{
}

/// The most values one list binds ([`Sql::push_list`]): under both databases' parameter limits
/// with room to spare. Callers with more ids query once per chunk of this many.
pub(crate) const MAX_LIST: usize = 500;

/// SQL text with its bound values. Either write the placeholders yourself and [`Sql::bind`]
/// the values in their order, or build the text piece by piece with [`Sql::push`] and
/// [`Sql::push_bind`], which numbers the placeholders for you.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql<'q> {
    text: String,
    args: Vec<Arg<'q>>,
}

impl<'q> Sql<'q> {
    /// A query with this text; bind its `$1`, `$2` … with [`Sql::bind`].
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            args: Vec::new(),
        }
    }

    /// `WITH name AS (statement) `, to be followed by the main statement (through
    /// [`Sql::push`] and [`Sql::push_bind`], whose placeholders number on from `statement`'s):
    /// PostgreSQL runs a data-modifying `statement` whether the main one reads it or not, so
    /// two statements cost one round trip. PostgreSQL only: SQLite has no writes in `WITH`.
    pub fn with_clause(name: &str, statement: Sql<'q>) -> Self {
        Self {
            text: format!("WITH {name} AS ({}) ", statement.text),
            args: statement.args,
        }
    }

    /// Binds the next placeholder, `$1` first.
    pub fn bind(mut self, value: impl Into<Arg<'q>>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value` and binds it.
    pub fn push_bind(&mut self, value: impl Into<Arg<'q>>) -> &mut Self {
        self.args.push(value.into());
        self.text.push('$');
        self.text.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `($n, $n+1, …)` with every value bound, for the end of an `… IN ` clause. Never
    /// pass an empty slice: `IN ()` is not valid SQL.
    pub fn push_list<V>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self
    where
        V: Into<Arg<'q>>,
    {
        self.push("(");
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self.push(")")
    }

    /// Appends ` VALUES (…), (…)`: one parenthesised tuple per item, whose values `bind_row`
    /// binds through [`Sql::push_bind`] (the separating commas are added here).
    pub fn push_values<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut bind_row: impl FnMut(&mut RowValues<'_, 'q>, T),
    ) -> &mut Self {
        self.push(" VALUES ");
        for (index, item) in items.into_iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.push("(");
            bind_row(
                &mut RowValues {
                    sql: self,
                    first: true,
                },
                item,
            );
            self.push(")");
        }
        self
    }

    /// The text as it will be sent.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Runs a statement; returns how many rows it changed.
    pub async fn execute(&self, c: &mut Conn<'_>) -> Result<u64, StoreError> {
        match c {
            Conn::Postgres(c) => {
                let done = sqlx::query_with(&self.text, self.pg_args()?)
                    .execute(&mut **c)
                    .await;
                Ok(c.checked(done)?.rows_affected())
            }
            Conn::Sqlite(c) => Ok(crate::sqlite_query::execute(c, self)?),
        }
    }

    /// Every row.
    pub async fn fetch_all<R: Row + Send + Unpin>(
        &self,
        c: &mut Conn<'_>,
    ) -> Result<Vec<R>, StoreError> {
        match c {
            Conn::Postgres(c) => {
                let rows = sqlx::query_as_with(&self.text, self.pg_args()?)
                    .fetch_all(&mut **c)
                    .await;
                Ok(c.checked(rows)?)
            }
            Conn::Sqlite(c) => crate::sqlite_query::rows(c, self, None),
        }
    }

    /// The first row, or `None`.
    pub async fn fetch_optional<R: Row + Send + Unpin>(
        &self,
        c: &mut Conn<'_>,
    ) -> Result<Option<R>, StoreError> {
        match c {
            Conn::Postgres(c) => {
                let row = sqlx::query_as_with(&self.text, self.pg_args()?)
                    .fetch_optional(&mut **c)
                    .await;
                Ok(c.checked(row)?)
            }
            Conn::Sqlite(c) => Ok(crate::sqlite_query::rows(c, self, Some(1))?.pop()),
        }
    }

    /// The first row; [`StoreError::NotFound`] when there is none.
    pub async fn fetch_one<R: Row + Send + Unpin>(
        &self,
        c: &mut Conn<'_>,
    ) -> Result<R, StoreError> {
        self.fetch_optional(c).await?.ok_or(StoreError::NotFound)
    }

    /// The first column of every row.
    pub async fn fetch_scalars<T: Scalar>(&self, c: &mut Conn<'_>) -> Result<Vec<T>, StoreError> {
        match c {
            Conn::Postgres(c) => {
                let values = sqlx::query_scalar_with(&self.text, self.pg_args()?)
                    .fetch_all(&mut **c)
                    .await;
                Ok(c.checked(values)?)
            }
            Conn::Sqlite(c) => crate::sqlite_query::scalars(c, self, None),
        }
    }

    /// The first column of the first row, or `None` when there is no row.
    pub async fn fetch_scalar_optional<T: Scalar>(
        &self,
        c: &mut Conn<'_>,
    ) -> Result<Option<T>, StoreError> {
        match c {
            Conn::Postgres(c) => {
                let value = sqlx::query_scalar_with(&self.text, self.pg_args()?)
                    .fetch_optional(&mut **c)
                    .await;
                Ok(c.checked(value)?)
            }
            Conn::Sqlite(c) => Ok(crate::sqlite_query::scalars(c, self, Some(1))?.pop()),
        }
    }

    /// The first column of the first row; [`StoreError::NotFound`] when there is no row.
    pub async fn fetch_scalar<T: Scalar>(&self, c: &mut Conn<'_>) -> Result<T, StoreError> {
        self.fetch_scalar_optional(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub(crate) fn args(&self) -> &[Arg<'q>] {
        &self.args
    }

    fn pg_args(&self) -> Result<PgArguments, StoreError> {
        let mut out = PgArguments::default();
        for arg in &self.args {
            let added = match arg {
                Arg::Text(v) => out.add(v.as_deref()),
                Arg::Int(v) => out.add(*v),
                Arg::Real(v) => out.add(*v),
                Arg::Bool(v) => out.add(*v),
            };
            added.map_err(sqlx::Error::Encode)?;
        }
        Ok(out)
    }
}

/// The values of one tuple of [`Sql::push_values`].
#[derive(Debug)]
pub struct RowValues<'s, 'q> {
    sql: &'s mut Sql<'q>,
    first: bool,
}

impl<'q> RowValues<'_, 'q> {
    /// Binds the tuple's next value.
    pub fn push_bind(&mut self, value: impl Into<Arg<'q>>) -> &mut Self {
        if !self.first {
            self.sql.push(", ");
        }
        self.first = false;
        self.sql.push_bind(value);
        self
    }
}
