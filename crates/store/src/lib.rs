//! Sundial's persistence on SQLite (embedded default) and PostgreSQL: one behaviour on both.
//! Migrations per dialect, queries written once (see [`Sql`]), full-text search, the
//! event log and the job queue. The rules about *what* may be written live in `sundial-app` and
//! `sundial-core`; this crate only stores and finds.

mod connection;
mod error;
mod group_commit;
mod pg_pool;
mod query;
mod search_index;
mod sequencer;
mod sqlite_open;
mod sqlite_query;
mod store;
mod syncer;
pub mod time;
mod token_cache;

pub mod bulk;
pub mod records;

#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;

pub use connection::{Conn, Dialect, PgConn, Reader, Tx};
pub use error::StoreError;
pub use query::{Arg, Row, RowValues, Scalar, Sql};
pub use store::{Location, POSTGRES_CONNECTIONS, SQLITE_READERS, Store, StoreOptions, migrate};

/// Re-exported so the app can box its write closures without its own futures dependency.
pub use futures::future::BoxFuture;
