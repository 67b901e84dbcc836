//! A reply nobody needs telling about, written by one PostgreSQL statement outside a
//! transaction block ([`crate::Store::single_statement_writer`]): a single round trip for the
//! whole reply, where [`super::replies::add`] inside a write takes a read and three (`BEGIN`,
//! the statement, `COMMIT`).
//!
//! Quiet means: the thread is where the caller believes it is (its workspace, its channel,
//! the channel's privacy as given, and the author in the channel when the caller says the
//! author must be); the author already follows the thread and owes no `reply` ask in it; every
//! other follower has muted it or holds a reply notification about it that stands for this
//! reply too. The statement checks all of it in its own snapshot, the one its writes apply
//! to, and writes nothing otherwise: the caller then takes the general path. Whether the reply
//! carries an ask or a mention only the caller knows: it must not call this then.

use crate::records::events::{self, NewEvent};
use crate::records::messages::MessageRow;
use crate::records::replies::{PRIOR_FOLLOWERS, bind_reply};
use crate::records::threads::{self, ThreadRow};
use crate::{Dialect, Reader, Sql, Store, StoreError};

/// Where the caller believes the thread is, and what the rule of who may see its channel
/// (which lives in the app) asks of the author there.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub channel_id: &'a str,
    pub private: bool,
    /// The author may write only as a member of the channel (a private channel, or a guest).
    pub needs_membership: bool,
}

/// What [`add_if_quiet`] did.
#[derive(Debug, Clone)]
pub enum QuietReply {
    /// The reply is written and committed, its event staged: the thread as it left it.
    Added(Box<ThreadRow>),
    /// Nothing written: the thread is not where the caller believed, the author may not write
    /// there, somebody is to be told of the reply, or it answers its author's ask.
    NotQuiet,
    /// SQLite: nothing written. There a write is a step in the writer's batch and costs no
    /// round trip, so the general path is as quick.
    NotOffered,
}

/// Writes `message` as a reply in its thread with its `event`, if it is quiet (see the
/// module documentation) and the thread is at `place`.
pub async fn add_if_quiet(
    store: &Store,
    message: &MessageRow,
    event: &NewEvent<'_>,
    place: Place<'_>,
) -> Result<QuietReply, StoreError> {
    let Some(mut writer) = store.single_statement_writer().await? else {
        return Ok(QuietReply::NotOffered);
    };
    add_if_quiet_on(store, &mut writer, message, event, place).await
}

/// [`add_if_quiet`] on a connection the caller already holds from [`Store::read`] (outside
/// any transaction block, as a reader's is): for a caller that read first, so that it does
/// not wait for a second pooled connection while holding one.
pub async fn add_if_quiet_on(
    store: &Store,
    writer: &mut Reader,
    message: &MessageRow,
    event: &NewEvent<'_>,
    place: Place<'_>,
) -> Result<QuietReply, StoreError> {
    if writer.conn().dialect() == Dialect::Sqlite {
        return Ok(QuietReply::NotOffered);
    }
    let (touch_thread, touch_followers) =
        (threads::TOUCH_THREAD, threads::TOUCH_FOLLOWERS_OF_THREAD);
    let stage_event = events::staging_statement(8);
    let columns = threads::COLUMNS;
    let quiet = "(SELECT quiet FROM verdict)";
    // The place's two flags are written into the text, not bound: with them bound, PostgreSQL
    // found the plan made for the values cheaper than the generic one and planned the
    // statement at every call (0.5 ms, more than running it). Four texts, each planned once.
    let private = if place.private {
        "c.private"
    } else {
        "NOT c.private"
    };
    let membership = if place.needs_membership {
        "AND EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = $15 AND m.member_id = $3)"
    } else {
        ""
    };
    // `$15` is the place's channel. With no followers (not even the author) the aggregates
    // are NULL: not quiet.
    let sql = format!(
        "WITH prior AS ({PRIOR_FOLLOWERS}), \
         placed AS (SELECT 1 FROM threads t JOIN channels c ON c.id = t.channel_id \
         WHERE t.id = $1 AND t.workspace_id = $5 AND t.channel_id = $15 AND {private} \
         {membership}), \
         verdict AS (SELECT EXISTS (SELECT 1 FROM placed) AND COALESCE(bool_or(member_id = $3) \
         AND NOT bool_or(owes_reply) AND bool_and(member_id = $3 OR muted OR holding_reply), \
         false) AS quiet FROM prior), \
         thread AS ({touch_thread} AND {quiet} RETURNING {columns}), \
         followers AS ({touch_followers} AND {quiet}), \
         message AS (INSERT INTO messages (id, workspace_id, thread_id, author_id, body, \
         created_at, edited_at) SELECT $4, $5, $1, $3, $6, $2, $7 WHERE {quiet}), \
         event AS ({stage_event} AND {quiet}) SELECT {columns} FROM thread"
    );
    let sql = bind_reply(Sql::new(sql), message);
    let sql = events::bind_event(sql, event).bind(place.channel_id);
    let Some(thread) = sql.fetch_optional::<ThreadRow>(&mut writer.conn()).await? else {
        return Ok(QuietReply::NotQuiet);
    };
    store.number_staged_events();
    Ok(QuietReply::Added(Box::new(thread)))
}
