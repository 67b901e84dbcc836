//! `IN (…)` lists of bound values, for the queries that fetch or check many rows in one round
//! trip instead of one per id (each round trip costs a thread hand-off on SQLite and a network
//! round trip on PostgreSQL).

use sqlx::{Database, Encode, QueryBuilder, Type};

/// The most values one list binds: under both databases' parameter limits with room to spare.
pub(crate) const MAX_LIST: usize = 500;

/// Appends `(v1, v2, …)` with every value bound, for the end of an `… IN ` clause. The caller
/// passes at most [`MAX_LIST`] values and never an empty slice (`IN ()` is not valid SQL).
pub(crate) fn push_list<'q, DB>(builder: &mut QueryBuilder<'q, DB>, values: &'q [String])
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
{
    builder.push("(");
    let mut list = builder.separated(", ");
    for value in values {
        list.push_bind(value.as_str());
    }
    builder.push(")");
}
