//! The job queue's behaviour, written once and run on both backends.

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{FailOutcome, JobRow, NewJob, backoff_ms};
use crate::records::jobs;
use crate::testing::TestDatabase;
use crate::{Dialect, Store, StoreError};

/// A lease far longer than any step of a test, so only an explicit jump of the clock expires it.
const LEASE_MS: i64 = 60_000;

/// Bounds the waits of the concurrency test: a claim that blocks on another's lock fails the
/// test instead of hanging it. Never reached when the queue behaves.
const DEADLOCK_GUARD: Duration = Duration::from_secs(30);

async fn enqueue(store: &Store, id: &str, run_at: i64, max_attempts: i32) {
    let id = id.to_owned();
    store
        .write(move |tx| {
            Box::pin(async move {
                let job = NewJob {
                    id: &id,
                    kind: "test",
                    payload: r#"{"n":1}"#,
                    run_at,
                    max_attempts,
                };
                jobs::enqueue(&mut tx.conn(), &job, 0).await
            })
        })
        .await
        .expect("enqueueing a job");
}

async fn claim(store: &Store, now: i64, limit: i64) -> Vec<JobRow> {
    store
        .write(move |tx| {
            Box::pin(async move { jobs::claim(&mut tx.conn(), now, LEASE_MS, limit).await })
        })
        .await
        .expect("claiming jobs")
}

async fn claim_ids(store: &Store, now: i64, limit: i64) -> Vec<String> {
    claim(store, now, limit)
        .await
        .into_iter()
        .map(|job| job.id)
        .collect()
}

async fn complete(store: &Store, id: &str, now: i64) -> bool {
    let id = id.to_owned();
    store
        .write(move |tx| Box::pin(async move { jobs::complete(&mut tx.conn(), &id, now).await }))
        .await
        .expect("completing a job")
}

async fn fail(store: &Store, id: &str, now: i64) -> FailOutcome {
    let id = id.to_owned();
    store
        .write(move |tx| {
            Box::pin(async move { jobs::fail(&mut tx.conn(), &id, "boom", now).await })
        })
        .await
        .expect("failing a job")
}

async fn get(store: &Store, id: &str) -> Result<JobRow, StoreError> {
    let mut reader = store.read().await?;
    jobs::get(&mut reader.conn(), id).await
}

async fn pending_and_next(store: &Store) -> (i64, Option<i64>) {
    let mut reader = store.read().await.expect("a read connection");
    let mut c = reader.conn();
    let pending = jobs::pending_count(&mut c)
        .await
        .expect("counting pending jobs");
    let next = jobs::next_run_at(&mut c)
        .await
        .expect("finding the next run");
    (pending, next)
}

#[test]
fn backoff_doubles_from_thirty_seconds_and_stops_at_an_hour() {
    let cases = [
        (i32::MIN, 30_000),
        (0, 30_000),
        (1, 30_000),
        (2, 60_000),
        (3, 120_000),
        (7, 1_920_000),
        (8, 3_600_000),
        (9, 3_600_000),
        (i32::MAX, 3_600_000),
    ];
    for (attempts, expected) in cases {
        assert_eq!(backoff_ms(attempts), expected, "after {attempts} attempts");
    }
}

async fn a_job_enqueued_in_a_rolled_back_transaction_does_not_exist(db: TestDatabase) {
    let result: Result<(), StoreError> = db
        .store
        .write(|tx| {
            Box::pin(async move {
                let job = NewJob {
                    id: "j1",
                    kind: "test",
                    payload: "{}",
                    run_at: 0,
                    max_attempts: 3,
                };
                jobs::enqueue(&mut tx.conn(), &job, 0).await?;
                // The change that caused the job fails after it was enqueued.
                Err(StoreError::NotFound)
            })
        })
        .await;
    assert!(matches!(result, Err(StoreError::NotFound)));
    assert!(matches!(
        get(&db.store, "j1").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(pending_and_next(&db.store).await, (0, None));
    assert!(claim(&db.store, i64::MAX / 2, 10).await.is_empty());
}

async fn an_enqueued_job_is_stored_unclaimed_and_its_id_is_unique(db: TestDatabase) {
    enqueue(&db.store, "j1", 5_000, 3).await;
    let job = get(&db.store, "j1").await.expect("the enqueued job");
    let expected = JobRow {
        id: "j1".into(),
        kind: "test".into(),
        payload: r#"{"n":1}"#.into(),
        run_at: 5_000,
        attempts: 0,
        max_attempts: 3,
        lease_until: None,
        last_error: None,
        created_at: 0,
        finished_at: None,
    };
    assert_eq!(job, expected);
    let again = db
        .store
        .write(|tx| {
            Box::pin(async move {
                let job = NewJob {
                    id: "j1",
                    kind: "other",
                    payload: "{}",
                    run_at: 0,
                    max_attempts: 1,
                };
                jobs::enqueue(&mut tx.conn(), &job, 0).await
            })
        })
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { ref field }) if field == "id"),
        "{again:?}"
    );
}

