//! `Store::write`: concurrent writes, rollback of one write among many, error mapping,
//! durability across a reopen, and surviving a panicking write.

use std::collections::BTreeSet;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinError;

use super::{Seed, channel, member, seed, workspace};
use crate::records::events::{self, NewEvent};
use crate::records::{channels, members, threads, workspaces};
use crate::testing::TestDatabase;
use crate::{Dialect, Store, StoreError, StoreOptions, Tx};

/// Bounds every wait on a write, so a regression fails the test instead of hanging it. Never
/// reached when the store behaves.
const HANG_GUARD: Duration = Duration::from_secs(30);

/// One write for [`in_one_batch`].
type Write = Box<dyn for<'c> FnOnce(&'c mut Tx) -> BoxFuture<'c, Result<(), StoreError>> + Send>;

/// A write inserting the workspace `id`.
fn insert_workspace(id: String) -> Write {
    Box::new(move |tx| {
        Box::pin(async move { workspaces::insert(&mut tx.conn(), &workspace(&id)).await })
    })
}

/// A write inserting the workspace `id`, then failing with `error`.
fn insert_workspace_then_fail(id: String, error: StoreError) -> Write {
    Box::new(move |tx| {
        Box::pin(async move {
            workspaces::insert(&mut tx.conn(), &workspace(&id)).await?;
            Err(error)
        })
    })
}

/// A write inserting the workspace `id`, then the existing workspace `taken` again.
fn insert_workspace_then_duplicate(id: String, taken: &'static str) -> Write {
    Box::new(move |tx| {
        Box::pin(async move {
            workspaces::insert(&mut tx.conn(), &workspace(&id)).await?;
            workspaces::insert(&mut tx.conn(), &workspace(taken)).await
        })
    })
}

/// A write inserting the workspace `id`, then panicking.
fn insert_workspace_then_panic(id: String) -> Write {
    Box::new(move |tx| {
        Box::pin(async move {
            workspaces::insert(&mut tx.conn(), &workspace(&id)).await?;
            panic!("a write panicked on purpose after inserting {id}");
        })
    })
}

/// Runs the writes concurrently so that, on SQLite, they all share one group-commit batch: a
/// gate write holds the writer until every write is in its queue. Asserts (on SQLite) that
/// they did share it. Returns each write's outcome, in the order given; a panic shows as the
/// task's `JoinError`.
async fn in_one_batch(
    store: &Store,
    writes: Vec<Write>,
) -> Vec<Result<Result<(), StoreError>, JoinError>> {
    let (started, gate_started) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let gate = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .write(move |_tx| {
                    Box::pin(async move {
                        let _ = started.send(());
                        let _ = released.await;
                        Ok::<_, StoreError>(())
                    })
                })
                .await
        })
    };
    tokio::time::timeout(HANG_GUARD, gate_started)
        .await
        .expect("the gate write started in time")
        .expect("the gate write started");

    // Each task drops its clone of `queued` once its write is queued (or its task is gone):
    // the channel closes when all of them are.
    let (queued, mut all_queued) = mpsc::channel::<()>(1);
    // The batch a write ran in, told apart by the store's commit count when it started: one
    // always happens between two batches that write. None happens within these writes' batch:
    // the batch before it (the gate's) writes nothing, and every write before the gate was
    // counted before it was answered.
    let batches = Arc::new(Mutex::new(BTreeSet::new()));
    let tasks: Vec<_> = writes
        .into_iter()
        .map(|write| {
            let store = store.clone();
            let queued = queued.clone();
            let batches = Arc::clone(&batches);
            let commits = store.commits();
            tokio::spawn(async move {
                let write: Write = Box::new(move |tx| {
                    let batch = *commits.borrow();
                    batches.lock().expect("the batch set").insert(batch);
                    write(tx)
                });
                let mut pending = pin!(store.write(write));
                // The first poll hands the write to the SQLite writer's queue (on PostgreSQL it
                // starts the transaction); a fresh task always has the budget for it.
                let first = futures::poll!(pending.as_mut());
                drop(queued);
                match first {
                    Poll::Ready(result) => result,
                    Poll::Pending => pending.await,
                }
            })
        })
        .collect();
    drop(queued);
    let closed = tokio::time::timeout(HANG_GUARD, all_queued.recv())
        .await
        .expect("every write was queued in time");
    assert!(closed.is_none());
    let _ = release.send(());
    tokio::time::timeout(HANG_GUARD, gate)
        .await
        .expect("the gate write finished in time")
        .expect("the gate write's task")
        .expect("the gate write");

    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        let result = tokio::time::timeout(HANG_GUARD, task)
            .await
            .expect("a write finished in time");
        results.push(result);
    }
    if store.dialect() == Dialect::Sqlite {
        let batches = batches.lock().expect("the batch set");
        assert_eq!(batches.len(), 1, "the writes ran in batches {batches:?}");
    }
    results
}

