//! Posting: a new thread with its first message, or a reply. Either may carry an ask. Each is
//! one transaction: the message (and its search entry), the thread's activity, followers, the
//! request with its obligations, replies that satisfy earlier asks, and the events.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sundial_core::{MessageBody, MessageId, ThreadId, ThreadTitle, parse_mentions};
use sundial_store::Conn;
use sundial_store::records::channels::ChannelRow;
use sundial_store::records::messages::{self, MessageRow};
use sundial_store::records::threads::{self, ThreadRow};
use sundial_store::records::{events, idempotency, members, replies};
use sundial_store::time::to_millis;

use crate::channels::{visible_channel, visible_given_membership};
use crate::events::{Audience, new_event, record};
use crate::notifications::{PostedMessage, Recipients, message_posted};
use crate::requests::act::satisfy_replies;
use crate::requests::{KnownAudience, NewRequest, PlannedRequest, plan, write_planned};
use crate::views::{RequestView, ThreadView};

use super::places::KnownPlace;
use super::quiet::{reply_quietly, reply_quietly_at};
use crate::{Actor, App, AppError, AppResult};

/// A thread to start in a channel.
#[derive(Debug, Clone, Default)]
pub struct NewThread {
    pub title: String,
    pub body: String,
    pub request: Option<NewRequest>,
    /// A retry with the same key returns the first result and creates nothing new.
    pub idempotency_key: Option<String>,
}

/// A reply to a thread.
#[derive(Debug, Clone, Default)]
pub struct NewReply {
    pub body: String,
    pub request: Option<NewRequest>,
    /// A retry with the same key returns the first result and creates nothing new.
    pub idempotency_key: Option<String>,
}

/// What posting wrote: the thread, the message, the ask if any, and the asks the message
/// answered (a recipient's reply satisfies their `reply` obligations in the thread).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Posted {
    pub thread: ThreadView,
    pub message_id: String,
    pub request: Option<RequestView>,
    pub satisfied_request_ids: Vec<String>,
}

/// Everything checked and prepared before the write.
pub(crate) struct Prepared {
    pub(super) body: String,
    pub(super) planned: Option<PlannedRequest>,
    pub(super) mentioned: Vec<String>,
}

impl App {
    /// Starts a thread in a channel the actor can see.
    pub async fn post_thread(
        &self,
        actor: &Actor,
        channel_id: &str,
        input: NewThread,
    ) -> AppResult<Posted> {
        let title = ThreadTitle::parse(&input.title)?.into_inner();
        let key = idempotency_key(input.idempotency_key.as_deref())?;
        let now = self.now();
        let mut reader = self.store().read().await?;
        let (channel, prepared) = {
            let mut c = reader.conn();
            let channel = visible_channel(&mut c, actor, channel_id).await?;
            let prepared = prepare(
                &mut c,
                Some(KnownAudience {
                    memo: &self.recipients(),
                    version: None,
                }),
                actor,
                (&channel, None),
                &input.body,
                input.request.as_ref(),
                now,
            )
            .await?;
            (channel, prepared)
        };
        let thread = ThreadRow {
            id: ThreadId::generate().to_string(),
            workspace_id: actor.workspace_id.to_string(),
            channel_id: channel.id.clone(),
            title,
            author_id: actor.member_id.to_string(),
            resolved_at: None,
            resolved_by: None,
            created_at: to_millis(now),
            last_activity_at: to_millis(now),
            last_author_id: actor.member_id.to_string(),
            message_count: 1,
        };
        let (actor, recipients) = (actor.clone(), self.recipients());
        self.store()
            .write_on(reader, move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    if let Some(earlier) = earlier_result(&mut c, &actor, key.as_deref()).await? {
                        return same_target(earlier, |p| p.thread.channel_id == thread.channel_id);
                    }
                    threads::insert(&mut c, &thread).await?;
                    let payload = serde_json::json!({
                        "thread_id": thread.id, "channel_id": thread.channel_id, "title": thread.title,
                    });
                    record(&mut c, &actor, "thread.created", Audience::Channel(&thread.channel_id),
                        payload, now).await?;
                    let posted =
                        write_message(&mut c, &recipients, &actor, thread, prepared, false, now)
                            .await?;
                    remember(&mut c, &actor, key.as_deref(), &posted, now).await?;
                    Ok(posted)
                })
            })
            .await
    }

    /// Replies in a thread the actor can see.
    pub async fn reply(
        &self,
        actor: &Actor,
        thread_id: &str,
        input: NewReply,
    ) -> AppResult<Posted> {
        let key = idempotency_key(input.idempotency_key.as_deref())?;
        let now = self.now();
        // A retry's key must be looked up, and an ask or a mention tells somebody: only a
        // reply with none of them may be quiet. Where the thread is, remembered from an
        // earlier reply, spares reading it first; the quiet statement checks it.
        let plain = key.is_none() && input.request.is_none();
        let remembered = match self.thread_places().get(actor, thread_id) {
            Some(place) if plain => {
                Some(reply_quietly_at(self, actor, &place, &input.body, now).await?)
            }
            _ => None,
        };
        if let Some(Some(posted)) = remembered {
            return Ok(posted);
        }
        // The thread is read, the reply tried as quiet and then written on one connection: a
        // second wait in the pool's queue would cost more than any of the statements.
        let mut reader = self.store().read().await?;
        let (thread, private, prepared) = {
            let mut c = reader.conn();
            let found = threads::get_in_channel(
                &mut c,
                actor.workspace_id.as_str(),
                thread_id,
                actor.member_id.as_str(),
            )
            .await?;
            let (thread, workspace_norms) = (found.thread, found.workspace_norms);
            let audience = KnownAudience {
                memo: &self.recipients(),
                version: Some(found.audience_version),
            };
            let channel = visible_given_membership(found.channel, actor, found.member_of_channel)?;
            self.thread_places().remember(&thread, channel.private);
            let prepared = prepare(
                &mut c,
                Some(audience),
                actor,
                (&channel, Some(&workspace_norms)),
                &input.body,
                input.request.as_ref(),
                now,
            )
            .await?;
            (thread, channel.private, prepared)
        };
        // Tried already from memory when the thread's place was remembered: then it was not
        // quiet (or the place was stale, which is rare), and the general path follows.
        if plain && remembered.is_none() && prepared.mentioned.is_empty() {
            let place = KnownPlace::of(&thread, private);
            let quiet = reply_quietly(self, Some(&mut reader), actor, &place, &prepared.body, now);
            if let Some(posted) = quiet.await? {
                return Ok(posted);
            }
        }
        let (actor, recipients) = (actor.clone(), self.recipients());
        self.store()
            .write_on(reader, move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    if let Some(earlier) = earlier_result(&mut c, &actor, key.as_deref()).await? {
                        return same_target(earlier, |p| p.thread.id == thread.id);
                    }
                    // The thread as it is after this reply (`write_message` records it).
                    let thread = ThreadRow {
                        last_activity_at: to_millis(now),
                        last_author_id: actor.member_id.to_string(),
                        message_count: thread.message_count + 1,
                        ..thread
                    };
                    let posted =
                        write_message(&mut c, &recipients, &actor, thread, prepared, true, now)
                            .await?;
                    remember(&mut c, &actor, key.as_deref(), &posted, now).await?;
                    Ok(posted)
                })
            })
            .await
    }
}

