//! `Store::write_on`: a write that goes on from a reader's reads. On PostgreSQL it runs on the
//! reader's own connection (so a request waits for a pooled connection once); on both
//! backends it commits or rolls back exactly as `Store::write` does.

use super::{reader, seed, workspace};
use crate::backend_tests;
use crate::records::workspaces;
use crate::testing::{self, TestDatabase};
use crate::{Dialect, Sql, StoreError};

/// Renames the workspace `ws` on the reader's connection, after reading its name there, and
/// fails afterwards when asked to.
async fn rename_after_reading(
    db: &TestDatabase,
    to: &'static str,
    fail: bool,
) -> Result<String, StoreError> {
    let mut reader = reader(&db.store).await;
    let before = workspaces::get(&mut reader.conn(), "ws").await?.name;
    db.store
        .write_on(reader, move |tx| {
            Box::pin(async move {
                Sql::new("UPDATE workspaces SET name = $1 WHERE id = 'ws'")
                    .bind(to)
                    .execute(&mut tx.conn())
                    .await?;
                if fail {
                    return Err(StoreError::Config("the write gave up".to_owned()));
                }
                Ok(before)
            })
        })
        .await
}

async fn name(db: &TestDatabase) -> String {
    let mut r = reader(&db.store).await;
    workspaces::get(&mut r.conn(), "ws")
        .await
        .expect("the workspace")
        .name
}

async fn a_write_after_reads_commits_or_rolls_back_whole(db: TestDatabase) {
    seed(&db.store, vec![workspace("ws").into()]).await;
    let first = name(&db).await;
    let read = rename_after_reading(&db, "Renamed", false)
        .await
        .expect("the write commits");
    assert_eq!(read, first, "the write went on from what the reader read");
    assert_eq!(name(&db).await, "Renamed");

    let failed = rename_after_reading(&db, "Never", true).await;
    assert!(matches!(failed, Err(StoreError::Config(_))), "{failed:?}");
    assert_eq!(name(&db).await, "Renamed", "a failed write leaves nothing");

    // The connection that carried the failed write went back to the pool clean: every pooled
    // connection still reads and writes.
    for round in 0..6 {
        let to = ["A", "B", "C", "D", "E", "F"][round];
        rename_after_reading(&db, to, false)
            .await
            .expect("a later write");
        assert_eq!(name(&db).await, to);
    }
}

backend_tests!(a_write_after_reads_commits_or_rolls_back_whole);

/// PostgreSQL: the transaction is on the reader's own connection, so a pool whose every
/// connection is held by a reader that goes on to write still makes progress.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_writes_on_the_readers_own_connection() {
    let db = testing::postgres().await;
    assert_eq!(db.store.dialect(), Dialect::Postgres);
    seed(&db.store, vec![workspace("ws").into()]).await;
    // The test store's pool has four connections: four readers hold them all, and each then
    // writes. Were the write to wait for a connection of its own, none would come free.
    let mut readers = Vec::new();
    for _ in 0..4 {
        let mut r = reader(&db.store).await;
        let pid: i32 = Sql::new("SELECT pg_backend_pid()")
            .fetch_scalar(&mut r.conn())
            .await
            .expect("the reader's backend");
        readers.push((r, pid));
    }
    let writes = readers.into_iter().map(|(r, pid)| {
        let store = db.store.clone();
        async move {
            let in_write = store
                .write_on(r, |tx| {
                    Box::pin(async move {
                        Sql::new("SELECT pg_backend_pid()")
                            .fetch_scalar::<i32>(&mut tx.conn())
                            .await
                    })
                })
                .await
                .expect("the write");
            (pid, in_write)
        }
    });
    let done = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        futures::future::join_all(writes),
    )
    .await
    .expect("every write finishes without waiting for another connection");
    for (read_on, written_on) in done {
        assert_eq!(
            read_on, written_on,
            "the write ran on the reader's connection"
        );
    }
}
