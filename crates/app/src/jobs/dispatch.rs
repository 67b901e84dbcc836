//! Which handler runs which job: ONE `match` on the job's kind. To add a kind, add an arm that
//! parses the payload with [`payload`] and calls its handler. A handler must be idempotent: a
//! job whose worker died is run again once its lease expires.

use serde::de::DeserializeOwned;
use sundial_store::records::jobs::JobRow;

use super::JobError;
use crate::{App, mail, notifications, scheduled};

/// Runs one claimed job.
pub(crate) async fn run(app: &App, job: &JobRow) -> Result<(), JobError> {
    match job.kind.as_str() {
        notifications::DELIVER_JOB => {
            notifications::deliver(app, payload(job)?).await?;
        }
        notifications::COMING_DUE_JOB => notifications::fire(app, payload(job)?, false).await?,
        notifications::OVERDUE_JOB => notifications::fire(app, payload(job)?, true).await?,
        notifications::EMAIL_DIGEST_JOB => {
            let payload: mail::DigestEmailPayload = payload(job)?;
            app.send_digest_email(&payload.digest_id).await?;
        }
        scheduled::PUBLISH_JOB_KIND => {
            let payload: scheduled::PublishPayload = payload(job)?;
            app.publish_scheduled(&payload.scheduled_id).await?;
        }
        other => return Err(JobError::Permanent(format!("unknown job kind {other:?}"))),
    }
    Ok(())
}

/// The job's JSON payload as `T`; one that does not parse can never succeed.
pub(crate) fn payload<T: DeserializeOwned>(job: &JobRow) -> Result<T, JobError> {
    serde_json::from_str(&job.payload)
        .map_err(|e| JobError::Permanent(format!("bad payload for {}: {e}", job.kind)))
}
