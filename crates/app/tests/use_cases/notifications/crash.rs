//! Exactly once across a worker crash: a worker that claims the delivery and dies (before or
//! after its transaction commits) leaves every notification delivered once, in one digest.

use sundial_app::JOB_LEASE;
use sundial_core::Clock;
use sundial_store::records::jobs;
use sundial_store::testing::TestDatabase;
use sundial_store::time::to_millis;

use super::{deliveries, expected, reply, run_until};
use crate::support::{TestApp, at};

async fn a_worker_dying_mid_delivery_loses_and_doubles_nothing(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 23:00 in Tokyo
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let budget = t
        .ask(&ana, &general, "Budget", "review", "normal", &[&kenji])
        .await;
    t.ask(&ana, &general, "Slides", "review", "low", &[&kenji])
        .await;
    reply(
        &t,
        &ana,
        &budget.thread.id,
        "Also @kenji, see the appendix.",
    )
    .await;
    run_until(&t, at("2026-03-10T00:29:00Z")).await;
    assert!(deliveries(&t, &kenji).await.is_empty());

    // Tuesday 09:30 in Tokyo: a worker claims everything due and dies without finishing.
    let check = at("2026-03-10T00:30:00Z");
    t.clock.set(check);
    let lease = i64::try_from(JOB_LEASE.as_millis()).unwrap();
    let claimed = t
        .app
        .store()
        .write(move |tx| {
            Box::pin(async move { jobs::claim(&mut tx.conn(), to_millis(check), lease, 100).await })
        })
        .await
        .unwrap();
    let delivery = claimed
        .iter()
        .find(|j| j.kind == "notification.deliver")
        .expect("the 09:30 delivery was due")
        .clone();
    // While its lease holds, nobody else delivers.
    assert_eq!(t.app.run_due_jobs().await.unwrap(), 0);
    assert!(deliveries(&t, &kenji).await.is_empty());

    // The lease runs out; another worker takes over and delivers, at the policy's instant.
    t.clock.set(check.checked_add(JOB_LEASE).unwrap());
    assert!(t.app.run_due_jobs().await.unwrap() >= 1);
    let once = expected(&[(
        "2026-03-10T00:30:00Z",
        &["ask:Budget", "ask:Slides", "mention:Budget"],
    )]);
    assert_eq!(deliveries(&t, &kenji).await, once);

    // The dead worker's late completion is refused: its lease is gone.
    let (id, old_lease) = (delivery.id.clone(), delivery.lease_until.unwrap());
    let now = to_millis(t.clock.now());
    let late = t
        .app
        .store()
        .write(move |tx| {
            Box::pin(
                async move { jobs::complete_leased(&mut tx.conn(), &id, old_lease, now).await },
            )
        })
        .await
        .unwrap();
    assert!(!late);

    // A worker that committed the delivery and died before completing the job: the job runs
    // again and finds nothing left to deliver.
    let (id, payload) = (delivery.id.clone(), delivery.payload.clone());
    t.app
        .store()
        .write(move |tx| {
            Box::pin(async move {
                let job = jobs::NewJob {
                    id: &id,
                    kind: "notification.deliver",
                    payload: &payload,
                    run_at: to_millis(check),
                    max_attempts: 20,
                };
                jobs::schedule(&mut tx.conn(), &job, now).await
            })
        })
        .await
        .unwrap();
    assert_eq!(t.app.run_due_jobs().await.unwrap(), 1);
    assert_eq!(deliveries(&t, &kenji).await, once);

    // One event per notification, and one digest event, however many runs there were.
    let events = t.app.events_after(&kenji, 0, 1000).await.unwrap().events;
    let count = |kind: &str| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(count("notification.delivered"), 3);
    assert_eq!(count("digest.delivered"), 1);
    // Ana sees none of Kenji's deliveries.
    let theirs = t.app.events_after(&ana, 0, 1000).await.unwrap().events;
    assert!(theirs.iter().all(|e| !e.kind.ends_with(".delivered")));
}

sundial_store::backend_tests!(a_worker_dying_mid_delivery_loses_and_doubles_nothing);
