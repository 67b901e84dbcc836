//! Who a message may notify (`members::seeing_channel`), their days off (`members::days_off`), and
//! the many-row writes that posting uses for notifications and delivery jobs.

use super::{channel, in_channel, member, seed, workspace};
use crate::records::jobs::{self, NewJob};
use crate::records::members::{self, TimeOffRow};
use crate::records::workspaces;
use crate::testing::TestDatabase;

async fn only_members_who_may_see_the_channel_are_returned(db: TestDatabase) {
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            workspace("other").into(),
            member("ws", "ann", "owner").into(),
            member("ws", "bob", "member").into(),
            member("ws", "gus", "guest").into(),
            member("ws", "gil", "guest").into(),
            member("other", "olga", "owner").into(),
            channel("ws", "public", "alpha", false, "ann").into(),
            channel("ws", "private", "beta", true, "ann").into(),
            channel("other", "elsewhere", "gamma", false, "olga").into(),
            in_channel("private", "ann"),
            in_channel("private", "gil"),
            in_channel("public", "gus"),
        ],
    )
    .await;
    let everyone: Vec<String> = ["ann", "bob", "gus", "gil", "olga", "nobody"]
        .map(String::from)
        .to_vec();
    let mut reader = db.store.read().await.expect("a read connection");
    for (channel_id, expected) in [
        // Public: everyone of the workspace but guests who were not added to it.
        ("public", vec!["ann", "bob", "gus"]),
        // Private: its members only, guests included.
        ("private", vec!["ann", "gil"]),
        // Another workspace's channel: nobody of this one, not even by id.
        ("elsewhere", vec![]),
    ] {
        let rows = members::seeing_channel(&mut reader.conn(), "ws", channel_id, &everyone)
            .await
            .expect("members seeing the channel");
        let mut ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
        ids.sort_unstable();
        let mut expected = expected;
        expected.sort_unstable();
        assert_eq!(ids, expected, "{channel_id}");
    }
}

async fn many_jobs_are_scheduled_at_once_and_rescheduled_in_place(db: TestDatabase) {
    let ids: Vec<String> = (0..250).map(|i| format!("job-{i:03}")).collect();
    let owned: Vec<(String, i64)> = ids.iter().map(|id| (id.clone(), 1_000)).collect();
    db.store
        .write(move |tx| {
            Box::pin(async move {
                let jobs_now: Vec<NewJob<'_>> = owned
                    .iter()
                    .map(|(id, run_at)| NewJob {
                        id,
                        kind: "test.kind",
                        payload: "{}",
                        run_at: *run_at,
                        max_attempts: 3,
                    })
                    .collect();
                jobs::schedule_many(&mut tx.conn(), &jobs_now, 500).await?;
                // The same ids again, later: each job moves, none is duplicated.
                let moved: Vec<NewJob<'_>> = jobs_now
                    .iter()
                    .map(|job| NewJob {
                        run_at: 2_000,
                        ..*job
                    })
                    .collect();
                jobs::schedule_many(&mut tx.conn(), &moved, 600).await
            })
        })
        .await
        .expect("scheduling many jobs");
    let claimed = db
        .store
        .write(|tx| {
            Box::pin(async move { jobs::claim(&mut tx.conn(), 1_999, 60_000, 1_000).await })
        })
        .await
        .expect("claiming before the new time");
    assert!(claimed.is_empty(), "no job runs at its old time");
    let claimed = db
        .store
        .write(|tx| {
            Box::pin(async move { jobs::claim(&mut tx.conn(), 2_000, 60_000, 1_000).await })
        })
        .await
        .expect("claiming at the new time");
    let mut claimed_ids: Vec<String> = claimed.into_iter().map(|job| job.id).collect();
    claimed_ids.sort_unstable();
    assert_eq!(claimed_ids, ids);
}

async fn days_off_are_the_workspaces_holidays_and_the_members_time_off(db: TestDatabase) {
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            workspace("other").into(),
            member("ws", "ann", "member").into(),
            member("ws", "bob", "member").into(),
            member("other", "olga", "owner").into(),
        ],
    )
    .await;
    db.store
        .write(|tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                let ws = ["2024-12-25".to_owned(), "2024-01-01".to_owned()];
                workspaces::set_holidays(&mut c, "ws", &ws).await?;
                workspaces::set_holidays(&mut c, "other", &["2024-07-04".to_owned()]).await?;
                for (id, member_id, start, end) in [
                    ("old", "ann", "2024-01-02", "2024-01-03"),
                    ("ann-off", "ann", "2024-03-01", "2024-03-05"),
                    ("bob-off", "bob", "2024-03-09", "2024-03-12"),
                    ("olga-off", "olga", "2024-03-01", "2024-03-02"),
                ] {
                    let row = TimeOffRow {
                        id: id.into(),
                        member_id: member_id.into(),
                        start_date: start.into(),
                        end_date: end.into(),
                        note: format!("note {id}"),
                    };
                    members::insert_time_off(&mut c, &row).await?;
                }
                Ok::<_, crate::StoreError>(())
            })
        })
        .await
        .expect("holidays and time off");
    let mut reader = db.store.read().await.expect("a read connection");
    let ids = ["ann".to_owned(), "bob".to_owned()];
    let days = members::days_off(&mut reader.conn(), "ws", &ids, "2024-02-01")
        .await
        .expect("days off");
    assert_eq!(days.holidays, ["2024-01-01", "2024-12-25"]);
    let ranges: Vec<(&str, &str, &str, &str, &str)> = days
        .time_off
        .iter()
        .map(|t| {
            let (id, member) = (t.id.as_str(), t.member_id.as_str());
            (
                id,
                member,
                t.start_date.as_str(),
                t.end_date.as_str(),
                t.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ranges,
        [
            ("ann-off", "ann", "2024-03-01", "2024-03-05", "note ann-off"),
            ("bob-off", "bob", "2024-03-09", "2024-03-12", "note bob-off"),
        ]
    );
    // Without members, the holidays alone.
    let days = members::days_off(&mut reader.conn(), "ws", &[], "2024-02-01")
        .await
        .expect("holidays alone");
    assert_eq!(days.holidays, ["2024-01-01", "2024-12-25"]);
    assert!(days.time_off.is_empty());
}

crate::backend_tests!(
    only_members_who_may_see_the_channel_are_returned,
    days_off_are_the_workspaces_holidays_and_the_members_time_off,
    many_jobs_are_scheduled_at_once_and_rescheduled_in_place,
);
