//! The bulk path: many rows of history written in one transaction with multi-row `INSERT`s,
//! for `sundial seed load` and the benchmarks. It stores what it is given and decides nothing:
//! the caller builds rows that are consistent (thread counters, followers, obligations).
//!
//! Why not the use cases: posting a million messages one `App::reply` at a time is one
//! transaction (and one event, one fsync share) per message, the better part of an hour; a
//! 5,000-message batch here is one transaction. The search index still follows every row in
//! the same transaction (the FTS5 triggers on SQLite, the generated `tsvector` on PostgreSQL),
//! so search works on bulk data exactly as on posted data. No events are written: history
//! loaded in bulk is not news, and the per-workspace sequence stays gap-free.

mod insert;

use crate::records::channels::ChannelRow;
use crate::records::members::MemberRow;
use crate::records::messages::MessageRow;
use crate::records::requests::{ObligationRow, RequestRow};
use crate::records::threads::ThreadRow;
use crate::{Conn, Store, StoreError};

/// Everything one bulk transaction writes, inserted in foreign-key order.
#[derive(Debug, Default)]
pub struct Batch {
    /// Members with their password hash.
    pub members: Vec<(MemberRow, String)>,
    pub channels: Vec<ChannelRow>,
    /// `(channel_id, member_id, added_at)`; a pair already stored is kept.
    pub channel_members: Vec<(String, String, i64)>,
    pub threads: Vec<ThreadRow>,
    pub messages: Vec<MessageRow>,
    pub requests: Vec<RequestRow>,
    pub obligations: Vec<ObligationRow>,
    /// `(thread_id, member_id, since)`; a pair already stored is kept.
    pub follows: Vec<(String, String, i64)>,
    /// `(thread_id, member_id, read_at)`; a pair already stored is kept.
    pub reads: Vec<(String, String, i64)>,
}

impl Batch {
    /// Whether the batch holds nothing to write.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
            && self.channels.is_empty()
            && self.channel_members.is_empty()
            && self.threads.is_empty()
            && self.messages.is_empty()
            && self.requests.is_empty()
            && self.obligations.is_empty()
            && self.follows.is_empty()
            && self.reads.is_empty()
    }
}

/// Writes `batch` in one transaction: all of it or, on any error, none of it.
pub async fn write(store: &Store, batch: Batch) -> Result<(), StoreError> {
    store
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                insert::members(&mut c, &batch.members).await?;
                insert::channels(&mut c, &batch.channels).await?;
                insert::channel_members(&mut c, &batch.channel_members).await?;
                insert::threads(&mut c, &batch.threads).await?;
                insert::messages(&mut c, &batch.messages).await?;
                insert::requests(&mut c, &batch.requests).await?;
                insert::obligations(&mut c, &batch.obligations).await?;
                // Read markers first: a follower row starts unread by them.
                insert::reads(&mut c, &batch.reads).await?;
                insert::follows(&mut c, &batch.follows).await?;
                Ok(())
            })
        })
        .await
}

/// The tables [`write`] fills, and `thread_titles`, which a trigger fills with `threads`.
const LOADED_TABLES: &str = "members, credentials, channels, channel_members, threads, \
     thread_titles, messages, requests, obligations, read_markers, thread_followers";

/// After a bulk load, on PostgreSQL: vacuums and analyzes the loaded tables, then asks for a
/// checkpoint, so that what follows (a benchmark) neither shares the machine with autovacuum
/// catching up on the loaded rows, nor runs on plans made from statistics of the empty tables,
/// nor meets the checkpoints the load's write-ahead log calls for (their final flush held
/// commits up to 200 ms). Outside a transaction, as VACUUM must be. A checkpoint needs a
/// superuser or the `pg_checkpoint` role: without, the server checkpoints on its own schedule.
/// Nothing to do on SQLite, which has no vacuum debt to pay.
pub async fn settle(store: &Store) -> Result<(), StoreError> {
    use sqlx::Executor;
    let mut reader = store.read().await?;
    if let Conn::Postgres(c) = &mut reader.conn() {
        let statement = format!("VACUUM (ANALYZE) {LOADED_TABLES}");
        let done = (&mut **c).execute(statement.as_str()).await;
        c.checked(done)?;
        let done = (&mut **c).execute("CHECKPOINT").await;
        match c.checked(done) {
            Ok(_) => {}
            Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some(NOT_ALLOWED) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// SQLSTATE `insufficient_privilege`.
const NOT_ALLOWED: &str = "42501";
