//! Who a new message notifies: the recipients of its ask, the members it mentions and, for a
//! reply, the thread's followers who have not muted it. Each member gets at most one
//! notification per message, the most specific (ask, then mention, then reply); the author
//! gets none, and a requester whose ask the reply answered hears it as "answered" instead.
//! Replies are told once per thread and delivery: a follower holding a reply notification about
//! the thread still waiting for its instant gets no other, and its delivery counts the replies.

use std::collections::HashSet;

use jiff::Timestamp;
use sundial_store::Conn;
use sundial_store::records::replies::PriorFollower;
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::records::threads::ThreadRow;
use sundial_store::time::from_millis;

use super::create::{NewNotification, Place, notify};
use super::kind::Kind;
use super::recipients::Recipients;
use crate::{Actor, AppResult};

/// What a posted message carried, for deciding whom it notifies.
pub(crate) struct PostedMessage<'a> {
    pub(crate) message_id: &'a str,
    pub(crate) mentioned: &'a [String],
    pub(crate) request: Option<(&'a RequestRow, &'a [ObligationRow])>,
    /// Members already told about this message another way (requesters whose ask it answered).
    pub(crate) told: &'a [String],
    /// The thread's followers before the message (none for a new thread): a reply notifies them.
    pub(crate) followers: &'a [PriorFollower],
    /// The audience token as a statement of this transaction read it, if one did (see
    /// [`super::recipients::Recipients::seeing_channel`]).
    pub(crate) audience_version: Option<i64>,
}

/// Creates the message's notifications in the posting transaction.
pub(crate) async fn message_posted(
    c: &mut Conn<'_>,
    recipients: &Recipients,
    actor: &Actor,
    thread: &ThreadRow,
    posted: PostedMessage<'_>,
    now: Timestamp,
) -> AppResult<()> {
    let author = actor.member_id.to_string();
    let mut done: HashSet<String> = posted.told.iter().cloned().collect();
    done.insert(author.clone());
    let mut items = Vec::new();
    let base = |member_id: &str, kind| NewNotification {
        member_id: member_id.to_owned(),
        kind,
        message_id: Some(posted.message_id.to_owned()),
        request_id: None,
        actor_id: Some(author.clone()),
        urgent: false,
        detail: serde_json::json!({}),
    };
    if let Some((request, obligations)) = posted.request {
        for o in obligations {
            if done.insert(o.member_id.clone()) {
                items.push(NewNotification {
                    request_id: Some(request.id.clone()),
                    urgent: request.urgency == "urgent",
                    detail: serde_json::json!({
                        "due_at": from_millis(o.due_at), "request_kind": request.kind,
                        "urgency": request.urgency,
                    }),
                    ..base(&o.member_id, Kind::Ask)
                });
            }
        }
    }
    for member in posted.mentioned {
        if done.insert(member.clone()) {
            items.push(base(member, Kind::Mention));
        }
    }
    for follower in posted.followers {
        // A follower holding a reply notification about this thread still to be delivered gets
        // no second one: that one stands for every reply until its delivery counts them.
        if !follower.muted && !follower.holding_reply && done.insert(follower.member_id.clone()) {
            items.push(base(&follower.member_id, Kind::Reply));
        }
    }
    let place = Place {
        workspace_id: actor.workspace_id.as_str(),
        thread_id: &thread.id,
        channel_id: &thread.channel_id,
    };
    notify(c, recipients, place, items, now, posted.audience_version).await
}