/// Validates the body and the ask, and resolves mentions, on a read connection. Scheduling
/// calls it too, so a scheduled message is checked exactly as posting it now would be. The
/// channel comes with its workspace's stored norms when they were read with it, and
/// `audience` with a message sent now (see [`plan`]).
pub(crate) async fn prepare(
    c: &mut Conn<'_>,
    audience: Option<KnownAudience<'_>>,
    actor: &Actor,
    channel: (&ChannelRow, Option<&str>),
    body: &str,
    request: Option<&NewRequest>,
    now: Timestamp,
) -> AppResult<Prepared> {
    let body = MessageBody::parse(body)?.into_inner();
    let planned = match request {
        Some(request) => Some(plan(c, audience, actor, channel, request, now).await?),
        None => None,
    };
    let mentions = parse_mentions(&body);
    let mentioned = if mentions.handles.is_empty() {
        Vec::new()
    } else {
        members::ids_by_handles(c, actor.workspace_id.as_str(), &mentions.handles).await?
    };
    Ok(Prepared {
        body,
        planned,
        mentioned,
    })
}

/// The writes shared by a new thread and a reply.
async fn write_message(
    c: &mut Conn<'_>,
    recipients: &Recipients,
    actor: &Actor,
    thread: ThreadRow,
    prepared: Prepared,
    is_reply: bool,
    now: Timestamp,
) -> AppResult<Posted> {
    let message = new_message(actor, &thread.id, prepared.body, now);
    let payload = posted_payload(&thread.channel_id, &message, &prepared.mentioned);
    let audience = Audience::Channel(&thread.channel_id);
    let posted_event = new_event(actor, "message.posted", audience, &payload, now);
    // The followers as they were before this message: whom a reply notifies. Knowing them also
    // spares a statement per member who already follows (each is a round trip to the database).
    let (followers, audience_version) = if is_reply {
        let added = replies::add(c, &message, &posted_event).await?;
        (added.followers, added.audience_version)
    } else {
        messages::insert(c, &message).await?;
        events::append(c, &posted_event).await?;
        (Vec::new(), None)
    };
    // The author, the members mentioned and the ask's recipients follow the thread from now.
    let recipients_asked = prepared.planned.iter().flat_map(|p| &p.recipients);
    let mut new_followers: Vec<&str> = Vec::new();
    for member in std::iter::once(&message.author_id)
        .chain(&prepared.mentioned)
        .chain(recipients_asked.map(|(member, _, _)| &member.id))
    {
        if !followers.iter().any(|f| &f.member_id == member) && !new_followers.contains(&&**member)
        {
            new_followers.push(member);
        }
    }
    if !new_followers.is_empty() {
        threads::follow_many(c, &thread.id, &new_followers, to_millis(now)).await?;
    }
    // Replying answers the author's earlier `reply` asks in this thread; done before a new ask
    // in the same message is written, so a message never satisfies its own ask. The author's
    // follower row says whether they owe one; one who unfollowed is asked the slow way.
    let owes_reply = followers
        .iter()
        .find(|f| f.member_id == message.author_id)
        .is_none_or(|f| f.owes_reply);
    let satisfied = if is_reply && owes_reply {
        satisfy_replies(c, recipients, actor, &thread.id, &thread.channel_id, now).await?
    } else {
        Vec::new()
    };
    let written = match &prepared.planned {
        Some(planned) => Some(
            write_planned(
                c,
                actor,
                planned,
                (&thread.id, &thread.channel_id),
                &message.id,
                now,
            )
            .await?,
        ),
        None => None,
    };
    let told: Vec<String> = satisfied.iter().map(|r| r.requester_id.clone()).collect();
    let posted = PostedMessage {
        message_id: &message.id,
        mentioned: &prepared.mentioned,
        request: written.as_ref().map(|(r, o)| (r, o.as_slice())),
        told: &told,
        followers: &followers,
        audience_version,
    };
    message_posted(c, recipients, actor, &thread, posted, now).await?;
    let request = written
        .as_ref()
        .map(|(request, obligations)| RequestView::new(request, obligations, now));
    let satisfied_request_ids = satisfied.into_iter().map(|r| r.id).collect();
    Ok(Posted {
        thread: ThreadView::from(&thread),
        message_id: message.id,
        request,
        satisfied_request_ids,
    })
}

