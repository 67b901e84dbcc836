//! Changing a thread or message after posting: edits (history kept), reactions, resolving and
//! reopening, and read markers.

use sundial_core::{Emoji, MessageBody};
use sundial_store::Conn;
use sundial_store::records::messages::{self, ReactionRow};
use sundial_store::records::threads::{self, ThreadRow};
use sundial_store::time::to_millis;

use crate::channels::visible_channel;
use crate::events::{Audience, record};
use crate::views::ThreadView;
use crate::{Actor, App, AppError, AppResult};

use super::view::message_view;
use super::{MessageView, ReactionView};

impl App {
    /// The author edits their message; the previous body is kept and readable. Returns the
    /// message as it now reads, with its history and reactions.
    pub async fn edit_message(
        &self,
        actor: &Actor,
        message_id: &str,
        body: &str,
    ) -> AppResult<MessageView> {
        let body = MessageBody::parse(body)?.into_inner();
        let (actor, message_id, now) = (actor.clone(), message_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let mut message =
                        messages::get(&mut c, actor.workspace_id.as_str(), &message_id).await?;
                    let thread = visible_thread(&mut c, &actor, &message.thread_id).await?;
                    if message.author_id != actor.member_id.as_str() {
                        return Err(AppError::Forbidden("only the author can edit a message"));
                    }
                    if message.body != body {
                        messages::edit(&mut c, &message.id, &message.body, &body, to_millis(now))
                            .await?;
                        let payload =
                            serde_json::json!({ "thread_id": thread.id, "message_id": message.id });
                        record(
                            &mut c,
                            &actor,
                            "message.edited",
                            Audience::Channel(&thread.channel_id),
                            payload,
                            now,
                        )
                        .await?;
                        message.body = body;
                        message.edited_at = Some(to_millis(now));
                    }
                    let edits = messages::edits(&mut c, std::slice::from_ref(&message.id)).await?;
                    let reactions = messages::reactions_in_thread(&mut c, &thread.id).await?;
                    Ok(message_view(message, &edits, &reactions))
                })
            })
            .await
    }

    /// Adds the actor's reaction to a message; reacting twice with the same emoji is harmless
    /// and returns the reaction first stored.
    pub async fn react(
        &self,
        actor: &Actor,
        message_id: &str,
        emoji: &str,
    ) -> AppResult<ReactionView> {
        let emoji = Emoji::parse(emoji)?;
        let (actor, message_id, now) = (actor.clone(), message_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let message = messages::get(&mut c, actor.workspace_id.as_str(), &message_id).await?;
                    let thread = visible_thread(&mut c, &actor, &message.thread_id).await?;
                    let reaction = ReactionRow {
                        message_id: message.id.clone(),
                        member_id: actor.member_id.to_string(),
                        emoji: emoji.as_str().to_owned(),
                        created_at: to_millis(now),
                    };
                    if messages::react(&mut c, &reaction).await? {
                        let payload = serde_json::json!({
                            "thread_id": thread.id, "message_id": message.id, "emoji": reaction.emoji,
                        });
                        record(&mut c, &actor, "reaction.added", Audience::Channel(&thread.channel_id),
                            payload, now).await?;
                        return Ok(ReactionView::from(&reaction));
                    }
                    // Already there: answer with the stored one, so a retry sees the first result.
                    messages::reactions_in_thread(&mut c, &thread.id)
                        .await?
                        .iter()
                        .find(|r| {
                            r.message_id == reaction.message_id
                                && r.member_id == reaction.member_id
                                && r.emoji == reaction.emoji
                        })
                        .map(ReactionView::from)
                        .ok_or(AppError::NotFound)
                })
            })
            .await
    }

    /// Marks a thread resolved.
    pub async fn resolve_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<ThreadView> {
        self.set_resolved(actor, thread_id, true).await
    }

    /// Reopens a resolved thread.
    pub async fn reopen_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<ThreadView> {
        self.set_resolved(actor, thread_id, false).await
    }

    async fn set_resolved(
        &self,
        actor: &Actor,
        thread_id: &str,
        resolve: bool,
    ) -> AppResult<ThreadView> {
        let (actor, thread_id, now) = (actor.clone(), thread_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let mut thread = visible_thread(&mut c, &actor, &thread_id).await?;
                    if thread.resolved_at.is_some() == resolve {
                        return Ok(ThreadView::from(&thread));
                    }
                    let at = to_millis(now);
                    let resolution = resolve.then_some((at, actor.member_id.as_str()));
                    threads::set_resolved(&mut c, &thread.id, resolution).await?;
                    thread.resolved_at = resolve.then_some(at);
                    thread.resolved_by = resolve.then(|| actor.member_id.to_string());
                    let kind = if resolve {
                        "thread.resolved"
                    } else {
                        "thread.reopened"
                    };
                    let payload = serde_json::json!({ "thread_id": thread.id });
                    record(
                        &mut c,
                        &actor,
                        kind,
                        Audience::Channel(&thread.channel_id),
                        payload,
                        now,
                    )
                    .await?;
                    Ok(ThreadView::from(&thread))
                })
            })
            .await
    }

    /// Records that the actor has read the thread up to now.
    pub async fn mark_read(&self, actor: &Actor, thread_id: &str) -> AppResult<()> {
        let (actor, thread_id, now) = (actor.clone(), thread_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let thread = visible_thread(&mut c, &actor, &thread_id).await?;
                    threads::mark_read(
                        &mut c,
                        &thread.id,
                        actor.member_id.as_str(),
                        to_millis(now),
                    )
                    .await?;
                    let payload = serde_json::json!({ "thread_id": thread.id });
                    record(
                        &mut c,
                        &actor,
                        "thread.read",
                        Audience::Member(actor.member_id.as_str()),
                        payload,
                        now,
                    )
                    .await?;
                    Ok(())
                })
            })
            .await
    }
}

/// The thread, if the actor can see its channel.
async fn visible_thread(c: &mut Conn<'_>, actor: &Actor, thread_id: &str) -> AppResult<ThreadRow> {
    let thread = threads::get(c, actor.workspace_id.as_str(), thread_id).await?;
    visible_channel(c, actor, &thread.channel_id).await?;
    Ok(thread)
}
