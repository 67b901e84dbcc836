//! Replaying the story: every step of every thread, in the order of their instants (threads
//! overlap in time, as in a real team), each through its use case with the clock set to it.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use sundial_core::ManualClock;

use super::story::{Ask, Step, ThreadScript};
use super::{Cast, at_minute, weekdays_before};
use crate::requests::NewRequest;
use crate::threads::{NewReply, NewThread, Posted};
use crate::{Actor, App, AppError, AppResult};

/// What one thread has produced so far, for the steps that refer back to it.
#[derive(Default)]
struct ThreadState {
    id: Option<String>,
    latest_ask: Option<String>,
    latest_message: Option<String>,
    latest_by: HashMap<String, String>,
}

/// Runs every step; returns the number of asks made. Steps never run after `now`.
pub(super) async fn run(
    app: &App,
    clock: &ManualClock,
    cast: &Cast,
    channels: &[(&'static str, String)],
    threads: &[ThreadScript],
    now: Timestamp,
) -> AppResult<usize> {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let latest = now - SignedDuration::from_mins(1);
    let mut steps: Vec<(Timestamp, usize, &Step)> = Vec::new();
    for (index, thread) in threads.iter().enumerate() {
        let start = at_minute(
            weekdays_before(today, thread.weekdays_ago),
            thread.start_minute,
        );
        for (offset, step) in &thread.steps {
            steps.push(((start + *offset).min(latest), index, step));
        }
    }
    // Stable: a thread's own steps keep their order even when two share an instant.
    steps.sort_by_key(|(at, _, _)| *at);
    let mut states: Vec<ThreadState> = threads.iter().map(|_| ThreadState::default()).collect();
    let mut asks = 0;
    for (at, index, step) in steps {
        clock.set(at);
        let script = &threads[index];
        let state = &mut states[index];
        let context = |e: AppError| {
            AppError::invalid(
                "story",
                &format!("thread {:?}, step {step:?}: {e}", script.title),
            )
        };
        let asked = perform(app, cast, channels, script, state, step, now)
            .await
            .map_err(context)?;
        asks += usize::from(asked);
    }
    Ok(asks)
}

/// Performs one step; returns whether it made an ask.
async fn perform(
    app: &App,
    cast: &Cast,
    channels: &[(&'static str, String)],
    script: &ThreadScript,
    state: &mut ThreadState,
    step: &Step,
    now: Timestamp,
) -> AppResult<bool> {
    match step {
        Step::Say { who, body, ask } => {
            let actor = member(cast, who)?;
            let request = ask.as_ref().map(|ask| request(cast, ask)).transpose()?;
            let asked = request.is_some();
            let posted: Posted = match &state.id {
                None => {
                    let channel = channels
                        .iter()
                        .find(|(name, _)| *name == script.channel)
                        .map(|(_, id)| id)
                        .ok_or_else(|| AppError::invalid("channel", "not a demo channel"))?;
                    let thread = NewThread {
                        title: script.title.clone(),
                        body: body.clone(),
                        request,
                        idempotency_key: None,
                    };
                    app.post_thread(actor, channel, thread).await?
                }
                Some(thread_id) => {
                    let reply = NewReply {
                        body: body.clone(),
                        request,
                        idempotency_key: None,
                    };
                    app.reply(actor, thread_id, reply).await?
                }
            };
            state.id = Some(posted.thread.id);
            if let Some(made) = posted.request {
                state.latest_ask = Some(made.id);
            }
            state
                .latest_by
                .insert(who.clone(), posted.message_id.clone());
            state.latest_message = Some(posted.message_id);
            Ok(asked)
        }
        Step::Acknowledge(who) => {
            app.acknowledge(member(cast, who)?, latest_ask(state)?)
                .await?;
            Ok(false)
        }
        Step::Complete(who) => {
            app.complete(member(cast, who)?, latest_ask(state)?).await?;
            Ok(false)
        }
        Step::Decline(who) => {
            app.decline(member(cast, who)?, latest_ask(state)?).await?;
            Ok(false)
        }
        Step::Promise(who, days) => {
            let due = now + SignedDuration::from_hours(24 * i64::from(*days));
            app.promise(member(cast, who)?, latest_ask(state)?, due)
                .await?;
            Ok(false)
        }
        Step::React(who, emoji) => {
            let message = state
                .latest_message
                .as_deref()
                .ok_or_else(|| AppError::invalid("story", "a reaction before any message"))?;
            app.react(member(cast, who)?, message, emoji).await?;
            Ok(false)
        }
        Step::Edit(who, body) => {
            let message = state
                .latest_by
                .get(who)
                .ok_or_else(|| AppError::invalid("story", "an edit before the member wrote"))?;
            app.edit_message(member(cast, who)?, message, body).await?;
            Ok(false)
        }
        Step::Resolve(who) => {
            let thread = state
                .id
                .as_deref()
                .ok_or_else(|| AppError::invalid("story", "resolving a thread not started"))?;
            app.resolve_thread(member(cast, who)?, thread).await?;
            Ok(false)
        }
    }
}

fn member<'a>(cast: &'a Cast, handle: &str) -> AppResult<&'a Actor> {
    cast.iter()
        .find(|(h, _)| *h == handle)
        .map(|(_, actor)| actor)
        .ok_or_else(|| AppError::invalid("handle", &format!("@{handle} is not in the demo team")))
}

fn latest_ask(state: &ThreadState) -> AppResult<&str> {
    state
        .latest_ask
        .as_deref()
        .ok_or_else(|| AppError::invalid("story", "an answer before any ask in the thread"))
}

fn request(cast: &Cast, ask: &Ask) -> AppResult<NewRequest> {
    let to = ask
        .to
        .iter()
        .map(|handle| member(cast, handle).map(|actor| actor.member_id.to_string()))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(NewRequest {
        kind: ask.kind.clone(),
        to,
        urgency: ask.urgency.clone(),
        due_at: None,
    })
}
