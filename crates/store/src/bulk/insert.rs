//! Multi-row `INSERT`s, one function per table, chunked to stay under both databases' limits on
//! bound parameters (SQLite: 32,766; PostgreSQL: 65,535).

use crate::records::channels::ChannelRow;
use crate::records::members::MemberRow;
use crate::records::messages::MessageRow;
use crate::records::requests::{ObligationRow, RequestRow};
use crate::records::threads::ThreadRow;
use crate::{Conn, RowValues, Sql, StoreError};

/// The most parameters one statement binds: under SQLite's limit with room to spare.
const MAX_PARAMETERS: usize = 30_000;

/// For link rows (followers, read markers, channel members): a pair already there is kept, so
/// a batch may add history to threads loaded earlier.
const KEEP_EXISTING: &str = " ON CONFLICT DO NOTHING";

/// Obligations carry their request's requester (migration 0006): the rows are joined to their
/// requests as they are inserted, so callers build obligations as they always have. A LEFT JOIN,
/// so an obligation without its request fails on `requester_id NOT NULL` instead of vanishing.
const REQUESTER_OF_OBLIGATION: &str = ") AS v LEFT JOIN requests r ON r.id = v.column1";

/// Follower rows start unread when their thread's last activity is someone else's and newer
/// than the member's read marker (migration 0016); bulk threads are written with their final
/// activity, so that is final too. `WHERE true` keeps SQLite from reading `ON CONFLICT` as the
/// join's `ON`.
const UNREAD_OF_FOLLOWED_THREAD: &str = ") AS v LEFT JOIN threads t ON t.id = v.column1 \
     LEFT JOIN read_markers r ON r.member_id = v.column2 AND r.thread_id = v.column1 \
     WHERE true ON CONFLICT DO NOTHING";

/// Inserts `rows` in statements of as many rows as fit, each row bound by `bind`, then `tail`.
async fn insert_rows<'q, T>(
    c: &mut Conn<'_>,
    head: &str,
    columns: usize,
    rows: &'q [T],
    mut bind: impl FnMut(&mut RowValues<'_, 'q>, &'q T),
    tail: &str,
) -> Result<(), StoreError> {
    let per_statement = (MAX_PARAMETERS / columns).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut query = Sql::new(head);
        query.push_values(chunk, &mut bind);
        query.push(tail);
        query.execute(c).await?;
    }
    Ok(())
}

pub async fn members(c: &mut Conn<'_>, rows: &[(MemberRow, String)]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO members (id, workspace_id, email, handle, name, role, time_zone, \
         working_hours, status_mode, status_text, status_emoji, status_until, delivery_mode, \
         check_times, email_notifications, urgent_off_hours, created_at) ",
        17,
        rows,
        |b, (row, _): &(MemberRow, String)| {
            b.push_bind(&row.id)
                .push_bind(&row.workspace_id)
                .push_bind(&row.email)
                .push_bind(&row.handle)
                .push_bind(&row.name)
                .push_bind(&row.role)
                .push_bind(&row.time_zone)
                .push_bind(&row.working_hours)
                .push_bind(&row.status_mode)
                .push_bind(&row.status_text)
                .push_bind(&row.status_emoji)
                .push_bind(row.status_until)
                .push_bind(&row.delivery_mode)
                .push_bind(&row.check_times)
                .push_bind(row.email_notifications)
                .push_bind(row.urgent_off_hours)
                .push_bind(row.created_at);
        },
        "",
    )
    .await?;
    insert_rows(
        c,
        "INSERT INTO credentials (member_id, password_hash, updated_at) ",
        3,
        rows,
        |b, (row, hash): &(MemberRow, String)| {
            b.push_bind(&row.id)
                .push_bind(hash)
                .push_bind(row.created_at);
        },
        "",
    )
    .await
}

pub async fn channels(c: &mut Conn<'_>, rows: &[ChannelRow]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO channels (id, workspace_id, name, purpose, private, norms, created_by, \
         created_at) ",
        8,
        rows,
        |b, row: &ChannelRow| {
            b.push_bind(&row.id)
                .push_bind(&row.workspace_id)
                .push_bind(&row.name)
                .push_bind(&row.purpose)
                .push_bind(row.private)
                .push_bind(&row.norms)
                .push_bind(&row.created_by)
                .push_bind(row.created_at);
        },
        "",
    )
    .await
}

