//! The durable job queue: enqueue inside the transaction of the change that causes the job, claim
//! with a lease, finish once, retry with backoff. What a job *does* (digests, reminders, deadlines)
//! and when workers poll belong to the layers above; this module only stores the queue's state.
//!
//! Every instant is passed in by the caller (milliseconds since the epoch) so tests drain the
//! queue with an injected clock; nothing here reads the system clock.

use crate::{Conn, Dialect, Sql, StoreError};

/// The first retry waits this long; each later one waits twice as long as the one before.
const FIRST_BACKOFF_MS: i64 = 30_000;

/// No retry waits longer than an hour: a job failing for a day still gets tried 24 times.
const MAX_BACKOFF_MS: i64 = 3_600_000;

/// A job to enqueue.
#[derive(Debug, Clone, Copy)]
pub struct NewJob<'a> {
    /// Unique; a caller that derives it from the cause (e.g. the request a reminder is for)
    /// gets `StoreError::Conflict` instead of a duplicate job.
    pub id: &'a str,
    /// Which handler runs it.
    pub kind: &'a str,
    /// The handler's input, typically JSON.
    pub payload: &'a str,
    /// The earliest instant it may run.
    pub run_at: i64,
    /// Attempts before it is given up as dead.
    pub max_attempts: i32,
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub payload: String,
    /// The earliest instant it may (next) run.
    pub run_at: i64,
    /// Claims so far, the current one included.
    // The PostgreSQL columns are BIGINT: decode as i64 on both backends, then narrow.
    #[sqlx(try_from = "i64")]
    pub attempts: i32,
    #[sqlx(try_from = "i64")]
    pub max_attempts: i32,
    /// While in the future, a worker holds the job; once past, the worker is presumed dead.
    pub lease_until: Option<i64>,
    /// The error of the latest failed attempt (kept when the job is dead).
    pub last_error: Option<String>,
    pub created_at: i64,
    /// Set once, when the job completes or is given up as dead.
    pub finished_at: Option<i64>,
}

/// What [`fail`] did with the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOutcome {
    /// It will be claimable again at `run_at`.
    Retrying { run_at: i64 },
    /// It used its last attempt and is finished, with the error kept in `last_error`.
    Dead,
    /// It was already finished (completed, or dead) before this failure was reported; nothing
    /// changed. A worker whose lease ran out can see this when another worker finished the job.
    AlreadyFinished,
}

const COLUMNS: &str = "id, kind, payload, run_at, attempts, max_attempts, lease_until, \
                       last_error, created_at, finished_at";

/// How long to wait before retrying a job that has failed `attempts` times: 30 s × 2^(attempts−1),
/// capped at an hour. Fewer than one attempt counts as one.
pub fn backoff_ms(attempts: i32) -> i64 {
    // 2^7 × 30 s already passes the cap, so larger exponents never need computing (nor overflow).
    let doublings = attempts.saturating_sub(1).clamp(0, 7);
    (FIRST_BACKOFF_MS << doublings).min(MAX_BACKOFF_MS)
}

/// Adds a job. Call it inside the same transaction as the change that causes the job, so the job
/// exists exactly when the change does.
pub async fn enqueue(c: &mut Conn<'_>, job: &NewJob<'_>, now: i64) -> Result<(), StoreError> {
    enqueue_many(c, std::slice::from_ref(job), now).await
}

