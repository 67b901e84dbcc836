//! A quiet reply: one that tells nobody (every other follower has muted the thread or holds a
//! reply notification about it still to come) and answers no ask of its author's. Its write is
//! only the message, its event and the thread's activity, which PostgreSQL takes as a single
//! statement without a transaction block around it; when the thread's place is remembered
//! ([`super::places`]) that statement is the reply's only round trip.

use jiff::Timestamp;
use sundial_core::{MessageBody, parse_mentions};
use sundial_store::Reader;
use sundial_store::records::quiet_reply::{self, Place, QuietReply};

use super::places::KnownPlace;
use super::post::{Posted, new_message, posted_payload};
use crate::channels::needs_membership;
use crate::events::{Audience, new_event};
use crate::views::ThreadView;
use crate::{Actor, App, AppResult};

/// Writes the reply if it is quiet and the thread is at `place`, both checked in the statement
/// that writes it; `None` when not (or on SQLite, where this path is not offered): nothing is
/// written then, and the caller posts it the general way. The caller has checked that the
/// reply carries no ask and no idempotency key, and that `body` is valid and mentions nobody.
///
/// With `reader`, the statement runs on that connection (the caller read the thread on it and
/// writes on it next when this is not quiet); without, on one of its own.
pub(super) async fn reply_quietly(
    app: &App,
    reader: Option<&mut Reader>,
    actor: &Actor,
    place: &KnownPlace,
    body: &str,
    now: Timestamp,
) -> AppResult<Option<Posted>> {
    let message = new_message(actor, &place.thread_id, body.to_owned(), now);
    let payload = posted_payload(&place.channel_id, &message, &[]);
    let audience = Audience::Channel(&place.channel_id);
    let event = new_event(actor, "message.posted", audience, &payload, now);
    let checked = Place {
        channel_id: &place.channel_id,
        private: place.private,
        needs_membership: needs_membership(place.private, actor),
    };
    let added = match reader {
        Some(reader) => {
            quiet_reply::add_if_quiet_on(app.store(), reader, &message, &event, checked).await?
        }
        None => quiet_reply::add_if_quiet(app.store(), &message, &event, checked).await?,
    };
    match added {
        QuietReply::Added(thread) => Ok(Some(Posted {
            thread: ThreadView::from(&*thread),
            message_id: message.id,
            request: None,
            satisfied_request_ids: Vec::new(),
        })),
        QuietReply::NotQuiet | QuietReply::NotOffered => Ok(None),
    }
}

/// [`reply_quietly`] for a reply whose thread was not read: its place is remembered. A body
/// that is invalid or mentions somebody is left to the general path, which reports or
/// notifies as it always does.
pub(super) async fn reply_quietly_at(
    app: &App,
    actor: &Actor,
    place: &KnownPlace,
    body: &str,
    now: Timestamp,
) -> AppResult<Option<Posted>> {
    let Ok(body) = MessageBody::parse(body) else {
        return Ok(None);
    };
    let body = body.into_inner();
    if !parse_mentions(&body).handles.is_empty() {
        return Ok(None);
    }
    reply_quietly(app, None, actor, place, &body, now).await
}
