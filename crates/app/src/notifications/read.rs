//! A member reading their own notifications and digests, and marking them read. Only
//! delivered notifications are shown: held ones wait, unseen, for their instant.

use std::collections::HashMap;

use sundial_store::Conn;
use sundial_store::records::notifications::{self, NotificationRow};
use sundial_store::records::{digests, threads};

use super::view::{DigestPage, DigestView, NotificationPage, NotificationView};
use crate::events::record_for_member;
use crate::{Actor, App, AppError, AppResult};

/// The most items a page may hold.
const MAX_PAGE: i64 = 200;

impl App {
    /// The actor's delivered notifications, newest first; `unread_only` leaves out read ones.
    /// `cursor` is the `next_cursor` of the previous page.
    pub async fn notifications(
        &self,
        actor: &Actor,
        cursor: Option<&str>,
        limit: Option<i64>,
        unread_only: bool,
    ) -> AppResult<NotificationPage> {
        let limit = page_limit(limit)?;
        let before = cursor.map(parse_cursor).transpose()?;
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let rows = notifications::delivered(
            &mut c,
            actor.member_id.as_str(),
            before.as_ref().map(|(at, id)| (*at, id.as_str())),
            unread_only,
            limit,
        )
        .await?;
        let next_cursor = match rows.last() {
            Some(last) if i64::try_from(rows.len()).unwrap_or(i64::MAX) == limit => {
                last.delivered_at.map(|at| format!("{at}.{}", last.id))
            }
            _ => None,
        };
        let items = views(&mut c, actor, &rows).await?;
        Ok(NotificationPage { items, next_cursor })
    }

    /// How many delivered notifications the actor has not read: the inbox's count.
    pub async fn unread_notification_count(&self, actor: &Actor) -> AppResult<i64> {
        let mut reader = self.store().read().await?;
        Ok(notifications::unread_count(&mut reader.conn(), actor.member_id.as_str()).await?)
    }

    /// Marks one of the actor's delivered notifications read (`NotFound` for anyone else's).
    pub async fn mark_notification_read(&self, actor: &Actor, id: &str) -> AppResult<()> {
        let (actor, id, now) = (actor.clone(), id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let me = actor.member_id.as_str();
                    let at = sundial_store::time::to_millis(now);
                    notifications::mark_read(&mut c, me, &id, at).await?;
                    let data = serde_json::json!({ "notification_ids": [id] });
                    let ws = actor.workspace_id.as_str();
                    record_for_member(&mut c, ws, me, "notification.read", data, now).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await
    }

    /// Marks all the actor's delivered notifications read; returns how many were unread.
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> AppResult<u64> {
        let (actor, now) = (actor.clone(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let me = actor.member_id.as_str();
                    let at = sundial_store::time::to_millis(now);
                    let count = notifications::mark_all_read(&mut c, me, at).await?;
                    if count > 0 {
                        let data = serde_json::json!({ "all": true, "count": count });
                        let ws = actor.workspace_id.as_str();
                        record_for_member(&mut c, ws, me, "notification.read", data, now).await?;
                    }
                    Ok::<_, AppError>(count)
                })
            })
            .await
    }

    /// The actor's digests, newest first, each with its sections.
    pub async fn digests(
        &self,
        actor: &Actor,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> AppResult<DigestPage> {
        let limit = page_limit(limit)?;
        let before = cursor.map(parse_cursor).transpose()?;
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let rows = digests::list(
            &mut c,
            actor.member_id.as_str(),
            before.as_ref().map(|(at, id)| (*at, id.as_str())),
            limit,
        )
        .await?;
        let next_cursor = match rows.last() {
            Some(last) if i64::try_from(rows.len()).unwrap_or(i64::MAX) == limit => {
                Some(format!("{}.{}", last.delivered_at, last.id))
            }
            _ => None,
        };
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            let items = notifications::in_digest(&mut c, &row.id).await?;
            views.push(DigestView::new(
                row,
                self::views(&mut c, actor, &items).await?,
            ));
        }
        Ok(DigestPage {
            items: views,
            next_cursor,
        })
    }

    /// One of the actor's digests; `NotFound` for anyone else's.
    pub async fn digest(&self, actor: &Actor, id: &str) -> AppResult<DigestView> {
        let view = self.digest_for_delivery(id).await?;
        if view.member_id != actor.member_id.as_str() {
            return Err(AppError::NotFound);
        }
        Ok(view)
    }

    /// A digest by id, for whoever delivers it further (the digest email job): its member is
    /// `member_id`. No permission check: call it only from jobs, never with a caller's input.
    pub async fn digest_for_delivery(&self, id: &str) -> AppResult<DigestView> {
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let row = digests::get(&mut c, id).await?;
        let items = notifications::in_digest(&mut c, &row.id).await?;
        let mut titles = HashMap::new();
        let mut views = Vec::with_capacity(items.len());
        for item in &items {
            let title = title(&mut c, &row.workspace_id, &item.thread_id, &mut titles).await?;
            views.push(NotificationView::new(item, &title));
        }
        Ok(DigestView::new(&row, views))
    }
}

/// Views of the rows with their thread titles.
async fn views(
    c: &mut Conn<'_>,
    actor: &Actor,
    rows: &[NotificationRow],
) -> AppResult<Vec<NotificationView>> {
    let mut titles = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let title = title(c, actor.workspace_id.as_str(), &row.thread_id, &mut titles).await?;
        views.push(NotificationView::new(row, &title));
    }
    Ok(views)
}

/// A thread's title, looked up once per page.
async fn title(
    c: &mut Conn<'_>,
    workspace_id: &str,
    thread_id: &str,
    known: &mut HashMap<String, String>,
) -> AppResult<String> {
    if let Some(title) = known.get(thread_id) {
        return Ok(title.clone());
    }
    let title = threads::get(c, workspace_id, thread_id).await?.title;
    known.insert(thread_id.to_owned(), title.clone());
    Ok(title)
}

fn page_limit(limit: Option<i64>) -> AppResult<i64> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid("limit", "must be between 1 and 200")),
    }
}

/// A cursor is `<millis>.<id>` of the last item seen.
fn parse_cursor(cursor: &str) -> AppResult<(i64, String)> {
    cursor
        .split_once('.')
        .and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())))
        .filter(|(_, id)| !id.is_empty())
        .ok_or_else(|| AppError::invalid("cursor", "is not a cursor this server gave out"))
}
