//! The database a run uses: SQLite in a fresh temporary directory, or a fresh database on the
//! PostgreSQL server named by `SUNDIAL_BENCH_POSTGRES_URL`, dropped afterwards.
//!
//! The database is created and dropped with `psql` rather than through sqlx: the app crate
//! deliberately has no sqlx dependency of its own, and one `CREATE DATABASE` is not worth
//! adding one for a bench.

use std::path::PathBuf;
use std::process::Command;

use sundial_store::{Location, Store, StoreOptions};

use crate::BenchResult;

/// A fresh database, removed by [`Backend::remove`].
#[derive(Debug)]
pub enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres { server: String, database: String },
}

impl Backend {
    /// Creates the database: on PostgreSQL when `postgres_url` names a server, else on SQLite.
    pub fn create(postgres_url: Option<&str>) -> BenchResult<Self> {
        match postgres_url {
            None => {
                let parent = std::env::var_os("SUNDIAL_BENCH_DIR")
                    .map_or_else(std::env::temp_dir, PathBuf::from);
                let dir = tempfile::Builder::new()
                    .prefix("sundial-bench-")
                    .tempdir_in(parent)?;
                Ok(Backend::Sqlite(dir))
            }
            Some(server) => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)?
                    .as_nanos();
                let database = format!("sundial_bench_{}_{nanos}", std::process::id());
                psql(server, &format!("CREATE DATABASE {database}"))?;
                Ok(Backend::Postgres {
                    server: server.to_owned(),
                    database,
                })
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres { .. })
    }

    /// Opens the store (applying migrations) with `connections` pooled connections, or the
    /// server's default.
    pub async fn open(&self, connections: Option<u32>) -> BenchResult<Store> {
        let location = match self {
            Backend::Sqlite(dir) => Location::DataDir(dir.path().to_path_buf()),
            Backend::Postgres { server, database } => {
                Location::Postgres(with_database(server, database))
            }
        };
        let options = StoreOptions { connections };
        Ok(Store::open(&location, &options).await?)
    }

    /// Deletes the database. On PostgreSQL, connections the dropped pool has not closed yet are
    /// ended by `WITH (FORCE)`.
    pub fn remove(self) -> BenchResult<()> {
        match self {
            Backend::Sqlite(dir) => Ok(dir.close()?),
            Backend::Postgres { server, database } => psql(
                &server,
                &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
            ),
        }
    }
}

/// Runs one statement on the server's default database.
fn psql(server: &str, statement: &str) -> BenchResult<()> {
    let output = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            server,
            "-c",
            statement,
        ])
        .output()
        .map_err(|e| format!("running psql (needed for SUNDIAL_BENCH_POSTGRES_URL): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "psql failed on {statement:?}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    Ok(())
}

/// `url` with its database name replaced by `database`, keeping user, host and parameters.
fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let authority = rest
        .split_once('/')
        .map_or(rest, |(authority, _)| authority);
    match query {
        Some(query) => format!("{scheme}://{authority}/{database}?{query}"),
        None => format!("{scheme}://{authority}/{database}"),
    }
}