async fn workspace_ids(store: &Store) -> BTreeSet<String> {
    let mut reader = store.read().await.expect("a read connection");
    let mut ids = BTreeSet::new();
    for id in ["existing", "after"]
        .into_iter()
        .map(String::from)
        .chain((0..200).map(|n| format!("w-{n}")))
    {
        match workspaces::get(&mut reader.conn(), &id).await {
            Ok(row) => {
                ids.insert(row.id);
            }
            Err(StoreError::NotFound) => {}
            Err(error) => panic!("reading workspace {id}: {error}"),
        }
    }
    ids
}

fn ids(range: impl IntoIterator<Item = usize>) -> BTreeSet<String> {
    range.into_iter().map(|n| format!("w-{n}")).collect()
}

async fn two_hundred_concurrent_writes_all_commit_with_gap_free_event_sequences(db: TestDatabase) {
    const SHARED: usize = 5;
    const WRITES: usize = 200;
    seed(
        &db.store,
        (0..SHARED)
            .map(|n| Seed::from(workspace(&format!("shared-{n}"))))
            .collect(),
    )
    .await;

    let tasks: Vec<_> = (0..WRITES)
        .map(|n| {
            let store = db.store.clone();
            tokio::spawn(async move {
                store
                    .write(move |tx| {
                        Box::pin(async move {
                            let mut c = tx.conn();
                            let own = format!("w-{n}");
                            let shared = format!("shared-{}", n % SHARED);
                            let payload = format!(r#"{{"n":{n}}}"#);
                            workspaces::insert(&mut c, &workspace(&own)).await?;
                            for workspace_id in [&own, &shared] {
                                let event = NewEvent {
                                    workspace_id,
                                    kind: "test.written",
                                    channel_id: None,
                                    member_id: None,
                                    actor_id: None,
                                    payload: &payload,
                                    created_at: 0,
                                };
                                events::append(&mut c, &event).await?;
                            }
                            Ok::<_, StoreError>(())
                        })
                    })
                    .await
            })
        })
        .collect();
    for (n, task) in tasks.into_iter().enumerate() {
        task.await
            .expect("a writing task")
            .unwrap_or_else(|e| panic!("write {n} failed: {e}"));
    }

    db.store.settle_events().await;
    let mut reader = db.store.read().await.expect("a read connection");
    let mut payloads = BTreeSet::new();
    for n in 0..SHARED {
        let ceiling = db.store.event_ceiling();
        let rows = events::after(
            &mut reader.conn(),
            &format!("shared-{n}"),
            0,
            1_000,
            ceiling,
        )
        .await
        .expect("reading events");
        let seqs: Vec<i64> = rows.iter().map(|e| e.seq).collect();
        let expected: Vec<i64> = (1..=i64::try_from(WRITES / SHARED).expect("small")).collect();
        assert_eq!(
            seqs, expected,
            "shared-{n} numbers its events 1..n without gaps"
        );
        payloads.extend(rows.into_iter().map(|e| e.payload));
    }
    assert_eq!(payloads.len(), WRITES, "every write's event is there once");
    for n in 0..WRITES {
        let ceiling = db.store.event_ceiling();
        let rows = events::after(&mut reader.conn(), &format!("w-{n}"), 0, 10, ceiling)
            .await
            .expect("reading events");
        let seqs: Vec<i64> = rows.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1], "w-{n}");
    }
    drop(reader);
    assert_eq!(workspace_ids(&db.store).await, ids(0..WRITES));
}

async fn a_failing_write_in_a_busy_batch_is_rolled_back_alone(db: TestDatabase) {
    seed(&db.store, vec![workspace("existing").into()]).await;
    let writes = (0..60)
        .map(|n| {
            let id = format!("w-{n}");
            match n {
                // Fails after inserting its row, with an error of its own.
                20 => insert_workspace_then_fail(id, StoreError::NotFound),
                // Fails on a statement: the database refuses the second insert.
                40 => insert_workspace_then_duplicate(id, "existing"),
                _ => insert_workspace(id),
            }
        })
        .collect();
    let results = in_one_batch(&db.store, writes).await;

    for (n, result) in results.into_iter().enumerate() {
        let result = result.expect("a writing task");
        match n {
            20 => assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}"),
            40 => assert!(
                matches!(result, Err(StoreError::Conflict { ref field }) if field == "id"),
                "{result:?}"
            ),
            _ => assert!(result.is_ok(), "write {n}: {result:?}"),
        }
    }
    let mut expected = ids((0..60).filter(|n| ![20, 40].contains(n)));
    expected.insert("existing".into());
    assert_eq!(workspace_ids(&db.store).await, expected);
}

