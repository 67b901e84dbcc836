//! Coming due and overdue: the reminder one working hour before the due time, the follow-up
//! nudge at the recipient's next check time, the requester told once, and a promise moving
//! both timers.

use sundial_store::testing::TestDatabase;

use super::{delivered, deliveries, expected, run_until};
use crate::support::{TestApp, at};

async fn an_ignored_ask_reminds_then_nudges_and_tells_the_requester_once(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    // Due Tuesday 17:00 in Tokyo (08:00Z).
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    run_until(&t, at("2026-03-20T00:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[
            ("2026-03-10T00:30:00Z", &["ask:Budget"]),
            // Coming due at 16:00, shown at the 16:30 check.
            ("2026-03-10T07:30:00Z", &["coming_due:Budget"]),
            // Overdue at 17:00: the nudge at Wednesday's 09:30 check, once.
            ("2026-03-11T00:30:00Z", &["overdue:Budget"]),
        ])
    );
    // Ana hears once, at her 09:30 in New York on Tuesday.
    assert_eq!(
        deliveries(&t, &ana).await,
        expected(&[("2026-03-10T13:30:00Z", &["ask_overdue:Budget"])])
    );
}

async fn answering_in_time_cancels_the_reminder_and_the_follow_up(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t
        .ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    run_until(&t, at("2026-03-10T02:00:00Z")).await;
    t.app
        .complete(&kenji, &posted.request.unwrap().id)
        .await
        .unwrap();
    run_until(&t, at("2026-03-20T00:00:00Z")).await;
    let kinds: Vec<String> = delivered(&t, &kenji)
        .await
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds, ["ask"]);
    let ana_news = delivered(&t, &ana).await;
    assert_eq!(ana_news.len(), 1);
    assert_eq!(ana_news[0].kind, "ask_answered");
    assert_eq!(ana_news[0].detail["action"], "done");
    assert_eq!(ana_news[0].delivered_at, Some(at("2026-03-10T13:30:00Z")));
}

async fn a_promise_moves_the_reminder_and_the_follow_up_for_both(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t
        .ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    run_until(&t, at("2026-03-10T01:00:00Z")).await;
    // Promised for Thursday 12:00 in Tokyo (03:00Z).
    t.app
        .promise(
            &kenji,
            &posted.request.unwrap().id,
            at("2026-03-12T03:00:00Z"),
        )
        .await
        .unwrap();
    run_until(&t, at("2026-03-20T00:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[
            ("2026-03-10T00:30:00Z", &["ask:Budget"]),
            // Coming due Thursday 11:00, shown at 13:00; overdue at 12:00, nudged at 13:00.
            (
                "2026-03-12T04:00:00Z",
                &["coming_due:Budget", "overdue:Budget"]
            ),
        ])
    );
    assert_eq!(
        deliveries(&t, &ana).await,
        expected(&[
            ("2026-03-10T13:30:00Z", &["ask_answered:Budget"]),
            // Overdue at Wednesday 23:00 in New York: told at Thursday's 09:30.
            ("2026-03-12T13:30:00Z", &["ask_overdue:Budget"]),
        ])
    );
}

async fn an_ask_settled_before_its_check_time_is_withdrawn_not_delivered(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo: the ask is held for Tuesday's 09:30.
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t
        .ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    // Kenji sees it in his inbox at 09:05, before his first check time, and declines it.
    run_until(&t, at("2026-03-10T00:05:00Z")).await;
    t.app
        .decline(&kenji, &posted.request.unwrap().id)
        .await
        .unwrap();
    run_until(&t, at("2026-03-20T00:00:00Z")).await;
    // Nothing held about a settled ask reaches him: no digest at all, not an empty one.
    assert_eq!(deliveries(&t, &kenji).await, expected(&[]));
    assert!(super::digests(&t, &kenji).await.is_empty());
    // Ana still learns the answer.
    let kinds: Vec<String> = delivered(&t, &ana)
        .await
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds, ["ask_answered"]);
}

sundial_store::backend_tests!(
    an_ask_settled_before_its_check_time_is_withdrawn_not_delivered,
    an_ignored_ask_reminds_then_nudges_and_tells_the_requester_once,
    answering_in_time_cancels_the_reminder_and_the_follow_up,
    a_promise_moves_the_reminder_and_the_follow_up_for_both,
);
