//! The batched writes of a post: several members following a thread in one statement, an ask
//! (request, obligations, event, timers) at once, and several jobs at once. Each must leave
//! what the one-at-a-time writes left.

use super::{reader, seed, seed_bobs_thread, workspace, write};
use crate::backend_tests;
use crate::records::events::{self, NewEvent};
use crate::records::requests::{self, ObligationRow, RequestRow};
use crate::records::{inbox, jobs, threads};
use crate::testing::TestDatabase;

/// Bob's thread `t1` with ann, bob, cy and dee in the workspace.
async fn bobs_thread(db: &TestDatabase) {
    seed_bobs_thread(&db.store, &["ann", "bob", "cy", "dee"]).await;
}

async fn many_follow_at_once_each_with_their_own_unread_state(db: TestDatabase) {
    bobs_thread(&db).await;
    write(&db.store, "following", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            // Ann read the thread before she followed it; dee follows it muted already.
            threads::mark_read(&mut c, "t1", "ann", 5).await?;
            threads::set_muted(&mut c, "t1", "dee", true, 1).await?;
            threads::follow_many(&mut c, "t1", &["ann", "bob", "cy", "dee"], 7).await
        })
    })
    .await;
    let mut r = reader(&db.store).await;
    for (who, muted, unread) in [
        ("ann", false, None),   // read it already
        ("bob", false, None),   // wrote its last message
        ("cy", false, Some(5)), // news for cy
        ("dee", true, Some(5)), // unchanged: still muted
    ] {
        let row = threads::follower(&mut r.conn(), "t1", who)
            .await
            .expect("the follower")
            .unwrap_or_else(|| panic!("{who} follows"));
        assert_eq!(row.muted, muted, "{who}");
        let found = inbox::unread(&mut r.conn(), who, None, 10)
            .await
            .expect("unread")
            .first()
            .map(|u| u.unread_since);
        assert_eq!(found, unread, "{who}");
    }
}

async fn an_ask_its_obligations_event_and_timers_are_written_together(db: TestDatabase) {
    bobs_thread(&db).await;
    write(&db.store, "asking", |tx| {
        Box::pin(async move {
            let request = RequestRow {
                id: "r-1".to_owned(),
                workspace_id: "ws".to_owned(),
                message_id: "m-0".to_owned(),
                thread_id: "t1".to_owned(),
                requester_id: "bob".to_owned(),
                kind: "review".to_owned(),
                urgency: "high".to_owned(),
                explicit_due_at: None,
                created_at: 5,
            };
            let obligation = |member_id: &str, due_at| ObligationRow {
                request_id: "r-1".to_owned(),
                member_id: member_id.to_owned(),
                status: "pending".to_owned(),
                due_at,
                original_due_at: due_at,
                updated_at: 5,
            };
            let event = NewEvent {
                workspace_id: "ws",
                kind: "request.created",
                channel_id: Some("c1"),
                member_id: None,
                actor_id: Some("bob"),
                payload: r#"{"request_id":"r-1"}"#,
                created_at: 5,
            };
            let obligations = [obligation("ann", 900), obligation("cy", 700)];
            let timer = |id, run_at| jobs::NewJob {
                id,
                kind: "obligation.overdue",
                payload: "{}",
                run_at,
                max_attempts: 20,
            };
            let timers = [timer("overdue:r-1:ann", 900), timer("overdue:r-1:cy", 700)];
            let ask = requests::NewAsk {
                request: &request,
                obligations: &obligations,
                event: &event,
                timers: &timers,
                now: 5,
            };
            requests::insert_ask(&mut tx.conn(), ask).await
        })
    })
    .await;
    db.store.settle_events().await;
    let mut r = reader(&db.store).await;
    // Bob waits on both, in due order: each obligation carries its requester.
    let waiting = inbox::waiting_on(&mut r.conn(), "bob", None, 10)
        .await
        .expect("waiting on");
    let found: Vec<(&str, i64, &str)> = waiting
        .iter()
        .map(|o| (o.member_id.as_str(), o.due_at, o.kind.as_str()))
        .collect();
    assert_eq!(found, [("cy", 700, "review"), ("ann", 900, "review")]);
    let log = events::after(&mut r.conn(), "ws", 0, 10, db.store.event_ceiling())
        .await
        .expect("the log");
    let kinds: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.kind.as_str(), e.payload.as_str()))
        .collect();
    assert_eq!(kinds, [("request.created", r#"{"request_id":"r-1"}"#)]);
    for (id, run_at) in [("overdue:r-1:ann", 900), ("overdue:r-1:cy", 700)] {
        let job = jobs::get(&mut r.conn(), id).await.expect("the timer");
        assert_eq!(
            (job.kind.as_str(), job.run_at, job.created_at),
            ("obligation.overdue", run_at, 5)
        );
    }
}

async fn many_jobs_are_enqueued_at_once(db: TestDatabase) {
    seed(&db.store, vec![workspace("ws").into()]).await;
    write(&db.store, "enqueueing", |tx| {
        Box::pin(async move {
            let job = |id, run_at| jobs::NewJob {
                id,
                kind: "test.kind",
                payload: "{}",
                run_at,
                max_attempts: 3,
            };
            jobs::enqueue_many(&mut tx.conn(), &[job("j-1", 10), job("j-2", 20)], 1).await
        })
    })
    .await;
    let mut r = reader(&db.store).await;
    for (id, run_at) in [("j-1", 10), ("j-2", 20)] {
        let job = jobs::get(&mut r.conn(), id).await.expect("the job");
        assert_eq!(
            (job.run_at, job.attempts, job.max_attempts, job.finished_at),
            (run_at, 0, 3, None)
        );
    }
}

backend_tests!(
    many_follow_at_once_each_with_their_own_unread_state,
    an_ask_its_obligations_event_and_timers_are_written_together,
    many_jobs_are_enqueued_at_once
);
