//! The event log: one event per change, gap-free, filtered by what the reader may see.

use std::collections::HashSet;

use sundial_app::threads::NewReply;
use sundial_store::testing::TestDatabase;

use crate::support::TestApp;

async fn every_change_appends_an_event_in_order(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t.thread(&ana, &general, "Hello").await;
    t.app
        .reply(
            &ana,
            &posted.thread.id,
            NewReply {
                idempotency_key: None,
                body: "Again".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    let page = t.app.events_after(&ana, 0, 100).await.unwrap();
    let kinds: Vec<&str> = page.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "workspace.created",
            "channel.created",
            "thread.created",
            "message.posted",
            "message.posted"
        ]
    );
    let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    let rest = t.app.events_after(&ana, 3, 100).await.unwrap();
    assert_eq!(
        rest.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [4, 5]
    );
    assert_eq!(rest.last_seq, 5);
}

async fn private_and_personal_events_reach_only_their_audience(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "UTC").await;
    let secret = t.channel(&ana, "secret", true).await;
    let posted = t.thread(&ana, &secret, "Hidden").await;
    t.app.mark_read(&ana, &posted.thread.id).await.unwrap();
    let for_bo = t.app.events_after(&bo, 0, 100).await.unwrap();
    let kinds: Vec<&str> = for_bo.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["workspace.created", "member.added"]);
    assert_eq!(for_bo.last_seq, 6, "Bo resumes after everything he skipped");
    let for_ana = t.app.events_after(&ana, 0, 100).await.unwrap();
    assert!(for_ana.events.iter().any(|e| e.kind == "thread.read"));
}

async fn concurrent_posts_are_all_committed_with_gap_free_events(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t.thread(&ana, &general, "Busy").await;
    let before = t.app.events_after(&ana, 0, 1000).await.unwrap().last_seq;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let (app, actor, thread) = (t.app.clone(), ana.clone(), posted.thread.id.clone());
        tasks.push(tokio::spawn(async move {
            app.reply(
                &actor,
                &thread,
                NewReply {
                    idempotency_key: None,
                    body: format!("message {i}"),
                    request: None,
                },
            )
            .await
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap().unwrap().message_id);
    }
    assert_eq!(ids.len(), 64);
    let detail = t.app.thread(&ana, &posted.thread.id).await.unwrap();
    assert_eq!(detail.messages.len(), 65);
    assert_eq!(detail.thread.message_count, 65);
    let events = t.app.events_after(&ana, before, 1000).await.unwrap().events;
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, ((before + 1)..=(before + 64)).collect::<Vec<_>>());
}

sundial_store::backend_tests!(
    every_change_appends_an_event_in_order,
    private_and_personal_events_reach_only_their_audience,
    concurrent_posts_are_all_committed_with_gap_free_events,
);
