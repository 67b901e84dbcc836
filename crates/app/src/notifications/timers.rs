//! An obligation's timers: "coming due" one working hour before its due time (on the
//! recipient's schedule) and "overdue" at it. Both are jobs enqueued with the obligation (and
//! again when a promise moves its due time). A timer carries the due time it was set for: when
//! it runs it does nothing unless the obligation is still open and still due then, so stale
//! timers of a re-promised or answered ask are harmless.

use jiff::Timestamp;
use serde::Deserialize;
use sundial_core::delivery::coming_due_at;
use sundial_core::{Schedule, Urgency};
use sundial_store::Conn;
use sundial_store::records::{jobs, requests, threads};
use sundial_store::time::{from_millis, to_millis};

use super::create::{NewNotification, Place, notify};
use super::kind::Kind;
use crate::{App, AppError, AppResult};

/// The job kind of the "coming due" reminder.
pub(crate) const COMING_DUE_JOB: &str = "obligation.coming_due";
/// The job kind of the overdue follow-up.
pub(crate) const OVERDUE_JOB: &str = "obligation.overdue";

/// A timer's payload: whose obligation on which ask, and the due time it was set for.
#[derive(Debug, Deserialize)]
pub(crate) struct TimerPayload {
    pub(crate) workspace_id: String,
    pub(crate) request_id: String,
    pub(crate) member_id: String,
    pub(crate) due_at: i64,
    /// The instant the timer was meant to fire, so its notification is timed from then even
    /// when a worker runs it late.
    pub(crate) at: i64,
}

/// One of an obligation's timers, ready to be written as a job.
#[derive(Debug, Clone)]
pub(crate) struct Timer {
    id: String,
    kind: &'static str,
    payload: String,
    run_at: i64,
}

impl Timer {
    /// The timer as the job to write.
    pub(crate) fn job(&self) -> jobs::NewJob<'_> {
        jobs::NewJob {
            id: &self.id,
            kind: self.kind,
            payload: &self.payload,
            run_at: self.run_at,
            max_attempts: 20,
        }
    }
}

/// Both timers of one obligation due at `due`; a new ask writes its obligations' with it
/// (`requests::insert_ask`), a moved due time through [`set_timers`]. A reminder whose instant has already passed (an
/// ask made less than a working hour before its due time) is left out: the ask itself is the
/// news.
pub(crate) fn timers_of(
    workspace_id: &str,
    (request_id, member_id): (&str, &str),
    schedule: &Schedule,
    due: Timestamp,
    now: Timestamp,
) -> Vec<Timer> {
    let due_ms = to_millis(due);
    let coming = coming_due_at(schedule, due);
    let mut timers = vec![(OVERDUE_JOB, "overdue", due)];
    if coming > now {
        timers.push((COMING_DUE_JOB, "coming_due", coming));
    }
    timers
        .into_iter()
        .map(|(kind, name, run_at)| Timer {
            id: format!("{name}:{request_id}:{member_id}:{due_ms}"),
            kind,
            payload: serde_json::json!({
                "workspace_id": workspace_id, "request_id": request_id, "member_id": member_id,
                "due_at": due_ms, "at": to_millis(run_at),
            })
            .to_string(),
            run_at: to_millis(run_at),
        })
        .collect()
}

/// Sets both timers of one obligation due at `due` ([`timers_of`]), in the caller's
/// transaction: an obligation whose due time moved may have had them already.
pub(crate) async fn set_timers(
    c: &mut Conn<'_>,
    workspace_id: &str,
    obligation: (&str, &str),
    schedule: &Schedule,
    due: Timestamp,
    now: Timestamp,
) -> AppResult<()> {
    let timers = timers_of(workspace_id, obligation, schedule, due, now);
    let jobs: Vec<jobs::NewJob<'_>> = timers.iter().map(Timer::job).collect();
    jobs::schedule_many(c, &jobs, to_millis(now)).await?;
    Ok(())
}

/// Runs a timer: notifies the recipient (and, when overdue, the requester, once) if the
/// obligation is still open and still due when the timer was set for.
pub(crate) async fn fire(app: &App, payload: TimerPayload, overdue: bool) -> AppResult<()> {
    let recipients = app.recipients();
    app.store()
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                let ws = payload.workspace_id.as_str();
                let request = match requests::get(&mut c, ws, &payload.request_id).await {
                    Ok(request) => request,
                    // The ask is gone (its message or thread deleted): nothing to remind of.
                    Err(sundial_store::StoreError::NotFound) => return Ok(()),
                    Err(other) => return Err(other.into()),
                };
                let obligations =
                    requests::obligations(&mut c, std::slice::from_ref(&request.id)).await?;
                let still_due = obligations.iter().any(|o| {
                    o.member_id == payload.member_id
                        && matches!(o.status.as_str(), "pending" | "acknowledged")
                        && o.due_at == payload.due_at
                });
                if !still_due {
                    return Ok(());
                }
                let thread = threads::get(&mut c, ws, &request.thread_id).await?;
                let due = from_millis(payload.due_at);
                let urgent = Urgency::parse(&request.urgency).ok() == Some(Urgency::Urgent);
                let base = NewNotification {
                    member_id: payload.member_id.clone(),
                    kind: Kind::ComingDue,
                    message_id: Some(request.message_id.clone()),
                    request_id: Some(request.id.clone()),
                    actor_id: None,
                    urgent,
                    detail: serde_json::json!({
                        "due_at": due, "member_id": payload.member_id,
                        "request_kind": request.kind, "urgency": request.urgency,
                    }),
                };
                let items = if overdue {
                    // The nudge waits for the recipient's next check time like any other
                    // non-urgent news; the requester is told once, at theirs.
                    vec![
                        NewNotification {
                            kind: Kind::Overdue,
                            urgent: false,
                            ..base.clone()
                        },
                        NewNotification {
                            member_id: request.requester_id.clone(),
                            kind: Kind::AskOverdue,
                            urgent: false,
                            ..base
                        },
                    ]
                } else {
                    vec![base]
                };
                let place = Place {
                    workspace_id: ws,
                    thread_id: &thread.id,
                    channel_id: &thread.channel_id,
                };
                let at = from_millis(payload.at);
                notify(&mut c, &recipients, place, items, at, None).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}
