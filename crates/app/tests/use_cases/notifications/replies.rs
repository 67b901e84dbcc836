//! Replies are told once per thread and delivery: a follower holds one reply notification per
//! thread waiting for its instant, every reply before that instant joins it, and its delivery
//! counts them (how many, by whom, first and last), in the notification and in the digest.

use sundial_app::notifications::NotificationView;
use sundial_store::testing::TestDatabase;

use super::{delivered, digests, reply, run_until};
use crate::support::{TestApp, at};

/// The detail of a delivered reply notification, as `(replies, author_ids)`.
fn counted(n: &NotificationView) -> (u64, Vec<String>) {
    assert_eq!(n.kind, "reply");
    let replies = n.detail["replies"]
        .as_u64()
        .expect("a delivered reply is counted");
    let authors = n.detail["author_ids"]
        .as_array()
        .expect("with its authors")
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    (replies, authors)
}

async fn replies_before_a_check_time_arrive_as_one_counted_notification(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 10:00 in New York
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let cy = t.member(&ana, "cy@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    let other = t.thread(&bo, &general, "Budget").await.thread.id;

    reply(&t, &cy, &thread, "First").await;
    t.clock.set(at("2026-03-09T15:10:00Z"));
    reply(&t, &ana, &thread, "Second").await;
    t.clock.set(at("2026-03-09T15:20:00Z"));
    reply(&t, &cy, &thread, "Third").await;
    reply(&t, &bo, &thread, "Bo's own, not counted for Bo").await;
    reply(&t, &ana, &other, "Elsewhere").await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await; // after the 13:00 check

    let items = delivered(&t, &bo).await;
    assert_eq!(items.len(), 2, "one per thread: {items:?}");
    let launch = items.iter().find(|n| n.thread_id == thread).unwrap();
    let expected_authors = vec![cy.member_id.to_string(), ana.member_id.to_string()];
    assert_eq!(counted(launch), (3, expected_authors.clone()));
    assert_eq!(launch.detail["first_at"], "2026-03-09T14:00:00Z");
    assert_eq!(launch.detail["last_at"], "2026-03-09T15:20:00Z");
    let budget = items.iter().find(|n| n.thread_id == other).unwrap();
    assert_eq!(counted(budget), (1, vec![ana.member_id.to_string()]));

    let digest = digests(&t, &bo).await.pop().unwrap();
    let activity = &digest.sections.threads;
    let launch = activity.iter().find(|a| a.thread_id == thread).unwrap();
    assert_eq!((launch.replies, &launch.author_ids), (3, &expected_authors));
    assert_eq!(launch.first_at, at("2026-03-09T14:00:00Z"));
    assert_eq!(launch.last_at, at("2026-03-09T15:20:00Z"));

    // After the delivery the next reply starts a new notification, counted on its own.
    reply(&t, &cy, &thread, "Fourth").await;
    run_until(&t, at("2026-03-09T21:00:00Z")).await; // after the 16:30 check
    let items = delivered(&t, &bo).await;
    assert_eq!(items.len(), 3);
    assert_eq!(counted(&items[2]), (1, vec![cy.member_id.to_string()]));
}

async fn a_reply_after_the_instant_starts_its_own_notification(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    reply(&t, &ana, &thread, "Before 13:00").await;
    // 13:05 in New York: the delivery for 13:00 is due but has not run yet. This reply is
    // for the 16:30 check, so it must not ride along at 13:00, nor be counted twice.
    t.clock.set(at("2026-03-09T17:05:00Z"));
    reply(&t, &ana, &thread, "After 13:00").await;
    run_until(&t, at("2026-03-09T21:00:00Z")).await;
    let items = delivered(&t, &bo).await;
    let when: Vec<_> = items.iter().map(|n| n.delivered_at.unwrap()).collect();
    assert_eq!(
        when,
        [at("2026-03-09T17:00:00Z"), at("2026-03-09T20:30:00Z")]
    );
    assert_eq!(counted(&items[0]).0, 1);
    assert_eq!(counted(&items[1]).0, 1);
}

async fn a_mention_is_told_once_not_also_counted_as_a_reply(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    reply(&t, &ana, &thread, "A plain reply").await;
    reply(&t, &ana, &thread, "What do you think, @bo?").await;
    reply(&t, &ana, &thread, "Another plain one").await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await;
    let items = delivered(&t, &bo).await;
    let kinds: Vec<&str> = items.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds, ["reply", "mention"]);
    assert_eq!(counted(&items[0]).0, 2, "the mention is not counted again");
}

async fn a_follower_who_left_the_private_channel_learns_of_no_later_reply(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    let thread = t.thread(&bo, &secret, "Reorg").await.thread.id;
    reply(&t, &ana, &thread, "While Bo is in the channel").await;
    t.app
        .remove_channel_member(&ana, &secret, bo.member_id.as_str())
        .await
        .unwrap();
    reply(&t, &ana, &thread, "After Bo left").await;
    reply(&t, &ana, &thread, "Still after").await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await;
    let items = delivered(&t, &bo).await;
    assert_eq!(items.len(), 1);
    assert_eq!(counted(&items[0]), (1, vec![ana.member_id.to_string()]));
}

sundial_store::backend_tests!(
    replies_before_a_check_time_arrive_as_one_counted_notification,
    a_reply_after_the_instant_starts_its_own_notification,
    a_mention_is_told_once_not_also_counted_as_a_reply,
    a_follower_who_left_the_private_channel_learns_of_no_later_reply,
);
