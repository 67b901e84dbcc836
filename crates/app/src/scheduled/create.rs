//! Scheduling a new thread or a reply: checked now exactly as posting it now would be (title,
//! body, ask, the author's access), then stored with its publish job in one transaction.

use jiff::{SignedDuration, Timestamp};
use sundial_core::ThreadTitle;
use sundial_store::Conn;
use sundial_store::records::jobs::{self, NewJob};
use sundial_store::records::scheduled::{self, ScheduledRow};
use sundial_store::records::{members, threads};
use sundial_store::time::to_millis;

use super::PUBLISH_JOB_KIND;
use super::view::{ScheduledView, request_json};
use crate::channels::visible_channel;
use crate::requests::NewRequest;
use crate::threads::{NewReply, NewThread, prepare};
use crate::{Actor, App, AppError, AppResult, schedules};

/// How far ahead a message may be scheduled: a year and a day covers "same day next year".
const MAX_AHEAD: SignedDuration = SignedDuration::from_hours(366 * 24);

/// A publish job is retried this many times when storage fails; a refusal (lost access) is
/// not a failure of the job but an outcome recorded on the message.
const PUBLISH_MAX_ATTEMPTS: i32 = 10;

/// When a scheduled message is to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendTime {
    /// At this instant, which must be in the future (field `send_at`).
    At(Timestamp),
    /// At the start of the recipient's next working day, for an ask to exactly one person
    /// (field `send_at_recipient_day_start`).
    RecipientDayStart,
}

impl App {
    /// Schedules a new thread in a channel the actor can see. `input.idempotency_key` is not
    /// used: publishing posts with the key `scheduled:{id}`, so the message is posted once.
    pub async fn schedule_thread(
        &self,
        actor: &Actor,
        channel_id: &str,
        input: NewThread,
        when: SendTime,
    ) -> AppResult<ScheduledView> {
        let title = ThreadTitle::parse(&input.title)?.into_inner();
        let now = self.now();
        let (channel_id, send_at) = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let channel = visible_channel(&mut c, actor, channel_id).await?;
            prepare(
                &mut c,
                None,
                actor,
                (&channel, None),
                &input.body,
                input.request.as_ref(),
                now,
            )
            .await?;
            let send_at =
                resolve_send_time(&mut c, actor, when, input.request.as_ref(), now).await?;
            (channel.id, send_at)
        };
        let row = new_row(
            actor,
            (Some(channel_id), None),
            Some(title),
            input.body,
            input.request.as_ref(),
            send_at,
            now,
        );
        self.insert_scheduled(row).await
    }

    /// Schedules a reply in a thread the actor can see. As with [`App::schedule_thread`], the
    /// idempotency key is not used.
    pub async fn schedule_reply(
        &self,
        actor: &Actor,
        thread_id: &str,
        input: NewReply,
        when: SendTime,
    ) -> AppResult<ScheduledView> {
        let now = self.now();
        let (thread_id, send_at) = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let thread = threads::get(&mut c, actor.workspace_id.as_str(), thread_id).await?;
            let channel = visible_channel(&mut c, actor, &thread.channel_id).await?;
            prepare(
                &mut c,
                None,
                actor,
                (&channel, None),
                &input.body,
                input.request.as_ref(),
                now,
            )
            .await?;
            let send_at =
                resolve_send_time(&mut c, actor, when, input.request.as_ref(), now).await?;
            (thread.id, send_at)
        };
        let row = new_row(
            actor,
            (None, Some(thread_id)),
            None,
            input.body,
            input.request.as_ref(),
            send_at,
            now,
        );
        self.insert_scheduled(row).await
    }

    async fn insert_scheduled(&self, row: ScheduledRow) -> AppResult<ScheduledView> {
        let stored = row.clone();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    scheduled::insert(&mut c, &stored).await?;
                    enqueue_publish(&mut c, &stored.id, stored.send_at, stored.created_at).await
                })
            })
            .await?;
        ScheduledView::new(row)
    }
}

/// The row of a new pending message.
fn new_row(
    actor: &Actor,
    (channel_id, thread_id): (Option<String>, Option<String>),
    title: Option<String>,
    body: String,
    request: Option<&NewRequest>,
    send_at: Timestamp,
    now: Timestamp,
) -> ScheduledRow {
    ScheduledRow {
        id: uuid_v7(),
        workspace_id: actor.workspace_id.to_string(),
        author_id: actor.member_id.to_string(),
        channel_id,
        thread_id,
        title,
        body,
        request: request_json(request),
        send_at: to_millis(send_at),
        state: "pending".to_owned(),
        failure: None,
        sent_thread_id: None,
        sent_message_id: None,
        created_at: to_millis(now),
        updated_at: to_millis(now),
    }
}

/// A fresh time-ordered id.
fn uuid_v7() -> String {
    sundial_core::MessageId::generate().to_string()
}

/// Adds the job that publishes message `id` at `send_at`. An edit that moves `send_at` adds
/// another; the job checks the message's current `send_at` and state, so the stale one does
/// nothing.
pub(super) async fn enqueue_publish(
    c: &mut Conn<'_>,
    id: &str,
    send_at: i64,
    now: i64,
) -> AppResult<()> {
    let job_id = uuid_v7();
    let payload = serde_json::json!({ "scheduled_id": id }).to_string();
    let job = NewJob {
        id: &job_id,
        kind: PUBLISH_JOB_KIND,
        payload: &payload,
        run_at: send_at,
        max_attempts: PUBLISH_MAX_ATTEMPTS,
    };
    jobs::enqueue(c, &job, now).await?;
    Ok(())
}

/// The instant `when` means now: a future instant as given, or the one recipient's next day
/// start on their own calendar.
pub(super) async fn resolve_send_time(
    c: &mut Conn<'_>,
    actor: &Actor,
    when: SendTime,
    request: Option<&NewRequest>,
    now: Timestamp,
) -> AppResult<Timestamp> {
    match when {
        SendTime::At(at) => {
            if at <= now {
                return Err(AppError::invalid("send_at", "must be in the future"));
            }
            if at.duration_since(now) > MAX_AHEAD {
                return Err(AppError::invalid(
                    "send_at",
                    "must be at most 366 days ahead",
                ));
            }
            // Storage keeps milliseconds; the answer must equal what is read back.
            Ok(sundial_store::time::from_millis(to_millis(at)))
        }
        SendTime::RecipientDayStart => {
            let recipient = match request.map(|r| r.to.as_slice()) {
                Some([one]) => one,
                _ => {
                    return Err(AppError::invalid(
                        "send_at_recipient_day_start",
                        "needs an ask to exactly one person",
                    ));
                }
            };
            // The ask was validated first, so the recipient is a member of this workspace.
            let row = members::get(c, actor.workspace_id.as_str(), recipient).await?;
            let workspace = actor.workspace_id.as_str();
            let loaded = schedules::load(c, workspace, std::slice::from_ref(&row), now).await?;
            let schedule = loaded.get(&row.id).ok_or(AppError::NotFound)?;
            Ok(schedule.next_day_start(now))
        }
    }
}
