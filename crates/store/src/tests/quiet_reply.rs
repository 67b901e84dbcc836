//! `quiet_reply::add_if_quiet`: a reply that tells nobody and answers no ask of its author's,
//! in a thread where the caller believes it is, is written by one PostgreSQL statement; any
//! other is left whole to the general path, with nothing written. SQLite does not offer it.

use super::{held, in_channel, reader, seed, seed_bobs_thread, workspace, write};
use crate::backend_tests;
use crate::records::events::{self, NewEvent};
use crate::records::messages::{self, MessageRow};
use crate::records::notifications::{self, NotificationRow};
use crate::records::quiet_reply::{self, Place, QuietReply};
use crate::records::requests::{self, ObligationRow, RequestRow};
use crate::records::threads;
use crate::testing::TestDatabase;
use crate::{Dialect, Store};

/// Bob's thread `t1`, which bob and ann follow (ann has read it, and holds a reply notification about it
/// still to come) and eve has muted; cy is in the workspace but does not follow it.
async fn bobs_thread(db: &TestDatabase) {
    seed_bobs_thread(&db.store, &["ann", "bob", "cy", "eve"]).await;
    write(&db.store, "following", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for id in ["ann", "bob"] {
                threads::follow(&mut c, "t1", id, 0).await?;
            }
            threads::set_muted(&mut c, "t1", "eve", true, 0).await?;
            threads::mark_read(&mut c, "t1", "ann", 5).await?;
            notifications::insert_many(&mut c, &[held("n-ann", "ann", "reply", Some(1_000))])
                .await?;
            Ok(())
        })
    })
    .await;
}

/// Where `t1` is: the public channel `c1`.
const GENERAL: Place<'static> = Place {
    channel_id: "c1",
    private: false,
    needs_membership: false,
};

/// A reply `id` by `author` at `at` in `t1`, tried quietly.
async fn try_quietly(store: &Store, id: &str, author: &str, at: i64) -> QuietReply {
    try_quietly_at(store, id, author, at, "ws", GENERAL).await
}