/// [`enqueue`] for several jobs, in one statement per hundred.
pub async fn enqueue_many(
    c: &mut Conn<'_>,
    jobs: &[NewJob<'_>],
    now: i64,
) -> Result<(), StoreError> {
    for chunk in jobs.chunks(100) {
        let mut query = Sql::new("");
        push_enqueue(&mut query, chunk, now);
        query.execute(c).await?;
    }
    Ok(())
}

/// Appends [`enqueue_many`]'s insert of `jobs` (at least one) to `sql`: for [`schedule_many`],
/// and for a statement that writes them with other rows (a new ask's timers,
/// `records::requests`).
pub(crate) fn push_enqueue<'q>(
    sql: &mut Sql<'q>,
    jobs: impl IntoIterator<Item = &'q NewJob<'q>>,
    now: i64,
) {
    sql.push("INSERT INTO jobs (id, kind, payload, run_at, attempts, max_attempts, created_at)");
    sql.push_values(jobs, |b, job| {
        b.push_bind(job.id)
            .push_bind(job.kind)
            .push_bind(job.payload)
            .push_bind(job.run_at)
            .push_bind(0_i64)
            .push_bind(i64::from(job.max_attempts))
            .push_bind(now);
    });
}

/// Adds a job, or, when one with the same id exists, makes it run (again) at `job.run_at`:
/// a finished job is reopened and a claimed one loses its lease. For jobs whose id names their
/// target (a member's delivery at an instant), so that work added after a run started is
/// never stranded: the running worker's [`complete_leased`] then misses, and the job runs
/// once more. Handlers of such jobs must be idempotent. Call it in the causing transaction.
pub async fn schedule(c: &mut Conn<'_>, job: &NewJob<'_>, now: i64) -> Result<(), StoreError> {
    schedule_many(c, std::slice::from_ref(job), now).await
}

/// [`schedule`] for several jobs. Ids must be distinct: one statement cannot upsert the same
/// row twice (PostgreSQL refuses it).
///
/// A job already waiting, untried, for the same instant with the same input, at least
/// [`SETTLED_MARGIN_MS`] ahead, is left alone and not even locked. Every reply reschedules the
/// deliveries of all its thread's followers, almost always to a check time hours away where
/// the job already waits; on PostgreSQL the upsert locked each of those rows until commit,
/// so every concurrent reply to a team queued behind the same few delivery jobs.
pub async fn schedule_many(
    c: &mut Conn<'_>,
    jobs: &[NewJob<'_>],
    now: i64,
) -> Result<(), StoreError> {
    schedule_many_after(c, None, jobs, now).await
}

/// [`schedule_many`] after `first`, a write of the caller's in the same transaction (the
/// notifications the jobs deliver). On PostgreSQL `first` rides as a `WITH` clause of the
/// first statement scheduling sends, sparing its own round trip; on SQLite, or when scheduling
/// sends nothing, it runs on its own before.
pub async fn schedule_many_after<'q>(
    c: &mut Conn<'_>,
    mut first: Option<Sql<'q>>,
    jobs: &'q [NewJob<'q>],
    now: i64,
) -> Result<(), StoreError> {
    if (c.dialect() == Dialect::Sqlite || jobs.is_empty())
        && let Some(first) = first.take()
    {
        first.execute(c).await?;
    }
    for chunk in jobs.chunks(100) {
        let settled = settled(c, &mut first, chunk, now).await?;
        let due: Vec<&NewJob<'_>> = chunk
            .iter()
            .filter(|job| !settled.iter().any(|id| id == job.id))
            .collect();
        if due.is_empty() {
            continue;
        }
        let mut query = after(first.take());
        push_enqueue(&mut query, due, now);
        // A job waiting exactly as asked, but too close to its instant to be trusted unlocked,
        // is locked and left unchanged: rewriting it would change nothing but cost a row write.
        query.push(
            " ON CONFLICT (id) DO UPDATE SET run_at = excluded.run_at, \
             payload = excluded.payload, attempts = 0, lease_until = NULL, \
             last_error = NULL, finished_at = NULL \
             WHERE NOT (jobs.finished_at IS NULL AND jobs.lease_until IS NULL \
             AND jobs.attempts = 0 AND jobs.run_at = excluded.run_at \
             AND jobs.payload = excluded.payload)",
        );
        query.execute(c).await?;
    }
    if let Some(first) = first {
        // Every job was settled already: nothing carried it.
        first.execute(c).await?;
    }
    Ok(())
}

