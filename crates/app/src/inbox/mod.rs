//! The inbox: what needs me (by due time, overdue first), what I wait on, and unread threads I
//! follow, each a page with its own cursor.

mod items;
mod paging;

use serde::Serialize;
use sundial_store::records::inbox::{self, AskKey, UnreadKey};
use sundial_store::records::{members, notifications};

pub use items::{AskItem, UnreadItem};
pub use paging::{DEFAULT_LIMIT, InboxPaging, MAX_LIMIT};

use crate::{Actor, App, AppResult, schedules};

/// The three lists of the inbox.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    pub needs_me: Vec<AskItem>,
    /// Pass as `needs_me_cursor` for the next page of `needs_me`; `null` on its last page.
    pub needs_me_next_cursor: Option<String>,
    pub waiting_on: Vec<AskItem>,
    /// Pass as `waiting_on_cursor` for the next page of `waiting_on`; `null` on its last page.
    pub waiting_on_next_cursor: Option<String>,
    pub unread: Vec<UnreadItem>,
    /// Pass as `unread_cursor` for the next page of `unread`; `null` on its last page.
    pub unread_next_cursor: Option<String>,
    /// Delivered notifications not read yet (held ones are not counted: they are not news
    /// until their instant).
    pub unread_notifications: i64,
}

impl App {
    /// The first page of each list of the actor's inbox.
    pub async fn inbox(&self, actor: &Actor) -> AppResult<Inbox> {
        self.inbox_page(actor, &InboxPaging::default()).await
    }

    /// A page of each list of the actor's inbox, as `paging` says. `needs_me` is ordered overdue
    /// first, then by due time (the same order, since the overdue are exactly those due
    /// earliest), ties by request; `waiting_on` by due time; `unread` the most recently turned
    /// unread first.
    pub async fn inbox_page(&self, actor: &Actor, paging: &InboxPaging) -> AppResult<Inbox> {
        let pages = paging.check()?;
        let now = self.now();
        let me = actor.member_id.as_str();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        // One row more than the page tells whether there is a next page, so a cursor never
        // leads to an empty one.
        let fetch = pages.limit + 1;
        let page_len = usize::try_from(pages.limit).unwrap_or(usize::MAX);
        let mut needs_me = inbox::needs_me(&mut c, me, pages.needs_me.as_ref(), fetch).await?;
        let needs_me_next_cursor = next_cursor(&mut needs_me, page_len, |r| {
            paging::ask_cursor(&AskKey::of(r))
        });
        let mut waiting_on =
            inbox::waiting_on(&mut c, me, pages.waiting_on.as_ref(), fetch).await?;
        let waiting_on_next_cursor = next_cursor(&mut waiting_on, page_len, |r| {
            paging::ask_cursor(&AskKey::of(r))
        });
        let mut unread = inbox::unread(&mut c, me, pages.unread.as_ref(), fetch).await?;
        let unread_next_cursor = next_cursor(&mut unread, page_len, |r| {
            paging::unread_cursor(&UnreadKey::of(r))
        });
        let unread_notifications = notifications::unread_count(&mut c, me).await?;
        // The recipients' calendars, for how much of their working time is left: only the
        // members on this page, not the whole team.
        let mut recipient_ids: Vec<String> = needs_me
            .iter()
            .chain(&waiting_on)
            .map(|a| a.member_id.clone())
            .collect();
        recipient_ids.sort_unstable();
        recipient_ids.dedup();
        let recipients = if recipient_ids.is_empty() {
            Vec::new()
        } else {
            members::with_ids(&mut c, actor.workspace_id.as_str(), &recipient_ids).await?
        };
        let schedules =
            schedules::load(&mut c, actor.workspace_id.as_str(), &recipients, now).await?;
        let item = |r| AskItem::new(r, now, &schedules);
        Ok(Inbox {
            needs_me: needs_me.into_iter().map(item).collect(),
            needs_me_next_cursor,
            waiting_on: waiting_on.into_iter().map(item).collect(),
            waiting_on_next_cursor,
            unread: unread.into_iter().map(UnreadItem::from).collect(),
            unread_next_cursor,
            unread_notifications,
        })
    }
}

/// Cuts `rows` (a page and, if there is more, one row beyond it) to the page, and returns the
/// cursor after its last row when there is more.
fn next_cursor<T>(
    rows: &mut Vec<T>,
    page_len: usize,
    cursor: impl Fn(&T) -> String,
) -> Option<String> {
    if rows.len() <= page_len {
        return None;
    }
    rows.truncate(page_len);
    rows.last().map(cursor)
}
