//! The delivery job: everything a member has held up to an instant goes out as one digest.
//! Marking the notifications delivered, creating the digest, appending the member's events and
//! enqueueing the digest email happen in ONE transaction, so a worker that dies before commit
//! leaves nothing half-done, and a re-run (its lease expired) finds nothing left to deliver.

use serde::Deserialize;
use sundial_core::MessageId;
use sundial_store::records::digests::{self, DigestRow};
use sundial_store::records::{jobs, members, notifications};
use sundial_store::time::{from_millis, to_millis};

use super::policy::spans_time_off;
use super::reply_count::count_replies;
use crate::events::record_for_member;
use crate::{App, AppError, AppResult, schedules};

/// The job kind the email engineer's handler sends a digest by mail for; payload
/// `{"digest_id": "..."}`.
pub const EMAIL_DIGEST_JOB: &str = "email.digest";

/// The delivery job's payload.
#[derive(Debug, Deserialize)]
pub(crate) struct DeliverPayload {
    pub(crate) member_id: String,
    /// The instant, in milliseconds, the policy chose.
    pub(crate) at: i64,
}

/// Delivers the member's notifications due by `at`; returns the digest id if anything was
/// delivered.
pub(crate) async fn deliver(app: &App, payload: DeliverPayload) -> AppResult<Option<String>> {
    let now = app.now();
    app.store()
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                let digest_id = MessageId::generate().to_string();
                let mut delivered =
                    notifications::deliver(&mut c, &payload.member_id, payload.at, &digest_id)
                        .await?;
                count_replies(&mut c, &payload.member_id, &mut delivered).await?;
                let Some(first) = delivered.first() else {
                    return Ok(None);
                };
                let workspace_id = first.workspace_id.clone();
                let member = members::get(&mut c, &workspace_id, &payload.member_id).await?;
                let earliest = from_millis(first.created_at);
                let at = from_millis(payload.at);
                let schedules = schedules::load(
                    &mut c,
                    &workspace_id,
                    std::slice::from_ref(&member),
                    earliest,
                )
                .await?;
                let schedule = schedules.get(&member.id).ok_or(AppError::NotFound)?;
                let while_away = delivered
                    .iter()
                    .any(|n| n.held_by.as_deref() == Some("away"))
                    || spans_time_off(schedule, earliest, at);
                let digest = DigestRow {
                    id: digest_id,
                    workspace_id: workspace_id.clone(),
                    member_id: member.id.clone(),
                    delivered_at: payload.at,
                    while_away,
                    item_count: i64::try_from(delivered.len()).unwrap_or(i64::MAX),
                    created_at: to_millis(now),
                };
                digests::insert(&mut c, &digest).await?;
                for n in &delivered {
                    let data = serde_json::json!({
                        "notification_id": n.id, "kind": n.kind, "thread_id": n.thread_id,
                        "digest_id": digest.id, "urgent": n.urgent,
                    });
                    record_for_member(
                        &mut c,
                        &workspace_id,
                        &member.id,
                        "notification.delivered",
                        data,
                        at,
                    )
                    .await?;
                }
                let data = serde_json::json!({
                    "digest_id": digest.id, "item_count": digest.item_count,
                    "while_away": while_away, "delivered_at": at,
                });
                record_for_member(
                    &mut c,
                    &workspace_id,
                    &member.id,
                    "digest.delivered",
                    data,
                    at,
                )
                .await?;
                if member.email_notifications {
                    let id = format!("{EMAIL_DIGEST_JOB}:{}", digest.id);
                    let data = serde_json::json!({ "digest_id": digest.id }).to_string();
                    let job = jobs::NewJob {
                        id: &id,
                        kind: EMAIL_DIGEST_JOB,
                        payload: &data,
                        run_at: to_millis(now),
                        max_attempts: 10,
                    };
                    jobs::enqueue(&mut c, &job, to_millis(now)).await?;
                }
                Ok::<_, AppError>(Some(digest.id))
            })
        })
        .await
}
