//! What a delivered reply notification stood for. A follower holds at most one reply
//! notification per thread waiting for its instant (see `posting`), and it takes in every reply
//! posted before that instant. So its delivery counts the thread's messages from its own until
//! its instant, by anyone but the member, except those the same delivery already tells them
//! about another way (an ask, a mention, an answer to their ask).

use std::collections::{HashMap, HashSet};

use sundial_store::Conn;
use sundial_store::records::notifications::{self, NotificationRow};
use sundial_store::records::{members, messages};
use sundial_store::time::from_millis;

use super::kind::Kind;
use crate::AppResult;

/// Records in each delivered reply notification's detail how many replies it stood for, who
/// wrote them (in order of their first) and when the first and last arrived.
pub(crate) async fn count_replies(
    c: &mut Conn<'_>,
    member_id: &str,
    delivered: &mut [NotificationRow],
) -> AppResult<()> {
    let told_otherwise: HashSet<String> = delivered
        .iter()
        .filter(|n| n.kind != Kind::Reply.as_str())
        .filter_map(|n| n.message_id.clone())
        .collect();
    let mut sees_channel: HashMap<String, bool> = HashMap::new();
    for n in delivered
        .iter_mut()
        .filter(|n| n.kind == Kind::Reply.as_str())
    {
        let sees = match sees_channel.get(&n.channel_id) {
            Some(sees) => *sees,
            None => {
                let wanted = [member_id.to_owned()];
                let rows =
                    members::seeing_channel(c, &n.workspace_id, &n.channel_id, &wanted).await?;
                *sees_channel
                    .entry(n.channel_id.clone())
                    .or_insert(!rows.is_empty())
            }
        };
        let mut replies = Vec::new();
        if sees {
            // Replies are taken in strictly before the instant; an immediate delivery (instant
            // = creation) still covers the notification's own reply.
            let span = messages::Span {
                from: (n.message_id.as_deref().unwrap_or_default(), n.created_at),
                until: n.deliver_at.unwrap_or(n.created_at).max(n.created_at + 1),
            };
            replies = messages::by_others_between(c, &n.thread_id, span, member_id).await?;
            replies.retain(|m| !told_otherwise.contains(&m.id));
        }
        // Someone who can no longer see the channel (they left a private one) learns of no
        // reply after their notification's own: that one was visible to them when it came.
        if replies.is_empty() {
            replies.push(messages::Authored {
                id: n.message_id.clone().unwrap_or_default(),
                author_id: n.actor_id.clone().unwrap_or_default(),
                created_at: n.created_at,
            });
        }
        let detail = summary(&replies).to_string();
        notifications::set_detail(c, &n.id, &detail).await?;
        n.detail = detail;
    }
    Ok(())
}

/// The detail of a reply notification that stood for `replies` (oldest first, at least one).
fn summary(replies: &[messages::Authored]) -> serde_json::Value {
    let mut author_ids: Vec<&str> = Vec::new();
    for reply in replies {
        if !author_ids.contains(&reply.author_id.as_str()) {
            author_ids.push(&reply.author_id);
        }
    }
    let first_at = replies.first().map(|m| m.created_at).unwrap_or_default();
    let last_at = replies.last().map(|m| m.created_at).unwrap_or_default();
    serde_json::json!({
        "replies": replies.len(),
        "author_ids": author_ids,
        "first_at": from_millis(first_at),
        "last_at": from_millis(last_at),
    })
}
