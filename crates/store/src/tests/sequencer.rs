//! The PostgreSQL event sequencer: numbering stays gap-free and in visible order with several
//! stores (nodes) writing to one database, and events a stopped node left staged get numbered.
//! PostgreSQL only: SQLite numbers events in its single writer and never stages them.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{seed, workspace};
use crate::records::events::{self, EventRow, NewEvent};
use crate::testing::{self, TestDatabase};
use crate::{Store, StoreError, StoreOptions};

async fn open_another_node(db: &TestDatabase) -> Store {
    Store::open(
        &db.location,
        &StoreOptions {
            connections: Some(4),
        },
    )
    .await
    .expect("opening a second store on the same database")
}

async fn append(store: &Store, workspace_id: &str, payload: &str) -> Result<(), StoreError> {
    let (workspace_id, payload) = (workspace_id.to_owned(), payload.to_owned());
    store
        .write(move |tx| {
            Box::pin(async move {
                let event = NewEvent {
                    workspace_id: &workspace_id,
                    kind: "test.happened",
                    channel_id: None,
                    member_id: None,
                    actor_id: None,
                    payload: &payload,
                    created_at: 0,
                };
                events::append(&mut tx.conn(), &event).await
            })
        })
        .await
}

/// The workspace's numbered log, without waiting for anything still staged.
async fn numbered_log(store: &Store, workspace_id: &str) -> Vec<EventRow> {
    let mut reader = store.read().await.expect("a read connection");
    events::after(
        &mut reader.conn(),
        workspace_id,
        0,
        100_000,
        store.event_ceiling(),
    )
    .await
    .expect("reading events")
}

/// The workspace's log once the events of every write returned so far are numbered.
async fn log(store: &Store, workspace_id: &str) -> Vec<EventRow> {
    store.settle_events().await;
    numbered_log(store, workspace_id).await
}

fn payloads(rows: &[EventRow]) -> Vec<(i64, &str)> {
    rows.iter().map(|e| (e.seq, e.payload.as_str())).collect()
}

/// What a node that stopped between its write's commit and its sequencer pass leaves behind.
async fn stage_directly(store: &Store, workspace_id: &str, payload: &str) {
    let mut reader = store.read().await.expect("a connection");
    let crate::Conn::Postgres(c) = &mut reader.conn() else {
        panic!("a PostgreSQL store")
    };
    sqlx::query(
        "INSERT INTO event_queue (workspace_id, kind, payload, created_at) \
         VALUES ($1, 'test.staged', $2, 0)",
    )
    .bind(workspace_id)
    .bind(payload)
    .execute(&mut **c)
    .await
    .expect("staging an event");
}

