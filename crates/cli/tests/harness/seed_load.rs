//! `sundial seed load`: bulk history on both backends, searchable, with its flags checked.

use std::sync::Arc;

use sundial_app::App;
use sundial_core::SystemClock;
use sundial_store::testing::TestDatabase;
use sundial_store::{Dialect, backend_tests};

use crate::support::{count, seed, shown, sundial};

async fn a_small_load_writes_every_message_and_search_finds_them(db: TestDatabase) {
    let output = seed(
        &db,
        &[
            "load",
            "--members",
            "20",
            "--channels",
            "3",
            "--messages",
            "2000",
            "--batch",
            "500",
        ],
    );
    assert!(output.status.success(), "{}", shown(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2000 messages in "), "{stdout}");

    assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, 2000);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM members").await, 20);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM channels").await, 3);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM threads").await, 100);
    let counters = "SELECT CAST(COALESCE(SUM(message_count), 0) AS BIGINT) FROM threads";
    assert_eq!(count(&db, counters).await, 2000, "thread counters match");
    let followers = "SELECT COUNT(*) FROM threads t WHERE NOT EXISTS \
                     (SELECT 1 FROM thread_followers f WHERE f.thread_id = t.id)";
    assert_eq!(count(&db, followers).await, 0, "every thread has followers");
    if db.store.dialect() == Dialect::Postgres {
        let settled = "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'messages' \
                       AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL";
        assert_eq!(
            count(&db, settled).await,
            1,
            "the load is vacuumed and analyzed"
        );
    }

    let app = App::new(db.store.clone(), Arc::new(SystemClock));
    let signed_in = app
        .login("member7@load.sundial.test", "sundial-load")
        .await
        .expect("a loaded member signs in with the default password");
    let actor = app.authenticate(&signed_in.token).await.expect("the token");
    let hits = app.search(&actor, "postmortem", 5).await.expect("search");
    assert!(!hits.is_empty(), "search finds a loaded word");

    let again = seed(&db, &["load", "--messages", "100"]);
    assert_eq!(again.status.code(), Some(1), "{}", shown(&again));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, 2000);
}

backend_tests!(a_small_load_writes_every_message_and_search_finds_them);

#[test]
fn out_of_range_flags_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (flag, value) in [
        ("--members", "1"),
        ("--channels", "0"),
        ("--messages", "0"),
        ("--batch", "10"),
        ("--messages", "many"),
    ] {
        let output = sundial()
            .args(["seed", "--data-dir"])
            .arg(dir.path())
            .args(["load", flag, value])
            .output()
            .expect("running sundial seed load");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{flag} {value}: {}",
            shown(&output)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(flag), "{flag}: {stderr}");
    }
    assert!(
        !dir.path().join("sundial.db").exists(),
        "nothing was created"
    );
}
