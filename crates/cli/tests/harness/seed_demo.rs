//! `sundial seed demo`: a believable team with asks in every state, on both backends.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sundial_store::backend_tests;
use sundial_store::testing::TestDatabase;

use crate::support::{count, seed, shown};

async fn the_demo_seeds_a_team_in_many_zones_with_asks_in_every_state(db: TestDatabase) {
    let output = seed(&db, &["demo"]);
    assert!(output.status.success(), "{}", shown(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("ana@demo.sundial.test"), "{stdout}");
    assert!(stdout.contains("sundial-demo"), "{stdout}");

    assert_eq!(count(&db, "SELECT COUNT(*) FROM members").await, 12);
    let zones = {
        let mut reader = db.store.read().await.expect("a read connection");
        let mut c = reader.conn();
        sundial_store::Sql::new("SELECT DISTINCT time_zone FROM members")
            .fetch_scalars::<String>(&mut c)
            .await
            .expect("the members' zones")
    };
    assert!(zones.len() >= 6, "{zones:?}");
    let now = Timestamp::now();
    let offsets: Vec<i32> = zones
        .iter()
        .map(|zone| {
            let tz = TimeZone::get(zone).expect("a known zone");
            tz.to_offset(now).seconds() / 60
        })
        .collect();
    assert!(offsets.contains(&330), "a +05:30 zone: {zones:?}");
    assert!(
        offsets.iter().any(|&m| m >= 13 * 60 || m <= -10 * 60),
        "a zone on the far side of the date line: {zones:?}"
    );

    let threads = count(&db, "SELECT COUNT(*) FROM threads").await;
    assert!((50..=70).contains(&threads), "{threads} threads");
    for status in ["pending", "acknowledged", "done", "declined"] {
        let sql = format!("SELECT COUNT(*) FROM obligations WHERE status = '{status}'");
        assert!(count(&db, &sql).await > 0, "no {status} obligation");
    }
    let now_ms = now.as_millisecond();
    let promised = format!(
        "SELECT COUNT(*) FROM obligations WHERE status IN ('pending', 'acknowledged') \
         AND due_at <> original_due_at AND due_at > {now_ms}"
    );
    assert!(count(&db, &promised).await > 0, "no promised obligation");
    let overdue = format!(
        "SELECT COUNT(*) FROM obligations WHERE status IN ('pending', 'acknowledged') \
         AND due_at < {now_ms}"
    );
    assert!(count(&db, &overdue).await > 0, "no overdue obligation");
    let open_not_due =
        format!("SELECT COUNT(*) FROM obligations WHERE status = 'pending' AND due_at > {now_ms}");
    assert!(
        count(&db, &open_not_due).await > 0,
        "no pending, not yet due obligation"
    );
    let resolved = "SELECT COUNT(*) FROM threads WHERE resolved_at IS NOT NULL";
    assert!(count(&db, resolved).await > 0, "no resolved thread");
    assert!(count(&db, "SELECT COUNT(*) FROM message_edits").await > 0);
    assert!(count(&db, "SELECT COUNT(*) FROM reactions").await > 0);
    assert!(count(&db, "SELECT COUNT(*) FROM holidays").await > 0);
    assert!(count(&db, "SELECT COUNT(*) FROM time_off").await > 0);
    let future = format!("SELECT COUNT(*) FROM messages WHERE created_at > {now_ms}");
    assert_eq!(count(&db, &future).await, 0, "nothing dated in the future");
    let channels = "SELECT COUNT(DISTINCT channel_id) FROM threads";
    assert!(count(&db, channels).await >= 4);

    let again = seed(&db, &["demo"]);
    assert_eq!(again.status.code(), Some(1), "{}", shown(&again));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already holds a workspace"), "{stderr}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM members").await, 12);
}

backend_tests!(the_demo_seeds_a_team_in_many_zones_with_asks_in_every_state);