/// [`try_quietly`] by a member of `workspace`, believing `t1` is at `place`.
async fn try_quietly_at(
    store: &Store,
    id: &str,
    author: &str,
    at: i64,
    workspace: &str,
    place: Place<'_>,
) -> QuietReply {
    let reply = MessageRow {
        id: id.to_owned(),
        workspace_id: workspace.to_owned(),
        thread_id: "t1".to_owned(),
        author_id: author.to_owned(),
        body: format!("Reply {id}"),
        created_at: at,
        edited_at: None,
    };
    let payload = format!(r#"{{"message_id":"{id}"}}"#);
    let event = NewEvent {
        workspace_id: workspace,
        kind: "message.posted",
        channel_id: Some("c1"),
        member_id: None,
        actor_id: Some(author),
        payload: &payload,
        created_at: at,
    };
    quiet_reply::add_if_quiet(store, &reply, &event, place)
        .await
        .expect("the attempt")
}

/// The thread's message ids, its message count and last activity, and the payloads of the
/// workspace's logged events.
async fn state(store: &Store) -> (Vec<String>, i64, i64, Vec<String>) {
    store.settle_events().await;
    let mut r = reader(store).await;
    let ids = messages::in_thread(&mut r.conn(), "t1")
        .await
        .expect("messages")
        .into_iter()
        .map(|m| m.id)
        .collect();
    let t1 = threads::get(&mut r.conn(), "ws", "t1").await.expect("t1");
    let log = events::after(&mut r.conn(), "ws", 0, 100, store.event_ceiling())
        .await
        .expect("the log")
        .into_iter()
        .map(|e| e.payload)
        .collect();
    (ids, t1.message_count, t1.last_activity_at, log)
}

async fn a_quiet_reply_is_written_whole_in_one_statement(db: TestDatabase) {
    bobs_thread(&db).await;
    let before = state(&db.store).await;
    let outcome = try_quietly(&db.store, "m-1", "bob", 500).await;
    let thread = match outcome {
        QuietReply::NotOffered if db.store.dialect() == Dialect::Sqlite => {
            assert_eq!(state(&db.store).await, before, "SQLite: nothing written");
            return;
        }
        QuietReply::Added(thread) => thread,
        other => panic!("a quiet reply, written: {other:?}"),
    };
    // The thread as the reply left it.
    assert_eq!(
        (
            thread.message_count,
            thread.last_activity_at,
            thread.last_author_id.as_str()
        ),
        (before.1 + 1, 500, "bob")
    );
    let (ids, count, activity, log) = state(&db.store).await;
    assert_eq!(ids, ["m-0", "m-1"]);
    assert_eq!((count, activity), (before.1 + 1, 500));
    assert_eq!(
        log.last().map(String::as_str),
        Some(r#"{"message_id":"m-1"}"#)
    );
    // The followers' unread state moved as `add` moves it: ann had read the thread, so it
    // turned unread with the reply.
    let mut r = reader(&db.store).await;
    let unread = crate::records::inbox::unread(&mut r.conn(), "ann", None, 10)
        .await
        .expect("unread");
    assert_eq!(unread.first().map(|u| u.unread_since), Some(500));
}

async fn a_reply_somebody_must_hear_of_writes_nothing(db: TestDatabase) {
    bobs_thread(&db).await;
    let before = state(&db.store).await;
    let sqlite = db.store.dialect() == Dialect::Sqlite;
    let nothing = |outcome: QuietReply| match outcome {
        QuietReply::NotOffered => sqlite,
        QuietReply::NotQuiet => !sqlite,
        QuietReply::Added(_) => false,
    };
    // Cy does not follow the thread yet: following it is a write this path does not make.
    assert!(nothing(try_quietly(&db.store, "m-cy", "cy", 500).await));
    // Ann's held notification was delivered: she is to be told of the next reply.
    write(&db.store, "delivering ann's", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            let sql = "UPDATE notifications SET delivered_at = 20 WHERE id = 'n-ann'";
            crate::Sql::new(sql).execute(&mut c).await?;
            Ok(())
        })
    })
    .await;
    assert!(nothing(try_quietly(&db.store, "m-2", "bob", 600).await));
    // Held again, but bob owes ann a reply: his reply answers it.
    write(&db.store, "holding again, and an ask", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            notifications::insert_many(&mut c, &[held("n-ann-2", "ann", "reply", None)]).await?;
            let (request, obligation) = ask_of_bob();
            requests::insert(&mut c, &request, std::slice::from_ref(&obligation)).await?;
            Ok(())
        })
    })
    .await;
    assert!(nothing(try_quietly(&db.store, "m-3", "bob", 700).await));
    assert_eq!(state(&db.store).await, before, "nothing written");
}

async fn a_reply_to_a_thread_not_where_believed_writes_nothing(db: TestDatabase) {
    bobs_thread(&db).await;
    seed(&db.store, vec![workspace("ws2").into()]).await;
    let before = state(&db.store).await;
    let sqlite = db.store.dialect() == Dialect::Sqlite;
    let elsewhere = [
        (
            "ws",
            Place {
                channel_id: "c2",
                ..GENERAL
            },
        ),
        (
            "ws",
            Place {
                private: true,
                ..GENERAL
            },
        ),
        // Bob must be in the channel, and is not.
        (
            "ws",
            Place {
                needs_membership: true,
                ..GENERAL
            },
        ),
        // Bob writing from another workspace.
        ("ws2", GENERAL),
    ];
    for (i, (workspace, place)) in elsewhere.into_iter().enumerate() {
        let outcome =
            try_quietly_at(&db.store, &format!("m-{i}"), "bob", 500, workspace, place).await;
        let expected = if sqlite { "NotOffered" } else { "NotQuiet" };
        assert_eq!(format!("{outcome:?}"), expected, "case {i}");
    }
    assert_eq!(state(&db.store).await, before, "nothing written");
    // Once bob is in the channel, the same belief holds.
    seed(&db.store, vec![in_channel("c1", "bob")]).await;
    let member = Place {
        needs_membership: true,
        ..GENERAL
    };
    let outcome = try_quietly_at(&db.store, "m-in", "bob", 600, "ws", member).await;
    assert!(matches!(
        (outcome, sqlite),
        (QuietReply::Added(_), false) | (QuietReply::NotOffered, true)
    ));
}

