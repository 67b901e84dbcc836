//! Posting remembers who may hear about a channel and when (their visibility, status,
//! schedule, time off and the workspace's holidays) between writes. Each test warms that
//! memory with a reply, changes one of those facts, and checks that the next reply follows
//! the change. The next reply goes to another thread: in the same one it would join the reply
//! notification already waiting and create none.

use sundial_app::accounts::{MemberPatch, TimeOffInput};
use sundial_store::testing::TestDatabase;

use super::{deliveries, expected, reply, run_until, set_status};
use crate::support::{TestApp, at};

/// Monday 13:00 in New York: the check time after the 10:00 replies below.
const MONDAY_13_NY: &str = "2026-03-09T17:00:00Z";

async fn leaving_a_private_channel_stops_the_replies_in_it(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    let thread = t.thread(&bo, &secret, "Reorg").await.thread.id;
    let other = t.thread(&bo, &secret, "Hiring").await.thread.id;
    reply(&t, &ana, &thread, "While Bo is in the channel").await;
    t.app
        .remove_channel_member(&ana, &secret, bo.member_id.as_str())
        .await
        .unwrap();
    reply(&t, &ana, &other, "After Bo left").await;
    reply(
        &t,
        &ana,
        &thread,
        "After Bo left, where he was told already",
    )
    .await;
    run_until(&t, at("2026-03-10T22:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[(MONDAY_13_NY, &["reply:Reorg"])]),
        "only the reply from before Bo left"
    );
}

async fn joining_a_private_channel_starts_the_mentions_in_it(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let secret = t.channel(&ana, "secret", true).await;
    let thread = t.thread(&ana, &secret, "Reorg").await.thread.id;
    reply(&t, &ana, &thread, "Should we ask @bo?").await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    reply(&t, &ana, &thread, "Welcome, @bo").await;
    run_until(&t, at("2026-03-10T22:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[(MONDAY_13_NY, &["mention:Reorg"])]),
        "only the mention from after Bo joined"
    );
}

async fn focus_set_between_two_replies_holds_the_second_too(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    let other = t.thread(&bo, &general, "Budget").await.thread.id;
    reply(&t, &ana, &thread, "Before the focus").await;
    // Focus until 16:00 in New York: the 13:00 check time passes while Bo focuses.
    set_status(&t, &bo, "focus", Some(at("2026-03-09T20:00:00Z"))).await;
    reply(&t, &ana, &other, "During the focus").await;
    run_until(&t, at("2026-03-10T00:00:00Z")).await;
    // Both wait for the 16:30 check: the first was held again when the focus began, and
    // the second was timed with the focus in mind.
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[("2026-03-09T20:30:00Z", &["reply:Budget", "reply:Launch"])])
    );
}

async fn time_off_taken_between_two_replies_holds_the_second(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    let other = t.thread(&bo, &general, "Budget").await.thread.id;
    reply(&t, &ana, &thread, "Before the time off").await;
    // Off Tuesday and Wednesday; back Thursday.
    t.app
        .add_time_off(
            &bo,
            TimeOffInput {
                start_date: "2026-03-10".into(),
                end_date: "2026-03-11".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
    // Monday 17:00 in New York, after the day's last check time.
    t.clock.set(at("2026-03-09T21:00:00Z"));
    reply(&t, &ana, &other, "After the last check on Monday").await;
    run_until(&t, at("2026-03-13T00:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[
            (MONDAY_13_NY, &["reply:Launch"]),
            // Thursday 09:30 in New York, the first check time back.
            ("2026-03-12T13:30:00Z", &["reply:Budget"]),
        ])
    );
}

async fn a_holiday_set_between_two_replies_holds_the_second(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    let other = t.thread(&bo, &general, "Budget").await.thread.id;
    reply(&t, &ana, &thread, "Before the holiday is set").await;
    t.app
        .set_holidays(&ana, vec!["2026-03-10".into()])
        .await
        .unwrap();
    t.clock.set(at("2026-03-09T21:00:00Z"));
    reply(&t, &ana, &other, "After the last check on Monday").await;
    run_until(&t, at("2026-03-12T00:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[
            (MONDAY_13_NY, &["reply:Launch"]),
            // Tuesday is a holiday: Wednesday 09:30 in New York.
            ("2026-03-11T13:30:00Z", &["reply:Budget"]),
        ])
    );
}

async fn check_times_changed_between_two_replies_time_the_second(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&bo, &general, "Launch").await.thread.id;
    let other = t.thread(&bo, &general, "Budget").await.thread.id;
    reply(&t, &ana, &thread, "Under the default check times").await;
    t.app
        .update_me(
            &bo,
            MemberPatch {
                check_times: Some(vec!["11:00".into()]),
                ..MemberPatch::default()
            },
        )
        .await
        .unwrap();
    reply(&t, &ana, &other, "Under Bo's own check time").await;
    run_until(&t, at("2026-03-10T00:00:00Z")).await;
    // Changing check times also moves what was already held: both arrive at 11:00.
    assert_eq!(
        deliveries(&t, &bo).await,
        expected(&[("2026-03-09T15:00:00Z", &["reply:Budget", "reply:Launch"])])
    );
}

sundial_store::backend_tests!(
    leaving_a_private_channel_stops_the_replies_in_it,
    joining_a_private_channel_starts_the_mentions_in_it,
    focus_set_between_two_replies_holds_the_second_too,
    time_off_taken_between_two_replies_holds_the_second,
    a_holiday_set_between_two_replies_holds_the_second,
    check_times_changed_between_two_replies_time_the_second,
);