async fn claim_takes_only_due_jobs_in_run_at_order_and_respects_the_limit(db: TestDatabase) {
    // Enqueued out of order; b and c share a run_at, so the id breaks the tie.
    enqueue(&db.store, "late", 10_000, 3).await;
    enqueue(&db.store, "c", 2_000, 3).await;
    enqueue(&db.store, "a", 1_000, 3).await;
    enqueue(&db.store, "b", 2_000, 3).await;
    assert_eq!(pending_and_next(&db.store).await, (4, Some(1_000)));

    assert!(
        claim(&db.store, 999, 10).await.is_empty(),
        "nothing is due yet"
    );
    let first = claim(&db.store, 5_000, 2).await;
    let ids: Vec<&str> = first.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    for job in &first {
        assert_eq!(job.attempts, 1);
        assert_eq!(job.lease_until, Some(5_000 + LEASE_MS));
    }
    assert_eq!(
        claim_ids(&db.store, 5_000, 10).await,
        ["c"],
        "the rest of what is due"
    );
    assert!(claim(&db.store, 5_000, 10).await.is_empty());
    assert_eq!(
        claim_ids(&db.store, 10_000, 10).await,
        ["late"],
        "due exactly at run_at"
    );
    assert_eq!(
        pending_and_next(&db.store).await.0,
        4,
        "claimed jobs are still pending"
    );
}

async fn a_claimed_job_is_claimed_again_only_after_its_lease_expires(db: TestDatabase) {
    enqueue(&db.store, "j1", 0, 5).await;
    assert_eq!(claim_ids(&db.store, 1_000, 1).await, ["j1"]);
    // While leased, the next claimable instant is the lease's end, not the past run_at.
    assert_eq!(
        pending_and_next(&db.store).await,
        (1, Some(1_000 + LEASE_MS))
    );
    assert!(claim(&db.store, 1_000 + LEASE_MS - 1, 1).await.is_empty());

    // The worker crashed without completing or failing: another one takes the job over.
    let again = claim(&db.store, 1_000 + LEASE_MS, 1).await;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);
    assert_eq!(again[0].lease_until, Some(1_000 + 2 * LEASE_MS));
}

