//! PostgreSQL's pooled connections (`pg_pool`) are not tested with a round trip at every use;
//! one that sat idle is pinged, so a connection the server dropped meanwhile (a restart) is
//! replaced before anyone gets it; one that fails in use is replaced at once; a transaction
//! abandoned halfway is rolled back before its connection is used again. SQLite has no such
//! connections: there the same reads and writes simply work.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{member, reader, seed, workspace, write};
use crate::backend_tests;
use crate::records::members;
use crate::store::{Location, PING_IF_IDLE_FOR};
use crate::testing::TestDatabase;

/// A session of its own on the test's PostgreSQL database, outside the store's pool.
async fn admin_session(url: &str) -> sqlx::PgConnection {
    PgConnectOptions::from_str(url)
        .expect("the test database's URL")
        .disable_statement_logging()
        .connect()
        .await
        .expect("an admin session")
}

/// Ends every other session on the test's PostgreSQL database, as a server restart would.
async fn drop_other_sessions(url: &str) {
    let mut admin = admin_session(url).await;
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

/// The backend process id of a connection.
async fn backend_pid(c: &mut crate::Conn<'_>) -> Result<i32, crate::StoreError> {
    crate::Sql::new("SELECT pg_backend_pid()")
        .fetch_scalar(c)
        .await
}

async fn rename_workspace(
    store: &crate::Store,
    name: &'static str,
) -> Result<(), crate::StoreError> {
    store
        .write(move |tx| {
            Box::pin(async move {
                crate::Sql::new("UPDATE workspaces SET name = $1 WHERE id = 'ws'")
                    .bind(name)
                    .execute(&mut tx.conn())
                    .await
                    .map(drop)
            })
        })
        .await
}

/// A write abandoned halfway (its caller gave up: a client that went away) leaves no
/// transaction open behind it: nothing it did stays, and its row locks are released at once,
/// not when its connection is next used.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_write_rolls_back_and_releases_its_locks() {
    let db = crate::testing::postgres().await;
    seed(&db.store, vec![workspace("ws").into()]).await;
    let abandoned = db.store.write(|tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            members::insert(&mut c, &member("ws", "ghost", "member"), "hash").await?;
            crate::Sql::new("UPDATE workspaces SET name = 'Never' WHERE id = 'ws'")
                .execute(&mut c)
                .await?;
            // The row is locked now; the caller gives up while the write waits here.
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            Ok::<(), crate::StoreError>(())
        })
    });
    let gave_up = tokio::time::timeout(std::time::Duration::from_millis(300), abandoned).await;
    assert!(gave_up.is_err(), "the write was still waiting");
    // Writes to the same row, one after another, as many as the pool has connections (the
    // test store's four): each gets the row's lock, whichever connection it runs on.
    for name in ["One", "Two", "Three", "Four"] {
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            rename_workspace(&db.store, name),
        )
        .await
        .expect("the row's lock was released")
        .expect("a later write");
    }
    let mut r = reader(&db.store).await;
    let name: String = crate::Sql::new("SELECT name FROM workspaces WHERE id = 'ws'")
        .fetch_scalar(&mut r.conn())
        .await
        .expect("the name");
    assert_eq!(name, "Four");
    let people = members::list(&mut r.conn(), "ws").await.expect("members");
    assert!(people.is_empty(), "nothing of the abandoned write stayed");
}

/// A connection that fails in use (the server ended its session) is replaced: the request on
/// it fails, the next one gets a working connection, even straight away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_fails_in_use_is_replaced() {
    let db = crate::testing::postgres().await;
    seed(&db.store, vec![workspace("ws").into()]).await;
    let Location::Postgres(url) = &db.location else {
        unreachable!("a PostgreSQL test database")
    };
    let mut doomed = reader(&db.store).await;
    let pid = backend_pid(&mut doomed.conn()).await.expect("its pid");
    let mut admin = admin_session(url).await;
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .execute(&mut admin)
        .await
        .expect("ending its session");
    let _ = admin.close().await;
    assert!(
        backend_pid(&mut doomed.conn()).await.is_err(),
        "a statement on the ended session fails"
    );
    drop(doomed);
    // Every connection of the pool (the test store has four), taken at once, works.
    let mut readers = Vec::new();
    for _ in 0..4 {
        readers.push(reader(&db.store).await);
    }
    for r in &mut readers {
        let other = backend_pid(&mut r.conn())
            .await
            .expect("a working connection");
        assert_ne!(other, pid);
    }
}