backend_tests!(
    a_quiet_reply_is_written_whole_in_one_statement,
    a_reply_somebody_must_hear_of_writes_nothing,
    a_reply_to_a_thread_not_where_believed_writes_nothing,
    quiet_and_general_replies_at_once_never_deadlock
);

/// Ann's pending `reply` ask to bob, made in the thread's opening message.
fn ask_of_bob() -> (RequestRow, ObligationRow) {
    let request = RequestRow {
        id: "r-1".to_owned(),
        workspace_id: "ws".to_owned(),
        message_id: "m-0".to_owned(),
        thread_id: "t1".to_owned(),
        requester_id: "ann".to_owned(),
        kind: "reply".to_owned(),
        urgency: "normal".to_owned(),
        explicit_due_at: None,
        created_at: 0,
    };
    let obligation = ObligationRow {
        request_id: "r-1".to_owned(),
        member_id: "bob".to_owned(),
        status: "pending".to_owned(),
        due_at: 1_000,
        original_due_at: 1_000,
        updated_at: 0,
    };
    (request, obligation)
}

/// Quiet replies and general ones (inside a write) on the same thread at once: both lock the
/// thread's row before its followers' rows, so they queue and never deadlock. (Before, the
/// general statement locked the followers first: PostgreSQL found deadlocks within seconds.)
async fn quiet_and_general_replies_at_once_never_deadlock(db: TestDatabase) {
    bobs_thread(&db).await;
    write(&db.store, "everyone following, holding", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for id in ["cy", "eve"] {
                threads::follow(&mut c, "t1", id, 0).await?;
            }
            threads::set_muted(&mut c, "t1", "eve", false, 0).await?;
            let rows: Vec<NotificationRow> = ["bob", "cy", "eve"]
                .iter()
                .map(|id| held(&format!("n-{id}"), id, "reply", None))
                .collect();
            notifications::insert_many(&mut c, &rows).await
        })
    })
    .await;
    let authors = ["ann", "bob", "cy", "eve"];
    let mut tasks = Vec::new();
    for task in 0..8 {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let author = authors[(task + i) % authors.len()];
                let id = format!("m-{task}-{i}");
                let at = 1_000 + (task * 100 + i) as i64;
                if task % 2 == 0 {
                    try_quietly(&store, &id, author, at).await;
                } else {
                    general_reply(&store, id, author, at).await;
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("every reply written, none deadlocked");
    }
}

/// A reply by `author` through `replies::add` inside a write.
async fn general_reply(store: &Store, id: String, author: &'static str, at: i64) {
    write(store, "a general reply", move |tx| {
        Box::pin(async move {
            let reply = MessageRow {
                id: id.clone(),
                workspace_id: "ws".to_owned(),
                thread_id: "t1".to_owned(),
                author_id: author.to_owned(),
                body: format!("Reply {id}"),
                created_at: at,
                edited_at: None,
            };
            let event = NewEvent {
                workspace_id: "ws",
                kind: "message.posted",
                channel_id: Some("c1"),
                member_id: None,
                actor_id: Some(author),
                payload: "{}",
                created_at: at,
            };
            crate::records::replies::add(&mut tx.conn(), &reply, &event).await?;
            Ok(())
        })
    })
    .await;
}
