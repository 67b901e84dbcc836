//! Running the binary against a test database, and reading the database afterwards.

use std::process::{Command, Output};

use sundial_store::testing::TestDatabase;
use sundial_store::{Location, Sql};

/// The binary with the environment cleared of settings that would redirect it.
pub fn sundial() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sundial"));
    for variable in [
        "SUNDIAL_DATA_DIR",
        "SUNDIAL_LISTEN",
        "SUNDIAL_DATABASE_URL",
        "RUST_BACKTRACE",
    ] {
        command.env_remove(variable);
    }
    command.env("RUST_LOG", "warn");
    command
}

/// The flags that point the binary at `db`.
pub fn database_flags(db: &TestDatabase) -> Vec<String> {
    match &db.location {
        Location::DataDir(dir) => vec!["--data-dir".into(), dir.display().to_string()],
        Location::SqliteFile(file) => {
            vec![
                "--database-url".into(),
                format!("sqlite://{}", file.display()),
            ]
        }
        Location::Postgres(url) => vec!["--database-url".into(), url.clone()],
    }
}

/// Runs `sundial seed <database> <args…>` on `db`.
pub fn seed(db: &TestDatabase, args: &[&str]) -> Output {
    sundial()
        .arg("seed")
        .args(database_flags(db))
        .args(args)
        .output()
        .expect("running sundial seed")
}

/// Stdout and stderr, for assertion messages.
pub fn shown(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// One number from a query on the test database.
pub async fn count(db: &TestDatabase, sql: &str) -> i64 {
    let mut reader = db.store.read().await.expect("a read connection");
    let mut c = reader.conn();
    Sql::new(sql)
        .fetch_scalar::<i64>(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}
