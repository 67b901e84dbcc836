//! The delivery policy as members live it: immediate mode, urgent asks through focus but not
//! through away, urgent asks off hours, and held notifications moving when a status changes.

use sundial_app::accounts::MemberPatch;
use sundial_store::testing::TestDatabase;

use super::{deliveries, expected, run_until, set_status};
use crate::support::{TestApp, at};

async fn immediate_mode_delivers_at_the_first_working_instant(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo.
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let patch = MemberPatch {
        delivery_mode: Some("immediate".into()),
        ..MemberPatch::default()
    };
    t.app.update_me(&kenji, patch).await.unwrap();
    let general = t.channel(&ana, "general", false).await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    t.clock.set(at("2026-03-10T01:10:00Z")); // Tuesday 10:10, working
    t.ask(&ana, &general, "Slides", "review", "low", &[&kenji])
        .await;
    run_until(&t, at("2026-03-10T02:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[
            ("2026-03-10T00:00:00Z", &["ask:Budget"]),
            ("2026-03-10T01:10:00Z", &["ask:Slides"]),
        ])
    );
}

async fn away_holds_urgent_asks_until_the_first_working_instant_after_it(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    t.clock.set(at("2026-03-10T01:00:00Z")); // Tuesday 10:00 in Tokyo
    set_status(&t, &kenji, "away", Some(at("2026-03-10T05:20:00Z"))).await;
    t.ask(&ana, &general, "Outage", "ack", "urgent", &[&kenji])
        .await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    run_until(&t, at("2026-03-10T09:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[
            // Away ends 14:20: the urgent ask then; the rest (including the urgent ask's
            // overdue nudge, due at 11:00 while away) at the 16:30 check.
            ("2026-03-10T05:20:00Z", &["ask:Outage"]),
            ("2026-03-10T07:30:00Z", &["ask:Budget", "overdue:Outage"]),
        ])
    );
}

async fn an_open_ended_status_holds_everything_until_it_is_cleared(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    t.clock.set(at("2026-03-10T01:00:00Z")); // Tuesday 10:00 in Tokyo
    set_status(&t, &kenji, "focus", None).await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    run_until(&t, at("2026-03-11T12:00:00Z")).await;
    assert!(
        deliveries(&t, &kenji).await.is_empty(),
        "held while focusing"
    );
    // Cleared Thursday 10:00 in Tokyo (Wednesday is a working day here): the next check.
    t.clock.set(at("2026-03-12T01:00:00Z"));
    set_status(&t, &kenji, "available", None).await;
    run_until(&t, at("2026-03-12T09:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[(
            // The ask was due Wednesday 10:00: its reminder and nudge were held too.
            "2026-03-12T04:00:00Z",
            &["ask:Budget", "coming_due:Budget", "overdue:Budget"]
        )])
    );
}

async fn ending_focus_early_brings_held_notifications_forward(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    t.clock.set(at("2026-03-10T01:00:00Z")); // Tuesday 10:00 in Tokyo
    // Focus until 16:00 would hold a normal ask for the 16:30 check.
    set_status(&t, &kenji, "focus", Some(at("2026-03-10T07:00:00Z"))).await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    t.clock.set(at("2026-03-10T02:00:00Z"));
    set_status(&t, &kenji, "available", None).await;
    run_until(&t, at("2026-03-10T09:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[("2026-03-10T04:00:00Z", &["ask:Budget"])])
    );
}

async fn editing_check_times_moves_what_is_held(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    let patch = MemberPatch {
        check_times: Some(vec!["11:15".into()]),
        ..MemberPatch::default()
    };
    t.app.update_me(&kenji, patch).await.unwrap();
    run_until(&t, at("2026-03-10T09:00:00Z")).await;
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[("2026-03-10T02:15:00Z", &["ask:Budget"])])
    );
}

async fn urgent_asks_reach_members_off_hours_when_they_opted_in(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo: off hours
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let patch = MemberPatch {
        urgent_off_hours: Some(true),
        ..MemberPatch::default()
    };
    t.app.update_me(&kenji, patch).await.unwrap();
    let general = t.channel(&ana, "general", false).await;
    t.ask(&ana, &general, "Outage", "ack", "urgent", &[&kenji])
        .await;
    t.app.run_due_jobs().await.unwrap();
    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[("2026-03-09T14:00:00Z", &["ask:Outage"])])
    );
    let inbox = t.app.inbox(&kenji).await.unwrap();
    assert_eq!(inbox.unread_notifications, 1);
}

sundial_store::backend_tests!(
    immediate_mode_delivers_at_the_first_working_instant,
    away_holds_urgent_asks_until_the_first_working_instant_after_it,
    an_open_ended_status_holds_everything_until_it_is_cleared,
    ending_focus_early_brings_held_notifications_forward,
    editing_check_times_moves_what_is_held,
    urgent_asks_reach_members_off_hours_when_they_opted_in,
);
