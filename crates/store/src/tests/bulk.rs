//! The bulk path: a batch lands whole (search included), a failing batch leaves nothing, and
//! link rows already stored are kept rather than refused.

use super::{Seed, channel, member, message, seed, thread, workspace};
use crate::backend_tests;
use crate::bulk::{self, Batch};
use crate::records::requests::{ObligationRow, RequestRow};
use crate::records::search::{Searcher, search};
use crate::records::threads;
use crate::testing::TestDatabase;

/// A workspace with a member `ana` and a public channel, and a batch of 1,500 messages in 3
/// threads (more rows than one statement binds), one of them mentioning "zanzibar".
async fn fixture(db: &TestDatabase) -> Batch {
    let ana = member("w", "ana", "owner");
    let general = channel("w", "c", "general", false, "ana");
    seed(
        &db.store,
        vec![
            Seed::from(workspace("w")),
            ana.into(),
            general.clone().into(),
        ],
    )
    .await;
    let mut batch = Batch::default();
    for t in 0..3 {
        let mut row = thread(&general, &format!("t{t}"), "Bulk thread", "ana", 0);
        row.message_count = 500;
        row.last_activity_at = 499;
        for m in 0..500 {
            let body = if t == 2 && m == 7 {
                "the zanzibar launch"
            } else {
                "plain words"
            };
            batch
                .messages
                .push(message(&row, &format!("m{t}-{m}"), "ana", body, m));
        }
        batch.follows.push((row.id.clone(), "ana".to_owned(), 0));
        batch.threads.push(row);
    }
    batch.requests.push(RequestRow {
        id: "r".to_owned(),
        workspace_id: "w".to_owned(),
        message_id: "m0-0".to_owned(),
        thread_id: "t0".to_owned(),
        requester_id: "ana".to_owned(),
        kind: "ack".to_owned(),
        urgency: "low".to_owned(),
        explicit_due_at: None,
        created_at: 0,
    });
    batch.obligations.push(ObligationRow {
        request_id: "r".to_owned(),
        member_id: "ana".to_owned(),
        status: "pending".to_owned(),
        due_at: 10,
        original_due_at: 10,
        updated_at: 0,
    });
    batch
}

async fn a_batch_lands_whole_and_is_searchable(db: TestDatabase) {
    let batch = fixture(&db).await;
    bulk::write(&db.store, batch).await.expect("the batch");
    let mut reader = db.store.read().await.expect("a reader");
    let mut c = reader.conn();
    let listed = threads::list(&mut c, "c", None, 10).await.expect("threads");
    assert_eq!(listed.len(), 3);
    let searcher = Searcher {
        workspace_id: "w",
        member_id: "ana",
        guest: false,
    };
    let hits = search(&mut c, searcher, "zanzibar", 10)
        .await
        .expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
}

async fn a_failing_batch_writes_nothing(db: TestDatabase) {
    let mut batch = fixture(&db).await;
    // The last message names a thread that does not exist: the whole batch must roll back.
    let mut stray = batch.messages[0].clone();
    stray.id = "stray".to_owned();
    stray.thread_id = "no-such-thread".to_owned();
    batch.messages.push(stray);
    assert!(bulk::write(&db.store, batch).await.is_err());
    let mut reader = db.store.read().await.expect("a reader");
    let listed = threads::list(&mut reader.conn(), "c", None, 10)
        .await
        .expect("threads");
    assert!(listed.is_empty(), "nothing of the batch was kept");
}

async fn followers_already_stored_are_kept(db: TestDatabase) {
    let batch = fixture(&db).await;
    let again: Vec<_> = batch.follows.clone();
    bulk::write(&db.store, batch).await.expect("the batch");
    let second = Batch {
        follows: again,
        ..Batch::default()
    };
    bulk::write(&db.store, second)
        .await
        .expect("following twice changes nothing");
}

backend_tests!(
    a_batch_lands_whole_and_is_searchable,
    a_failing_batch_writes_nothing,
    followers_already_stored_are_kept,
);
