//! The time-travel test: Kenji works in Asia/Tokyo with default hours and check times;
//! Ana and Bo ask and reply from America/New_York across a whole week with a focus block, a
//! workspace holiday (Wednesday) and a day off (Friday). Every delivery instant and every
//! digest's contents are asserted.

use sundial_app::accounts::TimeOffInput;
use sundial_store::testing::TestDatabase;

use super::{deliveries, digests, expected, reply, run_until, set_status};
use crate::support::{TestApp, at};

async fn a_tokyo_week_of_asks_from_new_york_lands_exactly_when_the_policy_says(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 2026-03-09 14:00Z: 10:00 in New York, 23:00 in Tokyo.
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    t.app
        .set_holidays(&ana, vec!["2026-03-11".into()])
        .await
        .unwrap();
    let friday = TimeOffInput {
        start_date: "2026-03-13".into(),
        end_date: "2026-03-13".into(),
        note: "day off".into(),
    };
    t.app.add_time_off(&kenji, friday).await.unwrap();

    // Monday night in Tokyo: a normal ask waits for Tuesday's 09:30 check; an urgent one for
    // the start of Tuesday's hours. The urgent one is due in an hour and goes overdue.
    let budget = t
        .ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    t.clock.set(at("2026-03-09T14:05:00Z"));
    let outage = t
        .ask(&ana, &general, "Outage", "ack", "urgent", &[&kenji])
        .await;
    let outage_id = outage.request.unwrap().id;

    // Tuesday 09:10 in Tokyo: Kenji deals with the outage.
    run_until(&t, at("2026-03-10T00:10:00Z")).await;
    t.app.acknowledge(&kenji, &outage_id).await.unwrap();
    t.app.complete(&kenji, &outage_id).await.unwrap();

    // A focus block 10:00–12:00: a normal ask waits for 13:00; an urgent one breaks through.
    run_until(&t, at("2026-03-10T01:00:00Z")).await;
    set_status(&t, &kenji, "focus", Some(at("2026-03-10T03:00:00Z"))).await;
    t.clock.set(at("2026-03-10T01:30:00Z"));
    let slides = t
        .ask(&ana, &general, "Slides", "review", "normal", &[&kenji])
        .await;
    t.clock.set(at("2026-03-10T01:45:00Z"));
    let prod = t
        .ask(&ana, &general, "Prod down", "ack", "urgent", &[&kenji])
        .await;
    run_until(&t, at("2026-03-10T01:50:00Z")).await;
    let prod_id = prod.request.unwrap().id;
    t.app.acknowledge(&kenji, &prod_id).await.unwrap();
    t.app.complete(&kenji, &prod_id).await.unwrap();
    run_until(&t, at("2026-03-10T04:30:00Z")).await;
    let slides_id = slides.request.unwrap().id;
    t.app.complete(&kenji, &slides_id).await.unwrap();

    // Tuesday afternoon: Bo mentions Kenji in the Budget thread and Ana nudges there.
    run_until(&t, at("2026-03-10T05:00:00Z")).await;
    reply(&t, &bo, &budget.thread.id, "cc @kenji: numbers attached").await;
    t.clock.set(at("2026-03-10T05:10:00Z"));
    reply(&t, &ana, &budget.thread.id, "Any update?").await;

    // Tuesday night in Tokyo: an ask that meets Wednesday's holiday.
    run_until(&t, at("2026-03-10T14:00:00Z")).await;
    let roadmap = t
        .ask(&ana, &general, "Roadmap", "review", "normal", &[&kenji])
        .await;
    let roadmap_id = roadmap.request.unwrap().id;

    // Thursday 11:00 in Tokyo: Kenji promises the roadmap for Monday 12:00, moving its timers.
    run_until(&t, at("2026-03-12T02:00:00Z")).await;
    t.app
        .promise(&kenji, &roadmap_id, at("2026-03-16T03:00:00Z"))
        .await
        .unwrap();

    // Thursday evening in Tokyo, before his day off: held until Monday, "while you were away".
    run_until(&t, at("2026-03-12T09:00:00Z")).await;
    t.ask(&ana, &general, "Hiring", "review", "low", &[&kenji])
        .await;
    run_until(&t, at("2026-03-16T06:00:00Z")).await;

    assert_eq!(
        deliveries(&t, &kenji).await,
        expected(&[
            ("2026-03-10T00:00:00Z", &["ask:Outage"]),
            // The Outage went overdue overnight, but Kenji settled it at 09:10: the held
            // "overdue" nudge was withdrawn rather than delivered at 09:30.
            ("2026-03-10T00:30:00Z", &["ask:Budget"]),
            ("2026-03-10T01:45:00Z", &["ask:Prod down"]),
            ("2026-03-10T04:00:00Z", &["ask:Slides"]),
            (
                "2026-03-10T07:30:00Z",
                &["coming_due:Budget", "mention:Budget", "reply:Budget"]
            ),
            ("2026-03-12T00:30:00Z", &["ask:Roadmap", "overdue:Budget"]),
            ("2026-03-16T00:30:00Z", &["ask:Hiring"]),
            (
                "2026-03-16T04:00:00Z",
                &["coming_due:Roadmap", "overdue:Roadmap"]
            ),
        ])
    );
    assert_eq!(
        deliveries(&t, &ana).await,
        expected(&[
            ("2026-03-09T17:00:00Z", &["ask_overdue:Outage"]),
            (
                "2026-03-10T13:30:00Z",
                &[
                    "ask_answered:Outage",
                    "ask_answered:Outage",
                    "ask_answered:Prod down",
                    "ask_answered:Prod down",
                    "ask_answered:Slides",
                    "ask_overdue:Budget",
                    "reply:Budget",
                ]
            ),
            ("2026-03-12T13:30:00Z", &["ask_answered:Roadmap"]),
        ])
    );

    // The digests carry their sections in the order.
    let kenji_digests = digests(&t, &kenji).await;
    let first_check = &kenji_digests[1].sections;
    assert!(
        first_check.due_soon.is_empty(),
        "{:?}",
        first_check.due_soon
    );
    assert_eq!(first_check.new_asks[0].thread_title, "Budget");
    assert_eq!(
        first_check.new_asks[0].due_at,
        Some(at("2026-03-10T08:00:00Z"))
    );
    let afternoon = &kenji_digests[4].sections;
    assert_eq!(afternoon.due_soon.len(), 1);
    assert_eq!(afternoon.due_soon[0].kind, "coming_due");
    assert_eq!(
        afternoon.mentions[0].actor_id.as_deref(),
        Some(bo.member_id.as_str())
    );
    assert_eq!(afternoon.threads.len(), 1);
    assert_eq!(afternoon.threads[0].thread_title, "Budget");
    assert_eq!(afternoon.threads[0].replies, 1);
    assert_eq!(afternoon.threads[0].author_ids, [ana.member_id.to_string()]);
    // Asks due soonest first: the overdue Budget before the Roadmap due that evening.
    let thursday = &kenji_digests[5];
    assert_eq!(thursday.sections.due_soon[0].thread_title, "Budget");
    assert_eq!(
        thursday.sections.new_asks[0].due_at,
        Some(at("2026-03-12T08:00:00Z"))
    );
    // After the holiday and after the day off, the first digest is "while you were away".
    let away: Vec<bool> = kenji_digests.iter().map(|d| d.while_away).collect();
    assert_eq!(away, [false, false, false, false, false, true, true, false]);
    // Ana's answers arrive as one digest at her 09:30, in the "my asks" section.
    let ana_digests = digests(&t, &ana).await;
    assert_eq!(ana_digests[1].sections.my_asks.len(), 6);
    assert_eq!(
        ana_digests[1].sections.threads[0].author_ids,
        [bo.member_id.to_string()]
    );
}

sundial_store::backend_tests!(
    a_tokyo_week_of_asks_from_new_york_lands_exactly_when_the_policy_says
);
