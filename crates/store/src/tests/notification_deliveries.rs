//! `notifications::insert_with_deliveries`: the notifications and their delivery jobs, which on
//! PostgreSQL share a round trip (the insert rides with whichever statement scheduling sends
//! first, or alone when scheduling sends none). Every way it can go must leave the rows and
//! jobs that `insert_many` then `jobs::schedule_many` leave.

use super::{held, reader, seed_bobs_thread, write};
use crate::backend_tests;
use crate::records::jobs::{self, NewJob};
use crate::records::notifications::{self, NotificationRow};
use crate::testing::TestDatabase;
use crate::{Sql, StoreError};

/// Far enough ahead of `NOW` for a waiting job to count as settled.
const LATER: i64 = 10_000_000;
const NOW: i64 = 1_000;

fn delivery(id: &'static str, run_at: i64) -> NewJob<'static> {
    NewJob {
        id,
        kind: "notification.deliver",
        payload: "{}",
        run_at,
        max_attempts: 20,
    }
}

async fn insert_with(
    db: &TestDatabase,
    rows: Vec<NotificationRow>,
    deliveries: Vec<NewJob<'static>>,
) -> Result<(), StoreError> {
    db.store
        .write(move |tx| {
            Box::pin(async move {
                notifications::insert_with_deliveries(&mut tx.conn(), &rows, &deliveries, NOW).await
            })
        })
        .await
}

async fn notification_ids(db: &TestDatabase) -> Vec<String> {
    Sql::new("SELECT id FROM notifications ORDER BY id")
        .fetch_scalars(&mut reader(&db.store).await.conn())
        .await
        .expect("the notifications")
}

async fn job_times(db: &TestDatabase) -> Vec<(String, i64)> {
    #[derive(sqlx::FromRow, serde::Deserialize)]
    struct Job {
        id: String,
        run_at: i64,
    }
    let jobs: Vec<Job> = Sql::new("SELECT id, run_at FROM jobs ORDER BY id")
        .fetch_all(&mut reader(&db.store).await.conn())
        .await
        .expect("the jobs");
    jobs.into_iter().map(|job| (job.id, job.run_at)).collect()
}

async fn notifications_and_deliveries_are_written_whichever_statement_carries_them(
    db: TestDatabase,
) {
    seed_bobs_thread(&db.store, &["ann", "bob", "cy"]).await;
    // Ann's delivery already waits, far ahead: scheduling it again only reads it.
    write(&db.store, "ann's delivery", |tx| {
        Box::pin(async move {
            jobs::schedule_many(&mut tx.conn(), &[delivery("deliver:ann", LATER)], NOW).await
        })
    })
    .await;

    // One job settled, one new: the insert rides with the read, the new job is upserted.
    let rows = vec![
        held("n-1", "ann", "reply", Some(LATER)),
        held("n-2", "bob", "reply", Some(LATER)),
    ];
    let jobs = vec![
        delivery("deliver:ann", LATER),
        delivery("deliver:bob", LATER),
    ];
    insert_with(&db, rows, jobs).await.expect("settled and new");
    // Every job settled: only the read is sent, and the insert must ride with it.
    let rows = vec![held("n-3", "ann", "reply", Some(LATER))];
    let jobs = vec![delivery("deliver:ann", LATER)];
    insert_with(&db, rows, jobs).await.expect("all settled");
    // A job due soon is never trusted unread: no read, the insert rides with the upsert.
    let rows = vec![held("n-4", "cy", "mention", Some(NOW + 10))];
    let jobs = vec![delivery("deliver:cy", NOW + 10)];
    insert_with(&db, rows, jobs).await.expect("due soon");
    // No job at all (an urgent notification goes out at once): the insert alone.
    let rows = vec![held("n-5", "cy", "ask", None)];
    insert_with(&db, rows, Vec::new()).await.expect("no jobs");
    // No notification (all were held by others' rules): the jobs alone.
    let jobs = vec![delivery("deliver:bob", LATER + 1)];
    insert_with(&db, Vec::new(), jobs).await.expect("no rows");

    assert_eq!(
        notification_ids(&db).await,
        ["n-1", "n-2", "n-3", "n-4", "n-5"]
    );
    assert_eq!(
        job_times(&db).await,
        [
            ("deliver:ann".to_owned(), LATER),
            ("deliver:bob".to_owned(), LATER + 1),
            ("deliver:cy".to_owned(), NOW + 10),
        ]
    );

    // A notification that cannot be written fails the write, and its jobs go with it.
    let rows = vec![held("n-1", "ann", "reply", Some(LATER))];
    let jobs = vec![
        delivery("deliver:ann", LATER),
        delivery("deliver:dee", LATER),
    ];
    let failed = insert_with(&db, rows, jobs).await;
    assert!(failed.is_err(), "a duplicate notification id is refused");
    assert_eq!(notification_ids(&db).await.len(), 5);
    assert!(
        job_times(&db)
            .await
            .iter()
            .all(|(id, _)| id != "deliver:dee"),
        "nothing of the failed write stays"
    );
}

backend_tests!(notifications_and_deliveries_are_written_whichever_statement_carries_them);
