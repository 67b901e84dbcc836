//! PostgreSQL's pooled connections are not pinged before every use (a round trip each time);
//! one that sat idle is, so a connection the server dropped meanwhile (a restart) is replaced
//! before anyone gets it. SQLite has no such connections: there the same reads and writes
//! simply work.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{member, reader, seed, workspace, write};
use crate::backend_tests;
use crate::records::members;
use crate::store::{Location, PING_IF_IDLE_FOR};
use crate::testing::TestDatabase;

/// Ends every other session on the test's PostgreSQL database, as a server restart would.
async fn drop_other_sessions(url: &str) {
    let options = PgConnectOptions::from_str(url).expect("the test database's URL");
    let mut admin = options
        .disable_statement_logging()
        .connect()
        .await
        .expect("an admin session");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .expect("ending the other sessions");
    assert!(!ended.is_empty(), "the store had sessions open");
    let _ = admin.close().await;
}

async fn connections_dropped_while_idle_are_replaced_before_use(db: TestDatabase) {
    seed(&db.store, vec![workspace("ws").into()]).await;
    let count = |store| async move {
        let mut r = reader(store).await;
        members::list(&mut r.conn(), "ws")
            .await
            .expect("members")
            .len()
    };
    assert_eq!(count(&db.store).await, 0);
    if let Location::Postgres(url) = &db.location {
        tokio::time::sleep(PING_IF_IDLE_FOR + std::time::Duration::from_millis(200)).await;
        drop_other_sessions(url).await;
    }
    write(&db.store, "a write after the sessions ended", |tx| {
        Box::pin(async move {
            members::insert(&mut tx.conn(), &member("ws", "ann", "member"), "hash").await
        })
    })
    .await;
    assert_eq!(count(&db.store).await, 1);
}

backend_tests!(connections_dropped_while_idle_are_replaced_before_use);
