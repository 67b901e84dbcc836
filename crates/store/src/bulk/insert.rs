//! Multi-row `INSERT`s, one function per table, chunked to stay under both databases' limits on
//! bound parameters (SQLite: 32,766; PostgreSQL: 65,535).

use sqlx::QueryBuilder;

use crate::records::channels::ChannelRow;
use crate::records::members::MemberRow;
use crate::records::messages::MessageRow;
use crate::records::requests::{ObligationRow, RequestRow};
use crate::records::threads::ThreadRow;
use crate::{Conn, StoreError, on_backend};

/// The most parameters one statement binds: under SQLite's limit with room to spare.
const MAX_PARAMETERS: usize = 30_000;

/// For link rows (followers, read markers, channel members): a pair already there is kept, so
/// a batch may add history to threads loaded earlier.
const KEEP_EXISTING: &str = " ON CONFLICT DO NOTHING";

/// Obligations carry their request's requester (migration 0006): the rows are joined to their
/// requests as they are inserted, so callers build obligations as they always have. A LEFT JOIN,
/// so an obligation without its request fails on `requester_id NOT NULL` instead of vanishing.
const REQUESTER_OF_OBLIGATION: &str = ") AS v LEFT JOIN requests r ON r.id = v.column1";

/// Follower rows carry their thread's activity (migration 0006), copied from the thread as they
/// are inserted; bulk threads are written with their final activity, so the copy is final too.
/// `WHERE true` keeps SQLite from reading `ON CONFLICT` as the join's `ON`.
const ACTIVITY_OF_FOLLOWED_THREAD: &str =
    ") AS v LEFT JOIN threads t ON t.id = v.column1 WHERE true ON CONFLICT DO NOTHING";

/// Inserts `$rows` in statements of as many rows as fit, each row bound by `$bind` (a closure
/// over a `Separated` builder and a row), then `$tail`. Expanded per backend, so the builder
/// is native.
macro_rules! insert_rows {
    ($c:expr, $head:expr, $columns:expr, $rows:expr, $bind:expr) => {
        insert_rows!($c, $head, $columns, $rows, $bind, "")
    };
    ($c:expr, $head:expr, $columns:expr, $rows:expr, $bind:expr, $tail:expr) => {{
        let per_statement = (MAX_PARAMETERS / $columns).max(1);
        for chunk in $rows.chunks(per_statement) {
            on_backend!($c, |c| {
                let mut builder = QueryBuilder::new($head);
                builder.push_values(chunk, $bind);
                builder.push($tail);
                builder.build().execute(&mut **c).await.map(drop)
            })?;
        }
        Ok::<(), StoreError>(())
    }};
}

pub async fn members(c: &mut Conn<'_>, rows: &[(MemberRow, String)]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO members (id, workspace_id, email, handle, name, role, time_zone, \
         working_hours, status_mode, status_text, status_emoji, status_until, delivery_mode, \
         check_times, email_notifications, urgent_off_hours, created_at) ",
        17,
        rows,
        |mut b, (row, _): &(MemberRow, String)| {
            b.push_bind(row.id.clone())
                .push_bind(row.workspace_id.clone())
                .push_bind(row.email.clone())
                .push_bind(row.handle.clone())
                .push_bind(row.name.clone())
                .push_bind(row.role.clone())
                .push_bind(row.time_zone.clone())
                .push_bind(row.working_hours.clone())
                .push_bind(row.status_mode.clone())
                .push_bind(row.status_text.clone())
                .push_bind(row.status_emoji.clone())
                .push_bind(row.status_until)
                .push_bind(row.delivery_mode.clone())
                .push_bind(row.check_times.clone())
                .push_bind(row.email_notifications)
                .push_bind(row.urgent_off_hours)
                .push_bind(row.created_at);
        }
    )?;
    insert_rows!(
        c,
        "INSERT INTO credentials (member_id, password_hash, updated_at) ",
        3,
        rows,
        |mut b, (row, hash): &(MemberRow, String)| {
            b.push_bind(row.id.clone())
                .push_bind(hash.clone())
                .push_bind(row.created_at);
        }
    )
}

pub async fn channels(c: &mut Conn<'_>, rows: &[ChannelRow]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO channels (id, workspace_id, name, purpose, private, norms, created_by, \
         created_at) ",
        8,
        rows,
        |mut b, row: &ChannelRow| {
            b.push_bind(row.id.clone())
                .push_bind(row.workspace_id.clone())
                .push_bind(row.name.clone())
                .push_bind(row.purpose.clone())
                .push_bind(row.private)
                .push_bind(row.norms.clone())
                .push_bind(row.created_by.clone())
                .push_bind(row.created_at);
        }
    )
}

