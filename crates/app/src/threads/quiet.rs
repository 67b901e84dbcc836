//! A quiet reply: one that tells nobody (every other follower has muted the thread or holds a
//! reply notification about it still to come) and answers no ask of its author's. Its write is
//! only the message, its event and the thread's activity, which PostgreSQL takes as a single
//! statement without a transaction block around it: a third of the round trips of the general
//! path, on the path most replies in a busy thread take.

use jiff::Timestamp;
use sundial_store::records::replies::{self, QuietReply};
use sundial_store::records::threads::ThreadRow;
use sundial_store::time::to_millis;

use super::post::{Posted, new_message, posted_payload};
use crate::events::{Audience, new_event};
use crate::views::ThreadView;
use crate::{Actor, App, AppResult};

/// Writes the reply if it is quiet, checked in the statement that writes it; `None` when it is
/// not (or on SQLite, where this path is not offered): nothing is written then, and the caller
/// posts it the general way. The caller has checked that the actor may see the thread, and
/// that the reply carries no ask, mention or idempotency key.
pub(super) async fn reply_quietly(
    app: &App,
    actor: &Actor,
    thread: &ThreadRow,
    body: &str,
    now: Timestamp,
) -> AppResult<Option<Posted>> {
    let message = new_message(actor, thread, body.to_owned(), now);
    let payload = posted_payload(thread, &message, &[]);
    let audience = Audience::Channel(&thread.channel_id);
    let event = new_event(actor, "message.posted", audience, &payload, now);
    match replies::add_if_quiet(app.store(), &message, &event).await? {
        QuietReply::Added => {}
        QuietReply::NotQuiet | QuietReply::NotOffered => return Ok(None),
    }
    // The thread as the reply left it, as the general path reports it.
    let thread = ThreadRow {
        last_activity_at: to_millis(now),
        last_author_id: message.author_id.clone(),
        message_count: thread.message_count + 1,
        ..thread.clone()
    };
    Ok(Some(Posted {
        thread: ThreadView::from(&thread),
        message_id: message.id,
        request: None,
        satisfied_request_ids: Vec::new(),
    }))
}