/// The log a reader sees must at every moment be 1..=n, and what it saw before must still be
/// there unchanged: then no event can ever appear below one it has seen.
fn check_visible_log(seen: &mut BTreeMap<i64, String>, rows: &[EventRow], workspace_id: &str) {
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(
            row.seq,
            i64::try_from(index).expect("small") + 1,
            "{workspace_id}: the visible log has a gap: {:?}",
            payloads(rows)
        );
        if let Some(before) = seen.get(&row.seq) {
            assert_eq!(
                before, &row.payload,
                "{workspace_id}: event {} changed",
                row.seq
            );
        }
    }
    assert!(
        rows.len() >= seen.len(),
        "{workspace_id}: events seen before disappeared"
    );
    seen.extend(rows.iter().map(|row| (row.seq, row.payload.clone())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_writing_concurrently_number_events_once_each_without_gaps_in_visible_order() {
    const WORKSPACES: usize = 3;
    const WRITES_PER_STORE: usize = 120;
    let db = testing::postgres().await;
    let other = open_another_node(&db).await;
    let workspace_ids: Vec<String> = (0..WORKSPACES).map(|n| format!("ws-{n}")).collect();
    seed(
        &db.store,
        workspace_ids
            .iter()
            .map(|id| workspace(id).into())
            .collect(),
    )
    .await;

    let writing = Arc::new(AtomicBool::new(true));
    let reader = tokio::spawn({
        let (store, writing, workspace_ids) =
            (db.store.clone(), writing.clone(), workspace_ids.clone());
        async move {
            let mut seen = vec![BTreeMap::new(); WORKSPACES];
            let mut polls = 0;
            loop {
                // Read the flag first: the poll after the last write ends is a full one.
                let last = !writing.load(Ordering::SeqCst);
                for (index, id) in workspace_ids.iter().enumerate() {
                    check_visible_log(&mut seen[index], &log(&store, id).await, id);
                }
                polls += 1;
                if last {
                    return (seen, polls);
                }
            }
        }
    });

    let writers: Vec<_> = [db.store.clone(), other.clone()]
        .into_iter()
        .enumerate()
        .flat_map(|(node, store)| {
            let workspace_ids = workspace_ids.clone();
            (0..WRITES_PER_STORE).map(move |n| {
                let (store, workspace_id) = (store.clone(), workspace_ids[n % WORKSPACES].clone());
                tokio::spawn(async move {
                    let payload = format!("node-{node}-write-{n}");
                    append(&store, &workspace_id, &payload)
                        .await
                        .unwrap_or_else(|e| panic!("{payload} failed: {e}"));
                    // Read-your-writes: once settled after the write returned, its event is
                    // numbered and readable.
                    let rows = log(&store, &workspace_id).await;
                    assert!(
                        rows.iter().any(|row| row.payload == payload),
                        "{payload} is readable once its write returned"
                    );
                })
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("a writing task");
    }
    writing.store(false, Ordering::SeqCst);
    let (seen, polls) = reader.await.expect("the reading task");
    assert!(polls > 1, "the reader polled while writes ran");

    let mut all_payloads: Vec<String> =
        seen.into_iter().flat_map(|log| log.into_values()).collect();
    all_payloads.sort();
    let mut expected: Vec<String> = (0..2)
        .flat_map(|node| (0..WRITES_PER_STORE).map(move |n| format!("node-{node}-write-{n}")))
        .collect();
    expected.sort();
    assert_eq!(all_payloads, expected, "every event appears exactly once");
    other.settle_events().await;
    for id in &workspace_ids {
        let mut reader = other.read().await.expect("a read connection");
        let head = events::head(&mut reader.conn(), id, other.event_ceiling())
            .await
            .expect("the head");
        assert_eq!(
            head,
            i64::try_from(2 * WRITES_PER_STORE / WORKSPACES).expect("small"),
            "{id}: the head is the last numbered event"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_a_stopped_node_left_staged_are_numbered_when_a_store_opens() {
    let db = testing::postgres().await;
    seed(&db.store, vec![workspace("a").into()]).await;
    append(&db.store, "a", "before").await.expect("an event");
    stage_directly(&db.store, "a", "left-1").await;
    stage_directly(&db.store, "a", "left-2").await;
    // Staged but unnumbered: readers do not see it. (The running store's periodic pass could
    // number it any moment, so this is not asserted; opening a store must number it at once.)
    let other = open_another_node(&db).await;
    assert_eq!(
        payloads(&numbered_log(&other, "a").await),
        [(1, "before"), (2, "left-1"), (3, "left-2")]
    );
    append(&other, "a", "after").await.expect("an event");
    assert_eq!(
        payloads(&log(&db.store, "a").await),
        [(1, "before"), (2, "left-1"), (3, "left-2"), (4, "after")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_left_staged_on_a_running_store_are_numbered_by_the_periodic_pass() {
    let db = testing::postgres().await;
    seed(&db.store, vec![workspace("a").into()]).await;
    let mut commits = db.store.commits();
    commits.borrow_and_update();
    stage_directly(&db.store, "a", "left").await;
    tokio::time::timeout(Duration::from_secs(15), commits.changed())
        .await
        .expect("a periodic pass within 15 s")
        .expect("the store is open");
    assert_eq!(payloads(&numbered_log(&db.store, "a").await), [(1, "left")]);
}

/// Staged rows are deleted as they are numbered; the sequencer vacuums the queue about once a
/// second while events flow, or every pass would scan the dead rows piling up until autovacuum
/// comes by (a minute apart by default).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sequencer_vacuums_the_queue_while_events_flow() {
    let db = testing::postgres().await;
    seed(&db.store, vec![workspace("a").into()]).await;
    let vacuums = || async {
        let mut reader = db.store.read().await.expect("a read connection");
        crate::Sql::new(
            "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'event_queue'",
        )
        .fetch_scalar::<i64>(&mut reader.conn())
        .await
        .expect("the queue's vacuum count")
    };
    let before = vacuums().await;
    for i in 0..30 {
        append(&db.store, "a", &format!("e-{i}"))
            .await
            .expect("an event");
        db.store.settle_events().await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = vacuums().await;
    assert!(
        (before + 1..=before + 4).contains(&after),
        "three seconds of events: vacuumed {} times",
        after - before
    );
}
