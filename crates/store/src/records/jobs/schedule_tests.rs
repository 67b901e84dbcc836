//! `schedule`, `complete_leased` and `give_up`: the queue operations that let a job named after
//! its target (a member's delivery at an instant) run again when new work arrives, without
//! ever finishing work a worker did not see. Both backends.

use super::{JobRow, NewJob};
use crate::Store;
use crate::records::jobs;
use crate::testing::TestDatabase;

const LEASE_MS: i64 = 60_000;

async fn schedule(store: &Store, id: &str, run_at: i64) {
    let id = id.to_owned();
    store
        .write(move |tx| {
            Box::pin(async move {
                let job = NewJob {
                    id: &id,
                    kind: "test",
                    payload: "{}",
                    run_at,
                    max_attempts: 3,
                };
                jobs::schedule(&mut tx.conn(), &job, 0).await
            })
        })
        .await
        .expect("scheduling a job");
}

async fn claim(store: &Store, now: i64) -> Vec<JobRow> {
    store
        .write(move |tx| {
            Box::pin(async move { jobs::claim(&mut tx.conn(), now, LEASE_MS, 10).await })
        })
        .await
        .expect("claiming jobs")
}

async fn complete_leased(store: &Store, job: &JobRow, now: i64) -> bool {
    let (id, lease) = (job.id.clone(), job.lease_until.expect("a claimed job"));
    store
        .write(move |tx| {
            Box::pin(async move { jobs::complete_leased(&mut tx.conn(), &id, lease, now).await })
        })
        .await
        .expect("completing a job")
}

async fn get(store: &Store, id: &str) -> JobRow {
    let mut reader = store.read().await.unwrap();
    jobs::get(&mut reader.conn(), id).await.unwrap()
}

async fn scheduling_twice_keeps_one_job_and_reopens_a_finished_one(db: TestDatabase) {
    let store = db.store;
    schedule(&store, "deliver:m:1000", 1000).await;
    schedule(&store, "deliver:m:1000", 1000).await;
    let claimed = claim(&store, 1000).await;
    assert_eq!(claimed.len(), 1);
    assert!(complete_leased(&store, &claimed[0], 1001).await);
    assert!(claim(&store, 2000).await.is_empty());
    // New work for the same instant: the finished job runs once more.
    schedule(&store, "deliver:m:1000", 1000).await;
    let again = get(&store, "deliver:m:1000").await;
    assert_eq!((again.finished_at, again.attempts), (None, 0));
    assert_eq!(claim(&store, 2000).await.len(), 1);
}

async fn work_scheduled_during_a_run_keeps_the_job_due(db: TestDatabase) {
    let store = db.store;
    schedule(&store, "deliver:m:1000", 1000).await;
    let claimed = claim(&store, 1000).await;
    // While the worker runs, new work resets the job: the worker's completion must miss.
    schedule(&store, "deliver:m:1000", 1000).await;
    assert!(!complete_leased(&store, &claimed[0], 1001).await);
    let row = get(&store, "deliver:m:1000").await;
    assert_eq!((row.finished_at, row.lease_until), (None, None));
    // So another run takes it, and that one finishes it.
    let rerun = claim(&store, 1002).await;
    assert_eq!(rerun.len(), 1);
    assert!(complete_leased(&store, &rerun[0], 1003).await);
    assert_eq!(get(&store, "deliver:m:1000").await.finished_at, Some(1003));
}

async fn giving_up_finishes_a_job_at_once_with_its_error(db: TestDatabase) {
    let store = db.store;
    schedule(&store, "odd", 10).await;
    claim(&store, 10).await;
    let gave_up = store
        .write(|tx| {
            Box::pin(async move { jobs::give_up(&mut tx.conn(), "odd", "unknown kind", 11).await })
        })
        .await
        .unwrap();
    assert!(gave_up);
    let row = get(&store, "odd").await;
    assert_eq!(row.finished_at, Some(11));
    assert_eq!(row.last_error.as_deref(), Some("unknown kind"));
    assert_eq!(row.attempts, 1, "no retries were spent");
    assert!(claim(&store, 10_000_000).await.is_empty());
}

crate::backend_tests!(
    scheduling_twice_keeps_one_job_and_reopens_a_finished_one,
    work_scheduled_during_a_run_keeps_the_job_due,
    giving_up_finishes_a_job_at_once_with_its_error,
);