pub async fn channel_members(
    c: &mut Conn<'_>,
    rows: &[(String, String, i64)],
) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO channel_members (channel_id, member_id, added_at) ",
        3,
        rows,
        |mut b, (channel, member, at): &(String, String, i64)| {
            b.push_bind(channel.clone())
                .push_bind(member.clone())
                .push_bind(*at);
        },
        KEEP_EXISTING
    )
}

pub async fn threads(c: &mut Conn<'_>, rows: &[ThreadRow]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO threads (id, workspace_id, channel_id, title, author_id, resolved_at, \
         resolved_by, created_at, last_activity_at, last_author_id, message_count) ",
        11,
        rows,
        |mut b, row: &ThreadRow| {
            b.push_bind(row.id.clone())
                .push_bind(row.workspace_id.clone())
                .push_bind(row.channel_id.clone())
                .push_bind(row.title.clone())
                .push_bind(row.author_id.clone())
                .push_bind(row.resolved_at)
                .push_bind(row.resolved_by.clone())
                .push_bind(row.created_at)
                .push_bind(row.last_activity_at)
                .push_bind(row.last_author_id.clone())
                .push_bind(row.message_count);
        }
    )
}

pub async fn messages(c: &mut Conn<'_>, rows: &[MessageRow]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO messages (id, workspace_id, thread_id, author_id, body, created_at, \
         edited_at) ",
        7,
        rows,
        |mut b, row: &MessageRow| {
            b.push_bind(row.id.clone())
                .push_bind(row.workspace_id.clone())
                .push_bind(row.thread_id.clone())
                .push_bind(row.author_id.clone())
                .push_bind(row.body.clone())
                .push_bind(row.created_at)
                .push_bind(row.edited_at);
        }
    )
}

pub async fn requests(c: &mut Conn<'_>, rows: &[RequestRow]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO requests (id, workspace_id, message_id, thread_id, requester_id, kind, \
         urgency, explicit_due_at, created_at) ",
        9,
        rows,
        |mut b, row: &RequestRow| {
            b.push_bind(row.id.clone())
                .push_bind(row.workspace_id.clone())
                .push_bind(row.message_id.clone())
                .push_bind(row.thread_id.clone())
                .push_bind(row.requester_id.clone())
                .push_bind(row.kind.clone())
                .push_bind(row.urgency.clone())
                .push_bind(row.explicit_due_at)
                .push_bind(row.created_at);
        }
    )
}

pub async fn obligations(c: &mut Conn<'_>, rows: &[ObligationRow]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO obligations (request_id, member_id, status, due_at, original_due_at, \
         updated_at, requester_id) SELECT v.column1, v.column2, v.column3, v.column4, \
         v.column5, v.column6, r.requester_id FROM (",
        6,
        rows,
        |mut b, row: &ObligationRow| {
            b.push_bind(row.request_id.clone())
                .push_bind(row.member_id.clone())
                .push_bind(row.status.clone())
                .push_bind(row.due_at)
                .push_bind(row.original_due_at)
                .push_bind(row.updated_at);
        },
        REQUESTER_OF_OBLIGATION
    )
}

pub async fn follows(c: &mut Conn<'_>, rows: &[(String, String, i64)]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO thread_followers (thread_id, member_id, since, last_activity_at, \
         last_author_id) SELECT v.column1, v.column2, v.column3, t.last_activity_at, \
         t.last_author_id FROM (",
        3,
        rows,
        |mut b, (thread, member, at): &(String, String, i64)| {
            b.push_bind(thread.clone())
                .push_bind(member.clone())
                .push_bind(*at);
        },
        ACTIVITY_OF_FOLLOWED_THREAD
    )
}

pub async fn reads(c: &mut Conn<'_>, rows: &[(String, String, i64)]) -> Result<(), StoreError> {
    insert_rows!(
        c,
        "INSERT INTO read_markers (thread_id, member_id, read_at) ",
        3,
        rows,
        |mut b, (thread, member, at): &(String, String, i64)| {
            b.push_bind(thread.clone())
                .push_bind(member.clone())
                .push_bind(*at);
        },
        KEEP_EXISTING
    )
}
