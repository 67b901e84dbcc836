//! Creating notifications inside the transaction of their cause: each recipient who may see
//! the channel gets one, with its `deliver_at` computed once from their schedule, status and
//! preferences, and a delivery job for that instant enqueued in the same transaction.

use jiff::Timestamp;
use sundial_core::MessageId;
use sundial_store::Conn;
use sundial_store::records::jobs;
use sundial_store::records::notifications::{self, NotificationRow};
use sundial_store::time::to_millis;

use super::kind::Kind;
use super::policy::timing_of;
use super::recipients::Recipients;
use crate::AppResult;

/// A notification to create.
#[derive(Debug, Clone)]
pub(crate) struct NewNotification {
    pub(crate) member_id: String,
    pub(crate) kind: Kind,
    pub(crate) message_id: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) actor_id: Option<String>,
    pub(crate) urgent: bool,
    pub(crate) detail: serde_json::Value,
}

/// Where the notifications are about.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub(crate) workspace_id: &'a str,
    pub(crate) thread_id: &'a str,
    pub(crate) channel_id: &'a str,
}

/// The job kind delivering a member's notifications due at an instant.
pub(crate) const DELIVER_JOB: &str = "notification.deliver";

/// A delivery is retried this many times before it is given up.
const DELIVER_ATTEMPTS: i32 = 20;

/// Creates the notifications as of `t` (the instant of their cause). Recipients who cannot see
/// the channel (no longer in a private one; guests outside it) get nothing: a notification
/// must never reveal a channel. Who can see it, and their schedules, come from `recipients`
/// (`audience_version`: the token if a statement of this transaction read it already).
pub(crate) async fn notify(
    c: &mut Conn<'_>,
    recipients: &Recipients,
    place: Place<'_>,
    items: Vec<NewNotification>,
    t: Timestamp,
    audience_version: Option<i64>,
) -> AppResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut wanted: Vec<String> = items.iter().map(|item| item.member_id.clone()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let profiles = recipients
        .seeing_channel(
            c,
            (place.workspace_id, place.channel_id),
            &wanted,
            t,
            audience_version,
        )
        .await?;
    let mut created = Vec::with_capacity(items.len());
    let mut deliveries = Vec::new();
    for item in items {
        let Some(recipient) = profiles.get(&item.member_id) else {
            continue;
        };
        let timing = timing_of(
            &recipient.status,
            &recipient.preferences,
            &recipient.schedule,
            item.urgent,
            t,
        );
        if let Some(at) = timing.deliver_at {
            deliveries.push((item.member_id.clone(), at));
        }
        created.push(NotificationRow {
            id: MessageId::generate().to_string(),
            workspace_id: place.workspace_id.to_owned(),
            member_id: item.member_id,
            kind: item.kind.as_str().to_owned(),
            thread_id: place.thread_id.to_owned(),
            channel_id: place.channel_id.to_owned(),
            message_id: item.message_id,
            request_id: item.request_id,
            actor_id: item.actor_id,
            urgent: item.urgent,
            held_by: timing.held_by.map(str::to_owned),
            detail: item.detail.to_string(),
            created_at: to_millis(t),
            deliver_at: timing.deliver_at.map(to_millis),
            delivered_at: None,
            digest_id: None,
            read_at: None,
        });
    }
    let planned = planned_deliveries(deliveries);
    let jobs = delivery_jobs(&planned);
    notifications::insert_with_deliveries(c, &created, &jobs, to_millis(t)).await?;
    Ok(())
}

/// Makes sure each member's delivery at each instant runs: [`schedule_delivery`] for many, in
/// one statement.
async fn schedule_deliveries(
    c: &mut Conn<'_>,
    deliveries: Vec<(String, Timestamp)>,
    now: Timestamp,
) -> AppResult<()> {
    let planned = planned_deliveries(deliveries);
    jobs::schedule_many(c, &delivery_jobs(&planned), to_millis(now)).await?;
    Ok(())
}

/// Each member's delivery at each instant once, as (job id, payload, instant).
fn planned_deliveries(mut deliveries: Vec<(String, Timestamp)>) -> Vec<(String, String, i64)> {
    deliveries.sort_unstable();
    deliveries.dedup();
    deliveries
        .iter()
        .map(|(member_id, at)| {
            let at = to_millis(*at);
            let payload = serde_json::json!({ "member_id": member_id, "at": at }).to_string();
            (format!("deliver:{member_id}:{at}"), payload, at)
        })
        .collect()
}

fn delivery_jobs(planned: &[(String, String, i64)]) -> Vec<jobs::NewJob<'_>> {
    planned
        .iter()
        .map(|(id, payload, at)| jobs::NewJob {
            id,
            kind: DELIVER_JOB,
            payload,
            run_at: *at,
            max_attempts: DELIVER_ATTEMPTS,
        })
        .collect()
}

/// Makes sure the member's delivery at `at` runs (again, if it already ran): one job per
/// member and instant, so notifications due together go out together as one digest.
pub(crate) async fn schedule_delivery(
    c: &mut Conn<'_>,
    member_id: &str,
    at: Timestamp,
    now: Timestamp,
) -> AppResult<()> {
    schedule_deliveries(c, vec![(member_id.to_owned(), at)], now).await
}
