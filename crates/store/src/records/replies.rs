//! A reply's writes on its thread, together: the message, its `message.posted` event, the
//! thread's activity, its followers' unread state, and the followers as they were before it
//! (whom it notifies). On PostgreSQL that is one statement, one round trip instead of five: a
//! busy server spends as much CPU on a round trip as on a small statement.

use crate::records::events::{self, NewEvent};
use crate::records::messages::{self, MessageRow};
use crate::records::threads;
use crate::{Conn, Sql, StoreError};

/// A thread's follower before the reply, and whether they hold a reply notification about
/// the thread still to be delivered after the reply's instant (or held with no instant yet):
/// that one stands for this reply too.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct PriorFollower {
    pub member_id: String,
    pub muted: bool,
    pub holding_reply: bool,
    /// On the reply's author's row only: whether they owe an open `reply` ask in the thread,
    /// which this reply answers. Always false on the others' rows.
    pub owes_reply: bool,
}

/// The followers with their notification state; `$1` is the thread, `$2` the reply's instant,
/// `$3` its author (the parameters of [`threads::TOUCH_THREAD`]). The subqueries name the
/// thread and the author as parameters, not as `f`'s columns: correlated on the columns,
/// PostgreSQL's generic plan hashed every held reply notification at each call (750 µs a
/// reply, growing with the table); uncorrelated, each runs once.
pub(crate) const PRIOR_FOLLOWERS: &str = "SELECT f.member_id, f.muted, EXISTS (SELECT 1 FROM notifications n \
     WHERE n.thread_id = $1 AND n.member_id = f.member_id AND n.kind = 'reply' \
     AND n.delivered_at IS NULL AND (n.deliver_at IS NULL OR n.deliver_at > $2)) AS holding_reply, \
     f.member_id = $3 AND EXISTS (SELECT 1 FROM obligations o \
     JOIN requests r ON r.id = o.request_id WHERE r.thread_id = $1 AND o.member_id = $3 AND r.kind = 'reply' \
     AND o.status IN ('pending', 'acknowledged')) AS owes_reply \
     FROM thread_followers f WHERE f.thread_id = $1 ORDER BY f.member_id";

/// What [`add`] read besides writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedReply {
    /// The thread's followers as they were before the reply, by member id.
    pub followers: Vec<PriorFollower>,
    /// On PostgreSQL (when the thread has a follower), the token in `audience_version` as the
    /// reply's statement read it: the notifications that follow in the same transaction need
    /// it, and it comes with the statement rather than costing a round trip of its own.
    pub audience_version: Option<i64>,
}

/// A follower with the audience token, as the PostgreSQL statement returns them.
#[derive(Debug, sqlx::FromRow, serde::Deserialize)]
struct FollowerAndAudience {
    #[sqlx(flatten)]
    #[serde(flatten)]
    follower: PriorFollower,
    audience_version: i64,
}

/// Inserts `message` as a reply in its thread with its `event` (as [`events::append`]),
/// records the activity ([`threads::touch`]), and returns the thread's followers as they were
/// before it.
pub async fn add(
    c: &mut Conn<'_>,
    message: &MessageRow,
    event: &NewEvent<'_>,
) -> Result<AddedReply, StoreError> {
    match c {
        Conn::Postgres(_) => {
            let rows = add_in_one_statement(c, message, event).await?;
            events::note_staged(c);
            Ok(AddedReply {
                audience_version: rows.first().map(|row| row.audience_version),
                followers: rows.into_iter().map(|row| row.follower).collect(),
            })
        }
        Conn::Sqlite(_) => {
            // In process, a statement costs no round trip: the plain statements, in order.
            threads::touch(
                c,
                &message.thread_id,
                &message.author_id,
                message.created_at,
            )
            .await?;
            messages::insert(c, message).await?;
            events::append(c, event).await?;
            let followers = Sql::new(PRIOR_FOLLOWERS)
                .bind(&message.thread_id)
                .bind(message.created_at)
                .bind(&message.author_id)
                .fetch_all(c)
                .await?;
            // In process the token costs no round trip: its reader reads it when needed.
            Ok(AddedReply {
                followers,
                audience_version: None,
            })
        }
    }
}

/// The PostgreSQL statement: the writes as data-modifying `WITH` clauses, which run to
/// completion whether read or not, then the followers, read from the statement's snapshot,
/// which is from before its writes, each with the audience token. The event is staged as
/// [`events::append`] stages it, selected from its workspace so that a missing one stages
/// nothing (the message's key check then fails the statement).
async fn add_in_one_statement(
    c: &mut Conn<'_>,
    message: &MessageRow,
    event: &NewEvent<'_>,
) -> Result<Vec<FollowerAndAudience>, StoreError> {
    let (touch_thread, touch_followers) =
        (threads::TOUCH_THREAD, threads::TOUCH_FOLLOWERS_OF_THREAD);
    let stage_event = events::staging_statement(8);
    let sql = format!(
        "WITH thread AS ({touch_thread} RETURNING id), followers AS ({touch_followers}), \
         message AS (INSERT INTO messages (id, workspace_id, thread_id, author_id, body, \
         created_at, edited_at) VALUES ($4, $5, $1, $3, $6, $2, $7)), \
         event AS ({stage_event}), prior AS ({PRIOR_FOLLOWERS}) \
         SELECT p.*, (SELECT version FROM audience_version) AS audience_version \
         FROM prior p ORDER BY p.member_id"
    );
    let sql = bind_reply(Sql::new(sql), message);
    events::bind_event(sql, event).fetch_all(c).await
}

/// Binds a reply's `$1`–`$7` as its statements number them: the thread, the instant, the
/// author (the parameters of [`threads::TOUCH_THREAD`] and [`PRIOR_FOLLOWERS`]), then the
/// message's id, workspace, body and edit time. The event's follow from `$8`.
pub(crate) fn bind_reply<'q>(sql: Sql<'q>, message: &'q MessageRow) -> Sql<'q> {
    sql.bind(&message.thread_id)
        .bind(message.created_at)
        .bind(&message.author_id)
        .bind(&message.id)
        .bind(&message.workspace_id)
        .bind(&message.body)
        .bind(message.edited_at)
}
