//! Publishing a scheduled message when its job runs: posted as its author through the normal
//! `post_thread` / `reply` use cases, with the idempotency key `scheduled:{id}`, then marked
//! sent. A crash between the two leaves the row pending; the job's retry posts again with the
//! same key, gets the first post's result back, and only marks the row: never a second post.

use jiff::Timestamp;
use sundial_core::{MemberId, Role, WorkspaceId};
use sundial_store::records::members;
use sundial_store::records::scheduled::{self, Outcome, ScheduledRow};
use sundial_store::time::{from_millis, to_millis};

use super::view::stored_request;
use crate::threads::{NewReply, NewThread, Posted};
use crate::{Actor, App, AppError, AppResult};

/// The `scheduled.publish` job's payload.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct PublishPayload {
    pub(crate) scheduled_id: String,
}

/// What running a publish job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishOutcome {
    /// Posted now (or found posted by an earlier, interrupted run).
    Sent {
        thread_id: String,
        message_id: String,
    },
    /// Not posted, for the recorded reason (e.g. the author lost access to the channel).
    Failed { reason: String },
    /// Nothing to do: already sent or cancelled, or moved to a later `send_at` (that edit
    /// added its own job).
    Skipped,
}

impl App {
    /// Runs the `scheduled.publish` job for message `scheduled_id`. An `Err` is a storage
    /// failure worth retrying; refusals by the posting rules are recorded on the message as
    /// `failed` and answered `Ok`, since retrying cannot change them.
    pub async fn publish_scheduled(&self, scheduled_id: &str) -> AppResult<PublishOutcome> {
        let now = self.now();
        let row = {
            let mut reader = self.store().read().await?;
            match scheduled::get(&mut reader.conn(), scheduled_id).await {
                Ok(row) => row,
                // Deleted with its author, channel or thread: nothing left to post.
                Err(sundial_store::StoreError::NotFound) => return Ok(PublishOutcome::Skipped),
                Err(e) => return Err(e.into()),
            }
        };
        if row.state != "pending" || from_millis(row.send_at) > now {
            return Ok(PublishOutcome::Skipped);
        }
        match self.post_as_author(&row).await {
            Ok(posted) => {
                let (thread_id, message_id) = (posted.thread.id, posted.message_id);
                let finished = Finished::Sent {
                    thread_id: thread_id.clone(),
                    message_id: message_id.clone(),
                };
                self.finish_scheduled(&row.id, finished, now).await?;
                Ok(PublishOutcome::Sent {
                    thread_id,
                    message_id,
                })
            }
            Err(AppError::Store(e)) => Err(AppError::Store(e)),
            // Another run is posting under the same key right now: not a refusal. Recording it
            // as `failed` could overwrite that run's success; the job's retry gets its result.
            Err(race @ AppError::Conflict { .. }) if race.is_idempotency_race() => Err(race),
            Err(refused) => {
                let reason = failure_reason(&refused);
                let finished = Finished::Failed {
                    reason: reason.clone(),
                };
                self.finish_scheduled(&row.id, finished, now).await?;
                Ok(PublishOutcome::Failed { reason })
            }
        }
    }

    /// Posts the message as its author would, now.
    async fn post_as_author(&self, row: &ScheduledRow) -> AppResult<Posted> {
        let author = {
            let mut reader = self.store().read().await?;
            members::get(&mut reader.conn(), &row.workspace_id, &row.author_id).await?
        };
        let actor = Actor {
            member_id: MemberId::from_string(&author.id),
            workspace_id: WorkspaceId::from_string(&author.workspace_id),
            role: Role::parse(&author.role)?,
        };
        let request = stored_request(row)?;
        let key = Some(format!("scheduled:{}", row.id));
        match (&row.channel_id, &row.thread_id) {
            (Some(channel_id), _) => {
                let input = NewThread {
                    title: row.title.clone().unwrap_or_default(),
                    body: row.body.clone(),
                    request,
                    idempotency_key: key,
                };
                self.post_thread(&actor, channel_id, input).await
            }
            (None, Some(thread_id)) => {
                let input = NewReply {
                    body: row.body.clone(),
                    request,
                    idempotency_key: key,
                };
                self.reply(&actor, thread_id, input).await
            }
            (None, None) => Err(AppError::NotFound),
        }
    }

    async fn finish_scheduled(
        &self,
        id: &str,
        finished: Finished,
        now: Timestamp,
    ) -> AppResult<()> {
        let id = id.to_owned();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let outcome = match &finished {
                        Finished::Sent {
                            thread_id,
                            message_id,
                        } => Outcome::Sent {
                            thread_id,
                            message_id,
                        },
                        Finished::Failed { reason } => Outcome::Failed { reason },
                    };
                    scheduled::finish(&mut tx.conn(), &id, outcome, to_millis(now)).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await
    }
}

/// How a publish run ended, owned so it can move into the write.
enum Finished {
    Sent {
        thread_id: String,
        message_id: String,
    },
    Failed {
        reason: String,
    },
}

/// What the author is told when the message could not be posted.
fn failure_reason(error: &AppError) -> String {
    match error {
        AppError::NotFound => {
            "the author can no longer post there: the channel or thread is gone or not visible"
                .to_owned()
        }
        other => other.to_string(),
    }
}
