//! `replies::add`: a reply's writes on its thread, and the thread's followers from before it
//! with whether each holds a reply notification still to come, and whether the author owes a
//! reply ask there. One statement on PostgreSQL,
//! several on SQLite: the same answers on both.

use super::{channel, held, member, message, reader, seed, thread, workspace, write};
use crate::backend_tests;
use crate::records::events::{self, NewEvent};
use crate::records::inbox;
use crate::records::notifications;
use crate::records::replies::{self, PriorFollower};
use crate::records::requests::{self, ObligationRow, RequestRow};
use crate::records::threads;
use crate::testing::TestDatabase;
use crate::{Dialect, Sql};

fn prior(member_id: &str, muted: bool, holding_reply: bool, owes_reply: bool) -> PriorFollower {
    PriorFollower {
        member_id: member_id.to_owned(),
        muted,
        holding_reply,
        owes_reply,
    }
}

/// A `kind` ask by bob in thread `t1` to `to`, in `status`.
fn ask(id: &str, kind: &str, to: &str, status: &str) -> (RequestRow, ObligationRow) {
    let request = RequestRow {
        id: id.to_owned(),
        workspace_id: "ws".to_owned(),
        message_id: format!("m-{id}"),
        thread_id: "t1".to_owned(),
        requester_id: "bob".to_owned(),
        kind: kind.to_owned(),
        urgency: "normal".to_owned(),
        explicit_due_at: None,
        created_at: 0,
    };
    let obligation = ObligationRow {
        request_id: id.to_owned(),
        member_id: to.to_owned(),
        status: status.to_owned(),
        due_at: 1_000,
        original_due_at: 1_000,
        updated_at: 0,
    };
    (request, obligation)
}

async fn a_reply_touches_its_thread_and_answers_the_followers_before_it(db: TestDatabase) {
    let general = channel("ws", "c1", "general", false, "bob");
    let t1 = thread(&general, "t1", "Plans", "bob", 5);
    let mut records = vec![workspace("ws").into()];
    for id in ["ann", "bob", "cy", "dee", "eve"] {
        records.push(member("ws", id, "member").into());
    }
    records.extend([general.clone().into(), t1.clone().into()]);
    // The messages bob's asks below were made in, at the thread's start.
    let asks = ["r-cy", "r-dee", "r-cy-done", "r-cy-review"];
    for id in asks {
        records.push(message(&t1, &format!("m-{id}"), "bob", "An ask", 5).into());
    }
    seed(&db.store, records).await;
    write(&db.store, "following and holding", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for id in ["ann", "bob", "cy", "dee"] {
                threads::follow(&mut c, "t1", id, 0).await?;
            }
            threads::set_muted(&mut c, "t1", "eve", true, 0).await?;
            // Ann has read the thread; the others have not.
            threads::mark_read(&mut c, "t1", "ann", 5).await?;
            let mut delivered = held("n-dee", "dee", "reply", Some(100));
            delivered.delivered_at = Some(100);
            let rows = [
                held("n-ann", "ann", "reply", Some(1_000)), // still to come: holds
                held("n-bob", "bob", "mention", Some(1_000)), // another kind
                held("n-cy", "cy", "reply", Some(400)),     // its instant passed
                delivered,
                held("n-eve", "eve", "reply", None), // held with no instant: holds
            ];
            notifications::insert_many(&mut c, &rows).await?;
            // Cy, who writes the reply, owes bob a reply; the others' asks do not count for
            // cy, and neither do a done ask or one of another kind.
            for (request, obligation) in [
                ask("r-cy", "reply", "cy", "acknowledged"),
                ask("r-dee", "reply", "dee", "pending"),
                ask("r-cy-done", "reply", "cy", "done"),
                ask("r-cy-review", "review", "cy", "pending"),
            ] {
                requests::insert(&mut c, &request, std::slice::from_ref(&obligation)).await?;
            }
            Ok(())
        })
    })
    .await;

    let reply = message(&t1, "m-1", "cy", "A reply", 500);
    let stored = reply.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    write(&db.store, "replying", move |t| {
        Box::pin(async move {
            let event = NewEvent {
                workspace_id: "ws",
                kind: "message.posted",
                channel_id: Some("c1"),
                member_id: None,
                actor_id: Some("cy"),
                payload: r#"{"message_id":"m-1"}"#,
                created_at: 500,
            };
            let added = replies::add(&mut t.conn(), &stored, &event).await?;
            let _ = tx.send(added);
            Ok(())
        })
    })
    .await;
    let added = rx.await.expect("the followers");
    // PostgreSQL's statement brings the audience token along (nothing changed it since);
    // SQLite leaves it to be read when needed, at no round trip.
    let token: i64 = Sql::new("SELECT version FROM audience_version")
        .fetch_scalar(&mut reader(&db.store).await.conn())
        .await
        .expect("the token");
    let expected = match db.store.dialect() {
        Dialect::Postgres => Some(token),
        Dialect::Sqlite => None,
    };
    assert_eq!(added.audience_version, expected);
    assert_eq!(
        added.followers,
        [
            prior("ann", false, true, false),
            prior("bob", false, false, false),
            prior("cy", false, false, true),
            prior("dee", false, false, false),
            prior("eve", true, true, false),
        ]
    );

    // Its event is in the log, after the seeded ones, once numbered.
    db.store.settle_events().await;
    let mut r = reader(&db.store).await;
    let log = events::after(&mut r.conn(), "ws", 0, 100, db.store.event_ceiling())
        .await
        .expect("the log");
    let last = log.last().expect("an event");
    assert_eq!(
        (
            last.kind.as_str(),
            last.payload.as_str(),
            last.actor_id.as_deref()
        ),
        ("message.posted", r#"{"message_id":"m-1"}"#, Some("cy"))
    );
    assert_eq!(
        (last.channel_id.as_deref(), last.created_at),
        (Some("c1"), 500)
    );
    let thread = threads::get(&mut r.conn(), "ws", "t1").await.expect("t1");
    assert_eq!(
        (thread.last_activity_at, thread.last_author_id.as_str()),
        (500, "cy")
    );
    assert_eq!(
        thread.message_count,
        t1.message_count + asks.len() as i64 + 1
    );
    let messages = crate::records::messages::in_thread(&mut r.conn(), "t1")
        .await
        .expect("messages");
    assert_eq!(messages.last().map(|m| m.id.as_str()), Some("m-1"));
    // Ann had read it: unread since the reply. Dee never had: unread since before, kept. Cy
    // wrote it: nothing unread.
    for (who, since) in [("ann", Some(500)), ("dee", Some(5)), ("cy", None)] {
        let unread = inbox::unread(&mut r.conn(), who, None, 10)
            .await
            .expect("unread");
        let found = unread.first().map(|u| u.unread_since);
        assert_eq!(found, since, "{who}");
    }
}

backend_tests!(a_reply_touches_its_thread_and_answers_the_followers_before_it);
