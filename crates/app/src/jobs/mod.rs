//! Running durable jobs: claim what is due at the clock's now (with a lease), run each through
//! [`dispatch`], then finish it, retry it with backoff, or give it up. The server's worker loop
//! and the tests both call [`App::run_due_jobs`]; with a manual clock a test drains a whole week
//! in milliseconds.

pub(crate) mod dispatch;

use jiff::{SignedDuration, Timestamp};
use sundial_store::records::jobs;
use sundial_store::time::{from_millis, to_millis};

use crate::{App, AppError, AppResult};

/// How long a claimed job is a worker's: a worker that dies holds it this long at most.
pub const JOB_LEASE: SignedDuration = SignedDuration::from_mins(5);

/// Jobs claimed per round trip.
const CLAIM_BATCH: i64 = 32;

/// Why a job did not finish.
#[derive(Debug)]
pub(crate) enum JobError {
    /// Might work later (storage hiccup): retried with backoff.
    Retry(String),
    /// Never will (unknown kind, bad payload): given up at once, and logged.
    Permanent(String),
}

impl From<AppError> for JobError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Store(_) | AppError::Mail(_) => JobError::Retry(error.to_string()),
            ref race if race.is_idempotency_race() => JobError::Retry(error.to_string()),
            other => JobError::Permanent(other.to_string()),
        }
    }
}

impl App {
    /// Claims and runs every job due at the clock's now, including jobs those jobs enqueue for
    /// now, until none is left; returns how many ran. Jobs that fail are rescheduled (or given
    /// up) and not retried within this call.
    pub async fn run_due_jobs(&self) -> AppResult<usize> {
        let mut ran = 0;
        loop {
            let now = to_millis(self.now());
            let lease = JOB_LEASE.as_millis() as i64;
            let claimed = self
                .store()
                .write(move |tx| {
                    Box::pin(
                        async move { jobs::claim(&mut tx.conn(), now, lease, CLAIM_BATCH).await },
                    )
                })
                .await?;
            if claimed.is_empty() {
                return Ok(ran);
            }
            for job in claimed {
                self.run_claimed(job).await?;
                ran += 1;
            }
        }
    }

    /// When the next unfinished job becomes claimable, for a worker to sleep until then.
    pub async fn next_job_at(&self) -> AppResult<Option<Timestamp>> {
        let mut reader = self.store().read().await?;
        Ok(jobs::next_run_at(&mut reader.conn())
            .await?
            .map(from_millis))
    }

    async fn run_claimed(&self, job: jobs::JobRow) -> AppResult<()> {
        let outcome = dispatch::run(self, &job).await;
        let now = to_millis(self.now());
        let id = job.id.clone();
        match outcome {
            Ok(()) => {
                // Guarded by the lease: if new work reset the job meanwhile, it stays due and
                // runs again.
                let lease = job.lease_until.unwrap_or_default();
                self.store()
                    .write(move |tx| {
                        Box::pin(async move {
                            jobs::complete_leased(&mut tx.conn(), &id, lease, now).await
                        })
                    })
                    .await?;
            }
            Err(JobError::Retry(error)) => {
                tracing::warn!(job = %job.id, kind = %job.kind, %error, "job failed; will retry");
                self.store()
                    .write(move |tx| {
                        Box::pin(async move { jobs::fail(&mut tx.conn(), &id, &error, now).await })
                    })
                    .await?;
            }
            Err(JobError::Permanent(error)) => {
                tracing::error!(job = %job.id, kind = %job.kind, %error, "job given up");
                self.store()
                    .write(move |tx| {
                        Box::pin(
                            async move { jobs::give_up(&mut tx.conn(), &id, &error, now).await },
                        )
                    })
                    .await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::JobError;
    use crate::AppError;

    fn conflict(field: &str) -> AppError {
        AppError::Conflict {
            field: field.to_owned(),
            reason: "is already taken".to_owned(),
        }
    }

    #[test]
    fn an_idempotency_race_is_retried_but_other_conflicts_are_not() {
        assert!(matches!(
            JobError::from(conflict("idempotency_key")),
            JobError::Retry(_)
        ));
        assert!(matches!(
            JobError::from(conflict("email")),
            JobError::Permanent(_)
        ));
        assert!(matches!(
            JobError::from(AppError::NotFound),
            JobError::Permanent(_)
        ));
    }
}
