//! The author's own scheduled messages: listing, editing and cancelling them until they are
//! sent. Anyone else's are simply not found.

use sundial_core::ThreadTitle;
use sundial_store::records::scheduled::{self, Outcome, ScheduledRow};
use sundial_store::records::threads;
use sundial_store::time::to_millis;

use super::create::{SendTime, enqueue_publish, resolve_send_time};
use super::view::{ScheduledPage, ScheduledView, request_json, stored_request};
use crate::channels::visible_channel;
use crate::requests::NewRequest;
use crate::threads::prepare;
use crate::{Actor, App, AppError, AppResult};

/// Changes to a pending scheduled message; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ScheduledPatch {
    /// Only a scheduled new thread has a title.
    pub title: Option<String>,
    pub body: Option<String>,
    /// `Some(None)` removes the ask; `Some(Some(ask))` replaces it.
    pub request: Option<Option<NewRequest>>,
    pub send_at: Option<SendTime>,
}

impl App {
    /// A page of the actor's scheduled messages (every state), soonest `send_at` first.
    /// `cursor` is the `next_cursor` of the previous page.
    pub async fn scheduled_messages(
        &self,
        actor: &Actor,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<ScheduledPage> {
        let limit = limit.clamp(1, 100);
        let after = cursor.map(parse_cursor).transpose()?;
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let mut rows = scheduled::list_own(
            &mut c,
            actor.member_id.as_str(),
            after.as_ref().map(|(at, id)| (*at, id.as_str())),
            limit + 1,
        )
        .await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let next_cursor = match rows.last() {
            Some(last) if more => Some(format!("{}.{}", last.send_at, last.id)),
            _ => None,
        };
        let items = rows
            .into_iter()
            .map(ScheduledView::new)
            .collect::<AppResult<_>>()?;
        Ok(ScheduledPage { items, next_cursor })
    }

    /// One of the actor's scheduled messages.
    pub async fn scheduled_message(&self, actor: &Actor, id: &str) -> AppResult<ScheduledView> {
        let mut reader = self.store().read().await?;
        let row = scheduled::get_own(&mut reader.conn(), actor.member_id.as_str(), id).await?;
        ScheduledView::new(row)
    }

    /// Edits a pending scheduled message. The result is checked as a whole, as posting it now
    /// would be; a new `send_at` gets its own publish job (the old one finds nothing to do).
    pub async fn edit_scheduled(
        &self,
        actor: &Actor,
        id: &str,
        patch: ScheduledPatch,
    ) -> AppResult<ScheduledView> {
        let now = self.now();
        let edited = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let row = scheduled::get_own(&mut c, actor.member_id.as_str(), id).await?;
            require_pending(&row)?;
            let title = match (&patch.title, &row.channel_id) {
                (Some(_), None) => {
                    return Err(AppError::invalid("title", "only a new thread has a title"));
                }
                (Some(title), Some(_)) => Some(ThreadTitle::parse(title)?.into_inner()),
                (None, _) => row.title.clone(),
            };
            let body = patch.body.clone().unwrap_or_else(|| row.body.clone());
            let request = match patch.request.clone() {
                Some(request) => request,
                None => stored_request(&row)?,
            };
            let channel_id = match (&row.channel_id, &row.thread_id) {
                (Some(channel_id), _) => channel_id.clone(),
                (None, Some(thread_id)) => {
                    threads::get(&mut c, actor.workspace_id.as_str(), thread_id)
                        .await?
                        .channel_id
                }
                (None, None) => return Err(AppError::NotFound),
            };
            let channel = visible_channel(&mut c, actor, &channel_id).await?;
            prepare(
                &mut c,
                None,
                actor,
                (&channel, None),
                &body,
                request.as_ref(),
                now,
            )
            .await?;
            let send_at = match patch.send_at {
                Some(when) => {
                    to_millis(resolve_send_time(&mut c, actor, when, request.as_ref(), now).await?)
                }
                None => row.send_at,
            };
            ScheduledRow {
                title,
                body,
                request: request_json(request.as_ref()),
                send_at,
                updated_at: to_millis(now),
                ..row
            }
        };
        let stored = edited.clone();
        let moved = patch.send_at.is_some();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    if !scheduled::update_pending(&mut c, &stored).await? {
                        return Err(no_longer_pending());
                    }
                    if moved {
                        enqueue_publish(&mut c, &stored.id, stored.send_at, stored.updated_at)
                            .await?;
                    }
                    Ok(())
                })
            })
            .await?;
        ScheduledView::new(edited)
    }

    /// Cancels a pending scheduled message; its publish job then finds nothing to do.
    pub async fn cancel_scheduled(&self, actor: &Actor, id: &str) -> AppResult<ScheduledView> {
        let now = to_millis(self.now());
        let (author, id) = (actor.member_id.to_string(), id.to_owned());
        let row = self
            .store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let row = scheduled::get_own(&mut c, &author, &id).await?;
                    require_pending(&row)?;
                    if !scheduled::finish(&mut c, &row.id, Outcome::Cancelled, now).await? {
                        return Err(no_longer_pending());
                    }
                    Ok(scheduled::get(&mut c, &row.id).await?)
                })
            })
            .await?;
        ScheduledView::new(row)
    }
}

fn require_pending(row: &ScheduledRow) -> AppResult<()> {
    if row.state == "pending" {
        Ok(())
    } else {
        Err(AppError::Conflict {
            field: "state".to_owned(),
            reason: format!("is {}; only a pending message can change", row.state),
        })
    }
}

fn no_longer_pending() -> AppError {
    AppError::Conflict {
        field: "state".to_owned(),
        reason: "is no longer pending; it was sent or cancelled meanwhile".to_owned(),
    }
}

/// `"{send_at}.{id}"`, as written by [`App::scheduled_messages`].
fn parse_cursor(cursor: &str) -> AppResult<(i64, String)> {
    cursor
        .split_once('.')
        .and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())))
        .ok_or_else(|| AppError::invalid("cursor", "is not a cursor this list returned"))
}