pub async fn channel_members(
    c: &mut Conn<'_>,
    rows: &[(String, String, i64)],
) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO channel_members (channel_id, member_id, added_at) ",
        3,
        rows,
        |b, (channel, member, at): &(String, String, i64)| {
            b.push_bind(channel).push_bind(member).push_bind(*at);
        },
        KEEP_EXISTING,
    )
    .await
}

pub async fn threads(c: &mut Conn<'_>, rows: &[ThreadRow]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO threads (id, workspace_id, channel_id, title, author_id, resolved_at, \
         resolved_by, created_at, last_activity_at, last_author_id, message_count) ",
        11,
        rows,
        |b, row: &ThreadRow| {
            b.push_bind(&row.id)
                .push_bind(&row.workspace_id)
                .push_bind(&row.channel_id)
                .push_bind(&row.title)
                .push_bind(&row.author_id)
                .push_bind(row.resolved_at)
                .push_bind(&row.resolved_by)
                .push_bind(row.created_at)
                .push_bind(row.last_activity_at)
                .push_bind(&row.last_author_id)
                .push_bind(row.message_count);
        },
        "",
    )
    .await
}

pub async fn messages(c: &mut Conn<'_>, rows: &[MessageRow]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO messages (id, workspace_id, thread_id, author_id, body, created_at, \
         edited_at) ",
        7,
        rows,
        |b, row: &MessageRow| {
            b.push_bind(&row.id)
                .push_bind(&row.workspace_id)
                .push_bind(&row.thread_id)
                .push_bind(&row.author_id)
                .push_bind(&row.body)
                .push_bind(row.created_at)
                .push_bind(row.edited_at);
        },
        "",
    )
    .await
}

pub async fn requests(c: &mut Conn<'_>, rows: &[RequestRow]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO requests (id, workspace_id, message_id, thread_id, requester_id, kind, \
         urgency, explicit_due_at, created_at) ",
        9,
        rows,
        |b, row: &RequestRow| {
            b.push_bind(&row.id)
                .push_bind(&row.workspace_id)
                .push_bind(&row.message_id)
                .push_bind(&row.thread_id)
                .push_bind(&row.requester_id)
                .push_bind(&row.kind)
                .push_bind(&row.urgency)
                .push_bind(row.explicit_due_at)
                .push_bind(row.created_at);
        },
        "",
    )
    .await
}

pub async fn obligations(c: &mut Conn<'_>, rows: &[ObligationRow]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO obligations (request_id, member_id, status, due_at, original_due_at, \
         updated_at, requester_id) SELECT v.column1, v.column2, v.column3, v.column4, \
         v.column5, v.column6, r.requester_id FROM (",
        6,
        rows,
        |b, row: &ObligationRow| {
            b.push_bind(&row.request_id)
                .push_bind(&row.member_id)
                .push_bind(&row.status)
                .push_bind(row.due_at)
                .push_bind(row.original_due_at)
                .push_bind(row.updated_at);
        },
        REQUESTER_OF_OBLIGATION,
    )
    .await
}

/// Follower rows, starting unread as `records::threads::follow` starts them; the batch's read
/// markers must be written first.
pub async fn follows(c: &mut Conn<'_>, rows: &[(String, String, i64)]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO thread_followers (thread_id, member_id, since, unread_since) \
         SELECT v.column1, v.column2, v.column3, CASE WHEN t.last_author_id <> v.column2 \
         AND t.last_activity_at > COALESCE(r.read_at, 0) THEN t.last_activity_at END FROM (",
        3,
        rows,
        |b, (thread, member, at): &(String, String, i64)| {
            b.push_bind(thread).push_bind(member).push_bind(*at);
        },
        UNREAD_OF_FOLLOWED_THREAD,
    )
    .await
}

pub async fn reads(c: &mut Conn<'_>, rows: &[(String, String, i64)]) -> Result<(), StoreError> {
    insert_rows(
        c,
        "INSERT INTO read_markers (thread_id, member_id, read_at) ",
        3,
        rows,
        |b, (thread, member, at): &(String, String, i64)| {
            b.push_bind(thread).push_bind(member).push_bind(*at);
        },
        KEEP_EXISTING,
    )
    .await
}
