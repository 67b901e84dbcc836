//! Fresh databases for tests, one per test: a temporary SQLite file, or a uniquely named
//! PostgreSQL database on the server named by `SUNDIAL_TEST_POSTGRES_URL`. A PostgreSQL test
//! without that variable fails, loudly: a missing service must never pass as a skipped test.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::store::{Location, Store, StoreOptions};

/// The environment variable naming a PostgreSQL server tests may create databases on.
pub const POSTGRES_URL_VARIABLE: &str = "SUNDIAL_TEST_POSTGRES_URL";

/// A store on a fresh database, with whatever keeps that database alive.
#[derive(Debug)]
pub struct TestDatabase {
    pub store: Store,
    pub location: Location,
    _dir: Option<tempfile::TempDir>,
}

/// A store on a new SQLite file in a temporary directory, removed when dropped.
pub async fn sqlite() -> TestDatabase {
    let dir = tempfile::tempdir().expect("a temporary directory for the test database");
    let location = Location::DataDir(dir.path().to_path_buf());
    let store = Store::open(&location, &StoreOptions::default())
        .await
        .expect("opening a fresh SQLite test database");
    TestDatabase {
        store,
        location,
        _dir: Some(dir),
    }
}

/// A store on a new PostgreSQL database named `sundial_test_<unique>`. The databases are left
/// for the server's owner to drop: `scripts/test` runs a throwaway cluster removed afterwards.
pub async fn postgres() -> TestDatabase {
    let server = std::env::var(POSTGRES_URL_VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_URL_VARIABLE} is not set: PostgreSQL tests need a server. \
             Run scripts/test, which starts a throwaway one."
        )
    });
    let name = format!("sundial_test_{}", uuid_like());
    let admin = PgConnectOptions::from_str(&server).expect("a valid SUNDIAL_TEST_POSTGRES_URL");
    let mut connection = admin
        .clone()
        .disable_statement_logging()
        .connect()
        .await
        .expect("connecting to the PostgreSQL test server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("creating a PostgreSQL test database");
    let _ = connection.close().await;
    let url = admin.database(&name).to_url_lossy().to_string();
    let location = Location::Postgres(url);
    let store = Store::open(
        &location,
        &StoreOptions {
            connections: Some(4),
        },
    )
    .await
    .expect("opening the PostgreSQL test database");
    TestDatabase {
        store,
        location,
        _dir: None,
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}_{nanos}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Writes each listed `async fn name(db: TestDatabase)` test twice: `sqlite::name` and
/// `postgres::name`, the way ripgrep's `rgtest!` runs every test once per engine.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::testing::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::testing::postgres().await).await
                }
            )*
        }
    };
}