/// A statement to be pushed on, carrying `first` as its `WITH` clause when there is one.
fn after(first: Option<Sql<'_>>) -> Sql<'_> {
    match first {
        Some(first) => Sql::with_clause("written", first),
        None => Sql::new(""),
    }
}

/// How far ahead a waiting job must be for [`schedule_many`] to trust it without a lock: a
/// worker claims a job only once its `run_at` has passed, so a job this far off cannot be
/// claimed before the scheduling transaction commits, even by a node whose clock runs up to
/// this much ahead.
pub const SETTLED_MARGIN_MS: i64 = 60_000;

/// A job waiting, untried and unclaimed: what [`settled`] compares.
#[derive(Debug, sqlx::FromRow, serde::Deserialize)]
struct WaitingJob {
    id: String,
    run_at: i64,
    payload: String,
}

/// The ids of the jobs that already wait exactly as asked, far enough ahead (see
/// [`schedule_many`]). Read without locks, carrying `first` (see [`schedule_many_after`])
/// when there is a read to make.
async fn settled<'q>(
    c: &mut Conn<'_>,
    first: &mut Option<Sql<'q>>,
    jobs: &'q [NewJob<'q>],
    now: i64,
) -> Result<Vec<String>, StoreError> {
    let ahead: Vec<&str> = jobs
        .iter()
        .filter(|job| job.run_at > now.saturating_add(SETTLED_MARGIN_MS))
        .map(|job| job.id)
        .collect();
    if ahead.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = after(first.take());
    query.push("SELECT id, run_at, payload FROM jobs WHERE id IN ");
    query
        .push_list(ahead.iter().copied())
        .push(" AND finished_at IS NULL AND lease_until IS NULL AND attempts = 0");
    let waiting: Vec<WaitingJob> = query.fetch_all(c).await?;
    Ok(waiting
        .into_iter()
        .filter(|row| {
            jobs.iter().any(|job| {
                job.id == row.id && job.run_at == row.run_at && job.payload == row.payload
            })
        })
        .map(|row| row.id)
        .collect())
}

/// Claims up to `limit` due jobs (unfinished, `run_at <= now`, lease absent or expired), earliest
/// `run_at` first: each gets a lease until `now + lease_ms` and one more attempt. Returns them as
/// updated, in `run_at`, `id` order. A write: on SQLite run it through `Store::write`.
pub async fn claim(
    c: &mut Conn<'_>,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<JobRow>, StoreError> {
    let lock = match c.dialect() {
        // Several nodes claim at once. Rows another transaction is claiming are skipped rather
        // than waited for: waiting would serialize the workers, and once the other transaction
        // committed, this statement would lease the same rows a second time.
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        // One writer: no claim runs concurrently with this one, and SQLite has no row locks.
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET lease_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs \
                      WHERE finished_at IS NULL AND run_at <= $1 \
                      AND (lease_until IS NULL OR lease_until <= $1) \
                      ORDER BY run_at, id LIMIT $3 {lock}) \
         RETURNING {COLUMNS}"
    );
    let mut jobs: Vec<JobRow> = Sql::new(&sql)
        .bind(now)
        .bind(now.saturating_add(lease_ms))
        .bind(limit)
        .fetch_all(c)
        .await?;
    // RETURNING follows no ORDER BY on either backend.
    jobs.sort_by(|a, b| (a.run_at, &a.id).cmp(&(b.run_at, &b.id)));
    Ok(jobs)
}

