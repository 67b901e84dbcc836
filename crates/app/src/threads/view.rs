//! Reading threads: one thread with everything in it, and a channel's threads by activity.

use jiff::Timestamp;
use serde::Serialize;
use sundial_store::records::messages::{self, EditRow, MessageRow, ReactionRow};
use sundial_store::records::{requests, threads};
use sundial_store::time::from_millis;

use crate::channels::visible_channel;
use crate::views::{RequestView, ThreadView};
use crate::{Actor, App, AppError, AppResult};

/// An earlier version of an edited message.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EditView {
    #[schema(value_type = String, format = DateTime)]
    pub edited_at: Timestamp,
    pub previous_body: String,
}

/// A reaction.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReactionView {
    pub member_id: String,
    pub emoji: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

/// A message with its history and reactions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: String,
    pub thread_id: String,
    pub author_id: String,
    pub body: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub edited_at: Option<Timestamp>,
    pub edits: Vec<EditView>,
    pub reactions: Vec<ReactionView>,
}

/// A thread with its messages, requests and obligations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadDetail {
    pub thread: ThreadView,
    pub messages: Vec<MessageView>,
    pub requests: Vec<RequestView>,
}

/// A thread in a list, with its open asks.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadSummary {
    #[serde(flatten)]
    pub thread: ThreadView,
    pub open_requests: Vec<RequestView>,
}

/// A page of threads and the cursor of the next page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadPage {
    pub items: Vec<ThreadSummary>,
    pub next_cursor: Option<String>,
}

impl App {
    /// A thread the actor can see, with its messages (oldest first), edits, reactions, requests
    /// and obligations.
    pub async fn thread(&self, actor: &Actor, thread_id: &str) -> AppResult<ThreadDetail> {
        let now = self.now();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let thread = threads::get(&mut c, actor.workspace_id.as_str(), thread_id).await?;
        visible_channel(&mut c, actor, &thread.channel_id).await?;
        let rows = messages::in_thread(&mut c, &thread.id).await?;
        let edited: Vec<String> = rows
            .iter()
            .filter(|m| m.edited_at.is_some())
            .map(|m| m.id.clone())
            .collect();
        let edits = messages::edits(&mut c, &edited).await?;
        let reactions = messages::reactions_in_thread(&mut c, &thread.id).await?;
        let request_rows = requests::in_thread(&mut c, &thread.id).await?;
        let ids: Vec<String> = request_rows.iter().map(|r| r.id.clone()).collect();
        let obligations = requests::obligations(&mut c, &ids).await?;
        let messages = rows
            .into_iter()
            .map(|m| message_view(m, &edits, &reactions))
            .collect();
        Ok(ThreadDetail {
            thread: ThreadView::from(&thread),
            messages,
            requests: request_rows
                .iter()
                .map(|r| RequestView::new(r, &obligations, now))
                .collect(),
        })
    }

    /// A page of a channel's threads, newest activity first, each with its open asks.
    /// `cursor` is the `next_cursor` of the previous page.
    pub async fn threads(
        &self,
        actor: &Actor,
        channel_id: &str,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<ThreadPage> {
        let now = self.now();
        let limit = limit.clamp(1, 100);
        let before = cursor.map(parse_cursor).transpose()?;
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let channel = visible_channel(&mut c, actor, channel_id).await?;
        let mut rows = threads::list(
            &mut c,
            &channel.id,
            before.as_ref().map(|(at, id)| (*at, id.as_str())),
            limit + 1,
        )
        .await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let thread_ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        let all_requests = requests::in_threads(&mut c, &thread_ids).await?;
        let request_ids: Vec<String> = all_requests.iter().map(|r| r.id.clone()).collect();
        let obligations = requests::obligations(&mut c, &request_ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let open_requests = all_requests
                .iter()
                .filter(|r| r.thread_id == row.id)
                .map(|r| RequestView::new(r, &obligations, now))
                .filter(|r| {
                    r.obligations
                        .iter()
                        .any(|o| matches!(o.status.as_str(), "pending" | "acknowledged"))
                })
                .collect();
            items.push(ThreadSummary {
                thread: ThreadView::from(row),
                open_requests,
            });
        }
        let next_cursor = match rows.last() {
            Some(last) if more => Some(format!("{}.{}", last.last_activity_at, last.id)),
            _ => None,
        };
        Ok(ThreadPage { items, next_cursor })
    }
}

/// The view of message `m`, picking its own edits and reactions out of `edits` and `reactions`.
pub(super) fn message_view(
    m: MessageRow,
    edits: &[EditRow],
    reactions: &[ReactionRow],
) -> MessageView {
    MessageView {
        edits: edits
            .iter()
            .filter(|e| e.message_id == m.id)
            .map(|e| EditView {
                edited_at: from_millis(e.edited_at),
                previous_body: e.previous_body.clone(),
            })
            .collect(),
        reactions: reactions
            .iter()
            .filter(|r| r.message_id == m.id)
            .map(ReactionView::from)
            .collect(),
        id: m.id,
        thread_id: m.thread_id,
        author_id: m.author_id,
        body: m.body,
        created_at: from_millis(m.created_at),
        edited_at: m.edited_at.map(from_millis),
    }
}

impl From<&ReactionRow> for ReactionView {
    fn from(r: &ReactionRow) -> Self {
        Self {
            member_id: r.member_id.clone(),
            emoji: r.emoji.clone(),
            created_at: from_millis(r.created_at),
        }
    }
}

/// A cursor is `<last_activity_at millis>.<thread id>` of the last thread seen.
fn parse_cursor(cursor: &str) -> AppResult<(i64, String)> {
    cursor
        .split_once('.')
        .and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())))
        .filter(|(_, id)| !id.is_empty())
        .ok_or_else(|| AppError::invalid("cursor", "is not a cursor this server gave out"))
}
