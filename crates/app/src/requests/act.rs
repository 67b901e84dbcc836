//! What recipients and requesters do with an ask: acknowledge, complete, decline or promise a
//! new time (recipients); waive (the requester). The state machine is `sundial-core`'s; this
//! loads, checks who may act, applies it, and records the change.

use jiff::Timestamp;
use sundial_core::{Obligation, ObligationStatus, Transition};
use sundial_store::Conn;
use sundial_store::records::requests::{self, ObligationRow, RequestRow};
use sundial_store::records::threads;
use sundial_store::time::{from_millis, to_millis};

use crate::channels::visible_channel;
use crate::events::{Audience, record};
use crate::notifications::{Recipients, ask_changed, withdraw_if_closed};
use crate::views::RequestView;
use crate::{Actor, App, AppError, AppResult};

/// One action on an ask.
#[derive(Debug, Clone, Copy)]
enum Action {
    Acknowledge,
    Complete,
    Decline,
    Promise(Timestamp),
    Waive,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledged",
            Action::Complete => "done",
            Action::Decline => "declined",
            Action::Promise(_) => "promised",
            Action::Waive => "waived",
        }
    }
}

impl App {
    /// The recipient has seen the ask.
    pub async fn acknowledge(&self, actor: &Actor, request_id: &str) -> AppResult<RequestView> {
        self.act(actor, request_id, Action::Acknowledge).await
    }

    /// The recipient has done what was asked.
    pub async fn complete(&self, actor: &Actor, request_id: &str) -> AppResult<RequestView> {
        self.act(actor, request_id, Action::Complete).await
    }

    /// The recipient will not do it.
    pub async fn decline(&self, actor: &Actor, request_id: &str) -> AppResult<RequestView> {
        self.act(actor, request_id, Action::Decline).await
    }

    /// The recipient promises a new due time, which replaces the original for both sides.
    pub async fn promise(
        &self,
        actor: &Actor,
        request_id: &str,
        due_at: Timestamp,
    ) -> AppResult<RequestView> {
        self.act(actor, request_id, Action::Promise(due_at)).await
    }

    /// The requester no longer needs an answer: every open obligation is waived.
    pub async fn waive(&self, actor: &Actor, request_id: &str) -> AppResult<RequestView> {
        self.act(actor, request_id, Action::Waive).await
    }

    async fn act(&self, actor: &Actor, request_id: &str, action: Action) -> AppResult<RequestView> {
        let (actor, request_id, now) = (actor.clone(), request_id.to_owned(), self.now());
        let recipients = self.recipients();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let (request, channel_id) =
                        visible_request(&mut c, &actor, &request_id).await?;
                    let mut obligations =
                        requests::obligations(&mut c, std::slice::from_ref(&request.id)).await?;
                    let me = actor.member_id.as_str();
                    let mut changed = Vec::new();
                    if let Action::Waive = action {
                        if request.requester_id != me {
                            return Err(AppError::Forbidden("only the requester can waive an ask"));
                        }
                        for row in obligations.iter_mut().filter(|o| is_open(o)) {
                            if apply(row, action, now)? == Transition::Changed {
                                changed.push(row.clone());
                            }
                        }
                    } else {
                        let row = obligations
                            .iter_mut()
                            .find(|o| o.member_id == me)
                            .ok_or(AppError::Forbidden("only a recipient can answer this ask"))?;
                        if apply(row, action, now)? == Transition::Changed {
                            changed.push(row.clone());
                        }
                    }
                    for row in &changed {
                        requests::update_obligation(&mut c, row).await?;
                        withdraw_if_closed(&mut c, row).await?;
                        if !matches!(action, Action::Waive) {
                            let ask = (&request, channel_id.as_str());
                            let name = action.name();
                            ask_changed(&mut c, &recipients, &actor, ask, row, name, now).await?;
                        }
                        let payload = serde_json::json!({
                            "request_id": request.id, "thread_id": request.thread_id,
                            "member_id": row.member_id, "status": row.status,
                            "action": action.name(), "due_at": from_millis(row.due_at),
                        });
                        record(
                            &mut c,
                            &actor,
                            "obligation.updated",
                            Audience::Channel(&channel_id),
                            payload,
                            now,
                        )
                        .await?;
                    }
                    Ok(RequestView::new(&request, &obligations, now))
                })
            })
            .await
    }
}

fn is_open(row: &ObligationRow) -> bool {
    matches!(row.status.as_str(), "pending" | "acknowledged")
}

/// Applies `action` to a stored obligation through the core state machine.
fn apply(row: &mut ObligationRow, action: Action, now: Timestamp) -> AppResult<Transition> {
    let mut obligation = Obligation {
        status: ObligationStatus::parse(&row.status)?,
        due_at: from_millis(row.due_at),
        original_due_at: from_millis(row.original_due_at),
    };
    let transition = match action {
        Action::Acknowledge => obligation.acknowledge(),
        Action::Complete => obligation.complete(),
        Action::Decline => obligation.decline(),
        Action::Promise(due) => obligation.promise(due, now),
        Action::Waive => obligation.waive(),
    }
    .map_err(|error| match error {
        sundial_core::TransitionError::PromiseInPast => {
            AppError::invalid("due_at", "the promised time must be in the future")
        }
        other => AppError::Transition(other),
    })?;
    row.status = obligation.status.as_str().to_owned();
    row.due_at = to_millis(obligation.due_at);
    row.updated_at = to_millis(now);
    Ok(transition)
}

/// Marks the author's open `reply` obligations in a thread done: replying is answering. Each
/// requester is told their ask was answered. Returns the satisfied requests.
pub(crate) async fn satisfy_replies(
    c: &mut Conn<'_>,
    recipients: &Recipients,
    actor: &Actor,
    thread_id: &str,
    channel_id: &str,
    now: Timestamp,
) -> AppResult<Vec<RequestRow>> {
    let open =
        requests::open_obligations_of_kind(c, thread_id, actor.member_id.as_str(), "reply").await?;
    let mut satisfied = Vec::new();
    for mut row in open {
        if apply(&mut row, Action::Complete, now)? == Transition::Changed {
            requests::update_obligation(c, &row).await?;
            withdraw_if_closed(c, &row).await?;
            let payload = serde_json::json!({
                "request_id": row.request_id, "thread_id": thread_id, "member_id": row.member_id,
                "status": row.status, "action": "replied", "due_at": from_millis(row.due_at),
            });
            record(
                c,
                actor,
                "obligation.updated",
                Audience::Channel(channel_id),
                payload,
                now,
            )
            .await?;
            let request = requests::get(c, actor.workspace_id.as_str(), &row.request_id).await?;
            let ask = (&request, channel_id);
            ask_changed(c, recipients, actor, ask, &row, "replied", now).await?;
            satisfied.push(request);
        }
    }
    Ok(satisfied)
}

/// The request and its channel, if the actor can see the channel it was asked in.
async fn visible_request(
    c: &mut Conn<'_>,
    actor: &Actor,
    request_id: &str,
) -> AppResult<(RequestRow, String)> {
    let request = requests::get(c, actor.workspace_id.as_str(), request_id).await?;
    let thread = threads::get(c, actor.workspace_id.as_str(), &request.thread_id).await?;
    let channel = visible_channel(c, actor, &thread.channel_id).await?;
    Ok((request, channel.id))
}
