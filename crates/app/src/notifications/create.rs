//! Creating notifications inside the transaction of their cause: each recipient who may see
//! the channel gets one, with its `deliver_at` computed once from their schedule, status and
//! preferences, and a delivery job for that instant enqueued in the same transaction.

use std::collections::HashMap;

use jiff::Timestamp;
use sundial_core::MessageId;
use sundial_store::Conn;
use sundial_store::records::members::{self, MemberRow};
use sundial_store::records::notifications::{self, NotificationRow};
use sundial_store::records::{channels, jobs};
use sundial_store::time::to_millis;

use super::kind::Kind;
use super::policy::timing;
use crate::{AppResult, schedules};

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

/// Creates the notifications as of `t` (the instant of their cause). Recipients who cannot see
/// the channel (no longer in a private one; guests outside it) get nothing: a notification
/// must never reveal a channel.
pub(crate) async fn notify(
    c: &mut Conn<'_>,
    place: Place<'_>,
    items: Vec<NewNotification>,
    t: Timestamp,
) -> AppResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let channel = channels::get(c, place.workspace_id, place.channel_id).await?;
    let mut rows: HashMap<String, MemberRow> = HashMap::new();
    for item in &items {
        if rows.contains_key(&item.member_id) {
            continue;
        }
        let row = members::get(c, place.workspace_id, &item.member_id).await?;
        let needs_membership = channel.private || row.role == "guest";
        if needs_membership && !channels::is_member(c, &channel.id, &row.id).await? {
            continue;
        }
        rows.insert(row.id.clone(), row);
    }
    let listed: Vec<MemberRow> = rows.values().cloned().collect();
    let schedules = schedules::load(c, place.workspace_id, &listed, t).await?;
    for item in items {
        let (Some(member), Some(schedule)) =
            (rows.get(&item.member_id), schedules.get(&item.member_id))
        else {
            continue;
        };
        let timing = timing(member, schedule, item.urgent, t)?;
        let row = NotificationRow {
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
        };
        notifications::insert(c, &row).await?;
        if let Some(at) = timing.deliver_at {
            schedule_delivery(c, &row.member_id, at, t).await?;
        }
    }
    Ok(())
}

/// Makes sure the member's delivery at `at` runs (again, if it already ran): one job per
/// member and instant, so notifications due together go out together as one digest.
pub(crate) async fn schedule_delivery(
    c: &mut Conn<'_>,
    member_id: &str,
    at: Timestamp,
    now: Timestamp,
) -> AppResult<()> {
    let at = to_millis(at);
    let id = format!("deliver:{member_id}:{at}");
    let payload = serde_json::json!({ "member_id": member_id, "at": at }).to_string();
    jobs::schedule(
        c,
        &jobs::NewJob {
            id: &id,
            kind: DELIVER_JOB,
            payload: &payload,
            run_at: at,
            max_attempts: 20,
        },
        to_millis(now),
    )
    .await?;
    Ok(())
}
