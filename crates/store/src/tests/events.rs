//! The event log: per-workspace sequence numbers, and reading after a position.

use super::{seed, workspace};
use crate::records::events::{self, EventRow, NewEvent};
use crate::testing::TestDatabase;
use crate::{Dialect, Store, StoreError};

/// Appends an event with `payload` to `workspace_id` in a write of its own; returns the
/// workspace's head once the write returns, which is the event's seq: an acknowledged write's
/// events are readable (on PostgreSQL the sequencer numbered them before `write` returned).
async fn append(store: &Store, workspace_id: &str, payload: &str) -> Result<i64, StoreError> {
    let (workspace, payload) = (workspace_id.to_owned(), payload.to_owned());
    store
        .write(move |tx| {
            Box::pin(async move {
                let event = NewEvent {
                    workspace_id: &workspace,
                    kind: "test.happened",
                    channel_id: Some("c1"),
                    member_id: Some("m1"),
                    actor_id: Some("m2"),
                    payload: &payload,
                    created_at: 1_000,
                };
                events::append(&mut tx.conn(), &event).await
            })
        })
        .await?;
    store.settle_events().await;
    let mut reader = store.read().await?;
    events::head(&mut reader.conn(), workspace_id, store.event_ceiling()).await
}

async fn after(store: &Store, workspace_id: &str, after: i64, limit: i64) -> Vec<EventRow> {
    store.settle_events().await;
    let mut reader = store.read().await.expect("a read connection");
    events::after(
        &mut reader.conn(),
        workspace_id,
        after,
        limit,
        store.event_ceiling(),
    )
    .await
    .expect("reading events")
}

fn seqs_and_payloads(rows: &[EventRow]) -> Vec<(i64, &str)> {
    rows.iter().map(|e| (e.seq, e.payload.as_str())).collect()
}

async fn after_returns_a_workspaces_events_in_order_from_a_position_up_to_a_limit(
    db: TestDatabase,
) {
    seed(
        &db.store,
        vec![workspace("a").into(), workspace("b").into()],
    )
    .await;
    // Interleaved, so each workspace's numbering must be its own.
    for (workspace_id, payload) in [
        ("a", "a1"),
        ("b", "b1"),
        ("a", "a2"),
        ("a", "a3"),
        ("b", "b2"),
        ("a", "a4"),
    ] {
        append(&db.store, workspace_id, payload)
            .await
            .expect("appending an event");
    }

    let all = after(&db.store, "a", 0, 100).await;
    assert_eq!(
        seqs_and_payloads(&all),
        [(1, "a1"), (2, "a2"), (3, "a3"), (4, "a4")]
    );
    let first = &all[0];
    assert_eq!(
        (
            first.workspace_id.as_str(),
            first.kind.as_str(),
            first.channel_id.as_deref(),
            first.member_id.as_deref(),
            first.actor_id.as_deref(),
            first.created_at,
        ),
        (
            "a",
            "test.happened",
            Some("c1"),
            Some("m1"),
            Some("m2"),
            1_000
        )
    );
    assert_eq!(
        seqs_and_payloads(&after(&db.store, "a", 2, 100).await),
        [(3, "a3"), (4, "a4")],
        "only events after the position"
    );
    assert_eq!(
        seqs_and_payloads(&after(&db.store, "a", 1, 2).await),
        [(2, "a2"), (3, "a3")],
        "at most the limit, the oldest first"
    );
    assert!(after(&db.store, "a", 4, 100).await.is_empty());
    assert_eq!(
        seqs_and_payloads(&after(&db.store, "b", 0, 100).await),
        [(1, "b1"), (2, "b2")]
    );
    assert!(after(&db.store, "nowhere", 0, 100).await.is_empty());
}

async fn an_event_in_a_rolled_back_write_leaves_no_gap_in_the_sequence(db: TestDatabase) {
    seed(&db.store, vec![workspace("a").into()]).await;
    assert_eq!(append(&db.store, "a", "kept").await.expect("an event"), 1);
    let result: Result<(), StoreError> = db
        .store
        .write(|tx| {
            Box::pin(async move {
                let event = NewEvent {
                    workspace_id: "a",
                    kind: "test.lost",
                    channel_id: None,
                    member_id: None,
                    actor_id: None,
                    payload: "lost",
                    created_at: 0,
                };
                events::append(&mut tx.conn(), &event).await?;
                Err(StoreError::NotFound)
            })
        })
        .await;
    assert!(matches!(result, Err(StoreError::NotFound)));
    assert_eq!(append(&db.store, "a", "next").await.expect("an event"), 2);
    assert_eq!(
        seqs_and_payloads(&after(&db.store, "a", 0, 100).await),
        [(1, "kept"), (2, "next")]
    );
}

async fn an_event_for_a_missing_workspace_is_refused(db: TestDatabase) {
    let result = append(&db.store, "nowhere", "{}").await;
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
}

/// On SQLite an event can be committed a few milliseconds before it is on disk; readers stop at
/// the ceiling the syncer publishes after each flush. Here a ceiling just below the newest
/// event stands for "the last batch is committed but not flushed yet".
async fn events_past_the_ceiling_are_left_for_a_later_read(db: TestDatabase) {
    seed(&db.store, vec![workspace("a").into()]).await;
    for payload in ["a1", "a2", "a3"] {
        append(&db.store, "a", payload).await.expect("an event");
    }
    let ceiling = db.store.event_ceiling();
    assert_eq!(
        ceiling.is_some(),
        db.store.dialect() == Dialect::Sqlite,
        "only SQLite commits before it flushes"
    );
    let mut reader = db.store.read().await.expect("a read connection");
    let mut c = reader.conn();
    let on_disk = events::after(&mut c, "a", 0, 100, ceiling)
        .await
        .expect("reading events");
    assert_eq!(
        seqs_and_payloads(&on_disk),
        [(1, "a1"), (2, "a2"), (3, "a3")],
        "an acknowledged write's event is on disk and readable"
    );
    let Some(ceiling) = ceiling else { return };
    let unflushed = events::after(&mut c, "a", 0, 100, Some(ceiling - 1))
        .await
        .expect("reading events");
    assert_eq!(seqs_and_payloads(&unflushed), [(1, "a1"), (2, "a2")]);
    assert_eq!(
        events::head(&mut c, "a", Some(ceiling - 1))
            .await
            .expect("the head"),
        2
    );
    assert_eq!(
        events::head(&mut c, "a", Some(ceiling))
            .await
            .expect("the head"),
        3
    );
    assert!(matches!(
        events::head(&mut c, "nowhere", Some(ceiling)).await,
        Err(StoreError::NotFound)
    ));
}

crate::backend_tests!(
    events_past_the_ceiling_are_left_for_a_later_read,
    after_returns_a_workspaces_events_in_order_from_a_position_up_to_a_limit,
    an_event_in_a_rolled_back_write_leaves_no_gap_in_the_sequence,
    an_event_for_a_missing_workspace_is_refused,
);
