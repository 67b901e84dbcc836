//! `audience_version` (migration 0013) takes a new value with every change to what decides
//! who hears about a channel and when, and only then: the app trusts remembered recipients
//! for as long as it holds. Each kind of change runs in a write of its own.

use super::{Seed, channel, member, reader, seed, workspace, write};
use crate::testing::TestDatabase;
use crate::{Sql, Store};

async fn version(store: &Store) -> i64 {
    Sql::new("SELECT version FROM audience_version")
        .fetch_scalar(&mut reader(store).await.conn())
        .await
        .expect("reading the audience version")
}

/// Runs `statement` in a write of its own; whether the version moved.
async fn moves_the_version(store: &Store, statement: &'static str) -> bool {
    let before = version(store).await;
    write(store, statement, move |tx| {
        Box::pin(async move { Sql::new(statement).execute(&mut tx.conn()).await.map(drop) })
    })
    .await;
    version(store).await != before
}

async fn every_change_to_an_audience_table_moves_the_version(db: TestDatabase) {
    let records: Vec<Seed> = vec![
        workspace("w1").into(),
        member("w1", "ann", "owner").into(),
        channel("w1", "c1", "general", true, "ann").into(),
    ];
    seed(&db.store, records).await;
    let changes = [
        "INSERT INTO members (id, workspace_id, email, handle, name, role, time_zone, \
         working_hours, created_at) VALUES ('bob', 'w1', 'bob@w1.test', 'bob', 'Bob', \
         'member', 'UTC', '{}', 0)",
        "UPDATE members SET status_mode = 'focus' WHERE id = 'bob'",
        "INSERT INTO channel_members (channel_id, member_id, added_at) VALUES ('c1', 'bob', 0)",
        "UPDATE channel_members SET added_at = 1 WHERE member_id = 'bob'",
        "DELETE FROM channel_members WHERE member_id = 'bob'",
        "INSERT INTO time_off (id, member_id, start_date, end_date, note) \
         VALUES ('off1', 'bob', '2026-03-10', '2026-03-11', '')",
        "UPDATE time_off SET note = 'away' WHERE id = 'off1'",
        "DELETE FROM time_off WHERE id = 'off1'",
        "INSERT INTO holidays (workspace_id, date) VALUES ('w1', '2026-12-25')",
        "UPDATE holidays SET date = '2026-12-26' WHERE workspace_id = 'w1'",
        "DELETE FROM holidays WHERE workspace_id = 'w1'",
        "DELETE FROM members WHERE id = 'bob'",
        "UPDATE channels SET private = FALSE WHERE id = 'c1'",
        "INSERT INTO channels (id, workspace_id, name, purpose, private, norms, created_by, \
         created_at) VALUES ('c2', 'w1', 'random', '', FALSE, '{}', 'ann', 0)",
        "DELETE FROM channels WHERE id = 'c2'",
    ];
    for statement in changes {
        assert!(
            moves_the_version(&db.store, statement).await,
            "the version stayed put after: {statement}"
        );
    }
    // Posting-side writes leave it alone.
    assert!(
        !moves_the_version(
            &db.store,
            "UPDATE workspaces SET name = 'Renamed' WHERE id = 'w1'"
        )
        .await
    );
}

async fn a_rolled_back_change_leaves_the_version_as_it_was(db: TestDatabase) {
    seed(&db.store, vec![workspace("w1").into()]).await;
    let before = version(&db.store).await;
    let failed = db
        .store
        .write(|tx| {
            Box::pin(async move {
                Sql::new("INSERT INTO holidays (workspace_id, date) VALUES ('w1', '2026-12-25')")
                    .execute(&mut tx.conn())
                    .await?;
                Err::<(), _>(crate::StoreError::NotFound)
            })
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(version(&db.store).await, before);
}

crate::backend_tests!(
    every_change_to_an_audience_table_moves_the_version,
    a_rolled_back_change_leaves_the_version_as_it_was,
);