async fn a_panicking_write_fails_alone_and_the_store_keeps_writing(db: TestDatabase) {
    // A write alone: on SQLite the only one in its transaction.
    let store = db.store.clone();
    let lone =
        tokio::spawn(async move { store.write(insert_workspace_then_panic("w-0".into())).await })
            .await;
    assert_panicked_or_writer_stopped(lone);

    // A write among others in one batch.
    let writes = (1..30)
        .map(|n| {
            let id = format!("w-{n}");
            if n == 15 {
                insert_workspace_then_panic(id)
            } else {
                insert_workspace(id)
            }
        })
        .collect();
    let results = in_one_batch(&db.store, writes).await;
    for (n, result) in (1..30).zip(results) {
        if n == 15 {
            assert_panicked_or_writer_stopped(result);
        } else {
            assert!(matches!(result, Ok(Ok(()))), "write {n}: {result:?}");
        }
    }

    db.store
        .write(insert_workspace("after".into()))
        .await
        .expect("a write after the panics");
    let mut expected = ids((1..30).filter(|&n| n != 15));
    expected.insert("after".into());
    assert_eq!(workspace_ids(&db.store).await, expected);
}

/// On SQLite the writer catches the panic and the caller sees `WriterStopped`; on PostgreSQL
/// the write runs on the caller's task, which the panic ends.
fn assert_panicked_or_writer_stopped(outcome: Result<Result<(), StoreError>, JoinError>) {
    match outcome {
        Ok(Err(StoreError::WriterStopped)) => {}
        Err(error) if error.is_panic() => {}
        other => panic!("expected the panicking write to fail, got {other:?}"),
    }
}

async fn unique_violations_name_the_field_and_a_missing_row_is_not_found(db: TestDatabase) {
    let general = channel("ws", "c1", "general", false, "ann");
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            workspace("other").into(),
            member("ws", "ann", "owner").into(),
            member("other", "olga", "owner").into(),
            general.into(),
        ],
    )
    .await;

    let mut same_email = member("other", "ann2", "member");
    same_email.email = "ann@ws.test".into();
    let result = db
        .store
        .write(move |tx| {
            Box::pin(async move { members::insert(&mut tx.conn(), &same_email, "h").await })
        })
        .await;
    assert!(
        matches!(result, Err(StoreError::Conflict { ref field }) if field == "email"),
        "{result:?}"
    );

    let result = db
        .store
        .write(|tx| {
            Box::pin(async move {
                channels::insert(&mut tx.conn(), &channel("ws", "c2", "general", true, "ann")).await
            })
        })
        .await;
    assert!(
        matches!(result, Err(StoreError::Conflict { ref field }) if field == "name"),
        "{result:?}"
    );
    // The name is taken per workspace only.
    db.store
        .write(|tx| {
            Box::pin(async move {
                channels::insert(
                    &mut tx.conn(),
                    &channel("other", "c3", "general", false, "olga"),
                )
                .await
            })
        })
        .await
        .expect("the same channel name in another workspace");

    let mut reader = db.store.read().await.expect("a read connection");
    let mut c = reader.conn();
    assert!(matches!(
        members::get(&mut c, "ws", "nobody").await,
        Err(StoreError::NotFound)
    ));
    assert!(
        matches!(
            members::get(&mut c, "other", "ann").await,
            Err(StoreError::NotFound)
        ),
        "a member is not found through another workspace"
    );
    assert!(matches!(
        threads::get(&mut c, "ws", "nope").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        workspaces::get(&mut c, "nope").await,
        Err(StoreError::NotFound)
    ));
    drop(reader);
    let result = db
        .store
        .write(|tx| {
            Box::pin(async move {
                members::update(&mut tx.conn(), &member("ws", "nobody", "member")).await
            })
        })
        .await;
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
}

async fn an_acknowledged_write_is_seen_by_a_store_opened_afterwards(db: TestDatabase) {
    let TestDatabase {
        store, location, ..
    } = db;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let id = format!("w-{n}");
                store.write(insert_workspace(id.clone())).await?;
                // Acknowledged means committed: another connection already sees it.
                let mut reader = store.read().await?;
                workspaces::get(&mut reader.conn(), &id).await.map(drop)
            })
        })
        .collect();
    for task in tasks {
        task.await
            .expect("a writing task")
            .expect("a write, then reading it back");
    }
    assert_eq!(workspace_ids(&store).await, ids(0..20));
    drop(store);

    let reopened = Store::open(&location, &StoreOptions::default())
        .await
        .expect("reopening the database");
    assert_eq!(workspace_ids(&reopened).await, ids(0..20));
}

crate::backend_tests!(
    two_hundred_concurrent_writes_all_commit_with_gap_free_event_sequences,
    a_failing_write_in_a_busy_batch_is_rolled_back_alone,
    a_panicking_write_fails_alone_and_the_store_keeps_writing,
    unique_violations_name_the_field_and_a_missing_row_is_not_found,
    an_acknowledged_write_is_seen_by_a_store_opened_afterwards,
);
