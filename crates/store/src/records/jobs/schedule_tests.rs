//! `schedule`, `complete_leased` and `give_up`: the queue operations that let a job named after
//! its target (a member's delivery at an instant) run again when new work arrives, without
//! ever finishing work a worker did not see. Both backends.

use super::{JobRow, NewJob};
use crate::Store;
use crate::records::jobs;
use crate::testing::TestDatabase;

const LEASE_MS: i64 = 60_000;

async fn schedule(store: &Store, id: &str, run_at: i64) {
    schedule_at(store, id, run_at, "{}", 0).await;
}

/// [`jobs::schedule`] as of `now`, with a payload.
async fn schedule_at(store: &Store, id: &str, run_at: i64, payload: &str, now: i64) {
    let (id, payload) = (id.to_owned(), payload.to_owned());
    store
        .write(move |tx| {
            Box::pin(async move {
                let job = NewJob {
                    id: &id,
                    kind: "test",
                    payload: &payload,
                    run_at,
                    max_attempts: 3,
                };
                jobs::schedule(&mut tx.conn(), &job, now).await
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

/// Far enough ahead that [`jobs::schedule_many`] trusts a waiting job without touching it.
const FAR: i64 = 10 * jobs::SETTLED_MARGIN_MS;

async fn a_job_waiting_far_ahead_as_asked_is_left_as_it_is(db: TestDatabase) {
    let store = db.store;
    schedule_at(&store, "deliver:m:far", FAR, "{}", 0).await;
    let first = get(&store, "deliver:m:far").await;
    schedule_at(&store, "deliver:m:far", FAR, "{}", 500).await;
    assert_eq!(get(&store, "deliver:m:far").await, first);
    // Another input or instant is still written.
    schedule_at(&store, "deliver:m:far", FAR, r#"{"v":2}"#, 600).await;
    assert_eq!(get(&store, "deliver:m:far").await.payload, r#"{"v":2}"#);
    schedule_at(&store, "deliver:m:far", FAR + 1, r#"{"v":2}"#, 700).await;
    assert_eq!(get(&store, "deliver:m:far").await.run_at, FAR + 1);
}

async fn a_finished_job_far_ahead_is_reopened(db: TestDatabase) {
    let store = db.store;
    schedule_at(&store, "deliver:m:far", FAR, "{}", 0).await;
    let claimed = claim(&store, FAR).await;
    assert!(complete_leased(&store, &claimed[0], FAR + 1).await);
    // Scheduled again from a time well before its instant: it must run once more.
    schedule_at(&store, "deliver:m:far", FAR, "{}", 0).await;
    let row = get(&store, "deliver:m:far").await;
    assert_eq!((row.finished_at, row.attempts), (None, 0));
    assert_eq!(claim(&store, FAR).await.len(), 1);
}

crate::backend_tests!(
    a_job_waiting_far_ahead_as_asked_is_left_as_it_is,
    a_finished_job_far_ahead_is_reopened,
    scheduling_twice_keeps_one_job_and_reopens_a_finished_one,
    work_scheduled_during_a_run_keeps_the_job_due,
    giving_up_finishes_a_job_at_once_with_its_error,
);

/// On PostgreSQL, a transaction that schedules a delivery already waiting far ahead must not
/// lock it: concurrent replies notifying the same member would otherwise queue behind each
/// other's commits. The first transaction stays open while a second schedules the same job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_scheduling_a_settled_job_waits_for_no_other_transaction() {
    let db = crate::testing::postgres().await;
    let store = db.store.clone();
    schedule_at(&store, "deliver:m:far", FAR, "{}", 0).await;
    let (opened, wait_opened) = tokio::sync::oneshot::channel::<()>();
    let (release, wait_release) = tokio::sync::oneshot::channel::<()>();
    let holder = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .write(move |tx| {
                    Box::pin(async move {
                        let job = NewJob {
                            id: "deliver:m:far",
                            kind: "test",
                            payload: "{}",
                            run_at: FAR,
                            max_attempts: 3,
                        };
                        jobs::schedule(&mut tx.conn(), &job, 0).await?;
                        let _ = opened.send(());
                        let _ = wait_release.await;
                        Ok::<_, crate::StoreError>(())
                    })
                })
                .await
        })
    };
    wait_opened
        .await
        .expect("the first transaction scheduled the job");
    let second = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        schedule_at(&store, "deliver:m:far", FAR, "{}", 0),
    )
    .await;
    let _ = release.send(());
    holder
        .await
        .expect("the first transaction's task")
        .expect("the first transaction");
    assert!(
        second.is_ok(),
        "the second transaction waited for the first one's lock"
    );
}