/// A new message by the actor in the thread `thread_id`.
pub(super) fn new_message(
    actor: &Actor,
    thread_id: &str,
    body: String,
    now: Timestamp,
) -> MessageRow {
    MessageRow {
        id: MessageId::generate().to_string(),
        workspace_id: actor.workspace_id.to_string(),
        thread_id: thread_id.to_owned(),
        author_id: actor.member_id.to_string(),
        body,
        created_at: to_millis(now),
        edited_at: None,
    }
}

/// The payload of a message's `message.posted` event, in the thread's channel.
pub(super) fn posted_payload(
    channel_id: &str,
    message: &MessageRow,
    mentioned: &[String],
) -> String {
    serde_json::json!({
        "thread_id": message.thread_id, "message_id": message.id, "channel_id": channel_id,
        "author_id": message.author_id, "mentions": mentioned,
    })
    .to_string()
}

/// A validated `Idempotency-Key`: 1–200 visible ASCII characters.
fn idempotency_key(key: Option<&str>) -> AppResult<Option<String>> {
    match key {
        None => Ok(None),
        Some(key)
            if !key.is_empty() && key.len() <= 200 && key.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            Ok(Some(key.to_owned()))
        }
        Some(_) => Err(AppError::invalid(
            "Idempotency-Key",
            "must be 1 to 200 visible ASCII characters",
        )),
    }
}

/// The result of an earlier post with the same key by the same member, if there was one.
async fn earlier_result(
    c: &mut Conn<'_>,
    actor: &Actor,
    key: Option<&str>,
) -> AppResult<Option<Posted>> {
    let Some(key) = key else { return Ok(None) };
    let Some(json) = idempotency::find(c, actor.member_id.as_str(), key).await? else {
        return Ok(None);
    };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|_| AppError::Conflict {
            field: "Idempotency-Key".to_owned(),
            reason: "was used for a different kind of request".to_owned(),
        })
}

/// The earlier result of a retry, if it was posted where this one is aimed. A key reused for
/// another channel or thread is a client bug; answering with the other post's result would let
/// the client believe its message landed where it did not.
fn same_target(earlier: Posted, same: impl FnOnce(&Posted) -> bool) -> AppResult<Posted> {
    if same(&earlier) {
        Ok(earlier)
    } else {
        Err(AppError::Conflict {
            field: "Idempotency-Key".to_owned(),
            reason: "was used for a post elsewhere".to_owned(),
        })
    }
}

/// Remembers a post's result under its key, in the post's transaction.
async fn remember(
    c: &mut Conn<'_>,
    actor: &Actor,
    key: Option<&str>,
    posted: &Posted,
    now: Timestamp,
) -> AppResult<()> {
    if let Some(key) = key {
        let json = serde_json::to_string(posted).unwrap_or_default();
        idempotency::save(c, actor.member_id.as_str(), key, &json, to_millis(now)).await?;
    }
    Ok(())
}