/// Marks a job done. Returns `false` if it was already finished (completed or dead): a job is
/// finished once, so a late duplicate completion changes nothing. `NotFound` if there is no such job.
pub async fn complete(c: &mut Conn<'_>, id: &str, now: i64) -> Result<bool, StoreError> {
    let updated = Sql::new(
        "UPDATE jobs SET finished_at = $2, lease_until = NULL \
         WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await?;
    if updated == 0 {
        // Tell a finished job from a missing one.
        get(c, id).await?;
        return Ok(false);
    }
    Ok(true)
}

/// Marks a job done if it still carries the lease `lease_until` of the claim that ran it.
/// Returns `false` when it does not: the job was finished by someone else, or [`schedule`]
/// reset it meanwhile because new work arrived, and it must run again.
pub async fn complete_leased(
    c: &mut Conn<'_>,
    id: &str,
    lease_until: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let updated = Sql::new(
        "UPDATE jobs SET finished_at = $3, lease_until = NULL \
         WHERE id = $1 AND lease_until = $2 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(lease_until)
    .bind(now)
    .execute(c)
    .await?;
    Ok(updated == 1)
}

/// Finishes a job as dead at once, keeping `error`: for failures no retry can fix (an unknown
/// kind, a payload that does not parse). Returns `false` if it was already finished.
pub async fn give_up(
    c: &mut Conn<'_>,
    id: &str,
    error: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let updated = Sql::new(
        "UPDATE jobs SET finished_at = $3, lease_until = NULL, last_error = $2 \
         WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(error)
    .bind(now)
    .execute(c)
    .await?;
    Ok(updated == 1)
}

/// Records a failed attempt: keeps `error`, releases the lease and reschedules the job after
/// [`backoff_ms`], or, if it has used all its attempts, finishes it as dead. A write.
pub async fn fail(
    c: &mut Conn<'_>,
    id: &str,
    error: &str,
    now: i64,
) -> Result<FailOutcome, StoreError> {
    // The backoff is computed here rather than in SQL (the dialects share no exponent function),
    // so this reads then writes. The write is guarded by the attempt count it was computed from:
    // if another node claimed the job in between, the guard misses and we start over with the
    // fresh row instead of applying a stale decision.
    loop {
        let job = get(c, id).await?;
        if job.finished_at.is_some() {
            return Ok(FailOutcome::AlreadyFinished);
        }
        let (outcome, run_at, finished_at) = if job.attempts >= job.max_attempts {
            (FailOutcome::Dead, job.run_at, Some(now))
        } else {
            let run_at = now.saturating_add(backoff_ms(job.attempts));
            (FailOutcome::Retrying { run_at }, run_at, None)
        };
        let updated = Sql::new(
            "UPDATE jobs SET last_error = $3, lease_until = NULL, run_at = $4, finished_at = $5 \
             WHERE id = $1 AND attempts = $2 AND finished_at IS NULL",
        )
        .bind(id)
        .bind(i64::from(job.attempts))
        .bind(error)
        .bind(run_at)
        .bind(finished_at)
        .execute(c)
        .await?;
        if updated == 1 {
            return Ok(outcome);
        }
    }
}

/// One job, finished or not.
pub async fn get(c: &mut Conn<'_>, id: &str) -> Result<JobRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
    let row = Sql::new(&sql).bind(id).fetch_one(c).await?;
    Ok(row)
}

/// How many jobs are not finished yet, claimed or not (for `/metrics`).
pub async fn pending_count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    let count = Sql::new("SELECT COUNT(*) FROM jobs WHERE finished_at IS NULL")
        .fetch_scalar(c)
        .await?;
    Ok(count)
}

/// The earliest instant an unfinished job becomes claimable, or `None` when the queue is empty:
/// a worker sleeps until then (or until a commit wakes it). For a leased job that is when its
/// lease runs out, not its `run_at`, which is already past: otherwise a worker would wake at
/// once, find nothing to claim, and spin until the lease expired.
pub async fn next_run_at(c: &mut Conn<'_>) -> Result<Option<i64>, StoreError> {
    let next = Sql::new(
        "SELECT MIN(CASE WHEN lease_until > run_at THEN lease_until ELSE run_at END) \
         FROM jobs WHERE finished_at IS NULL",
    )
    .fetch_scalar(c)
    .await?;
    Ok(next)
}

#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod tests;
