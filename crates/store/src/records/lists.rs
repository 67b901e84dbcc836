//! `IN (…)` lists of bound values, for the queries that fetch or check many rows in one round
//! trip instead of one per id (each round trip costs a thread hand-off on SQLite and a network
//! round trip on PostgreSQL).

/// The most values one list binds: under both databases' parameter limits with room to spare.
pub(crate) const MAX_LIST: usize = 500;