async fn complete_is_idempotent_and_a_finished_job_is_never_claimed(db: TestDatabase) {
    enqueue(&db.store, "j1", 0, 3).await;
    assert_eq!(claim_ids(&db.store, 100, 1).await, ["j1"]);
    assert!(complete(&db.store, "j1", 200).await);
    assert!(
        !complete(&db.store, "j1", 300).await,
        "a job is finished once"
    );
    let job = get(&db.store, "j1").await.expect("the completed job");
    assert_eq!(job.finished_at, Some(200));
    assert_eq!(job.lease_until, None);
    assert_eq!(pending_and_next(&db.store).await, (0, None));
    assert!(claim(&db.store, i64::MAX / 2, 10).await.is_empty());
    assert_eq!(
        fail(&db.store, "j1", 400).await,
        FailOutcome::AlreadyFinished
    );
    assert_eq!(
        get(&db.store, "j1").await.expect("the job").last_error,
        None
    );

    let missing = db
        .store
        .write(|tx| Box::pin(async move { jobs::complete(&mut tx.conn(), "nope", 0).await }))
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

async fn fail_reschedules_with_backoff_and_ends_dead_after_max_attempts(db: TestDatabase) {
    enqueue(&db.store, "j1", 0, 3).await;
    let mut now = 1_000;
    for attempt in 1..=2 {
        assert_eq!(claim_ids(&db.store, now, 1).await, ["j1"]);
        let run_at = now + backoff_ms(attempt);
        assert_eq!(
            fail(&db.store, "j1", now).await,
            FailOutcome::Retrying { run_at }
        );
        let job = get(&db.store, "j1").await.expect("the failed job");
        assert_eq!((job.run_at, job.lease_until), (run_at, None));
        assert_eq!(job.last_error.as_deref(), Some("boom"));
        assert_eq!(pending_and_next(&db.store).await, (1, Some(run_at)));
        assert!(
            claim(&db.store, run_at - 1, 1).await.is_empty(),
            "not before the backoff"
        );
        now = run_at;
    }
    assert_eq!(claim_ids(&db.store, now, 1).await, ["j1"]);
    assert_eq!(fail(&db.store, "j1", now).await, FailOutcome::Dead);
    let job = get(&db.store, "j1").await.expect("the dead job");
    assert_eq!((job.attempts, job.finished_at), (3, Some(now)));
    assert_eq!(job.last_error.as_deref(), Some("boom"));
    assert_eq!(pending_and_next(&db.store).await, (0, None));
    assert!(claim(&db.store, i64::MAX / 2, 10).await.is_empty());
    assert_eq!(
        fail(&db.store, "j1", now).await,
        FailOutcome::AlreadyFinished
    );
}

async fn two_claims_in_flight_at_once_never_return_the_same_job(db: TestDatabase) {
    for id in ["a", "b", "c", "d"] {
        enqueue(&db.store, id, 0, 3).await;
    }
    let (claimed, first_claimed) = oneshot::channel();
    let (release, first_released) = oneshot::channel::<()>();
    let store = db.store.clone();
    let first = tokio::spawn(async move {
        store
            .write(move |tx| {
                Box::pin(async move {
                    let jobs = jobs::claim(&mut tx.conn(), 100, LEASE_MS, 2).await?;
                    let _ = claimed.send(());
                    // Hold the transaction (and on PostgreSQL its row locks) open.
                    let _ = first_released.await;
                    Ok::<_, StoreError>(jobs)
                })
            })
            .await
    });
    first_claimed.await.expect("the first claim ran");

    // SQLite has one writer: the second claim queues behind the first, so the first must be let
    // go for it to run at all. On PostgreSQL the second claim runs while the first still holds
    // its rows, and must neither wait for them nor take them.
    let mut release = Some(release);
    if db.store.dialect() == Dialect::Sqlite {
        let _ = release.take().map(|r| r.send(()));
    }
    let second = tokio::time::timeout(DEADLOCK_GUARD, claim(&db.store, 100, 4))
        .await
        .expect("the second claim did not wait for the first transaction");
    let _ = release.take().map(|r| r.send(()));
    let first = tokio::time::timeout(DEADLOCK_GUARD, first)
        .await
        .expect("the first claim finished")
        .expect("the first claim's task")
        .expect("the first claim");

    let first: BTreeSet<String> = first.into_iter().map(|job| job.id).collect();
    let second: BTreeSet<String> = second.into_iter().map(|job| job.id).collect();
    assert_eq!(first.len(), 2);
    assert!(
        first.is_disjoint(&second),
        "{first:?} and {second:?} overlap"
    );
    let all: BTreeSet<String> = first.union(&second).cloned().collect();
    assert_eq!(all, ["a", "b", "c", "d"].map(String::from).into());
}

async fn many_workers_claiming_at_once_take_each_job_exactly_once(db: TestDatabase) {
    let ids: Vec<String> = (0..40).map(|n| format!("job-{n:02}")).collect();
    for id in &ids {
        enqueue(&db.store, id, 0, 3).await;
    }
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move {
                let mut taken = Vec::new();
                loop {
                    let batch = claim_ids(&store, 100, 3).await;
                    if batch.is_empty() {
                        return taken;
                    }
                    taken.extend(batch);
                }
            })
        })
        .collect();
    let mut taken = Vec::new();
    for worker in workers {
        taken.extend(worker.await.expect("a worker task"));
    }
    taken.sort();
    assert_eq!(taken, ids, "every job once, none twice");
}

crate::backend_tests!(
    a_job_enqueued_in_a_rolled_back_transaction_does_not_exist,
    an_enqueued_job_is_stored_unclaimed_and_its_id_is_unique,
    claim_takes_only_due_jobs_in_run_at_order_and_respects_the_limit,
    a_claimed_job_is_claimed_again_only_after_its_lease_expires,
    complete_is_idempotent_and_a_finished_job_is_never_claimed,
    fail_reschedules_with_backoff_and_ends_dead_after_max_attempts,
    two_claims_in_flight_at_once_never_return_the_same_job,
    many_workers_claiming_at_once_take_each_job_exactly_once,
);
