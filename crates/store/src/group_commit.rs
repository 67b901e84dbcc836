//! SQLite's single writer with group commit. SQLite allows one writer at a time and a durable
//! commit costs a disk flush, so instead of letting concurrent writers fight over the lock (and
//! pay one flush each) a single task owns the write connection, takes every write waiting in its
//! queue, runs each inside the same transaction behind its own savepoint, and commits the batch
//! with one flush. A failing write rolls back to its savepoint without touching its neighbours.
//!
//! The flush is pipelined: SQLite commits without it (`synchronous=NORMAL`), and a syncer thread
//! flushes the write-ahead log while the writer already runs the next batch. A write's caller is
//! answered only after the flush that covers its batch: no acknowledged write is ever lost. (A
//! reader may see a batch a few milliseconds before it is flushed; a crash in that window
//! loses the batch, whose writers were never told it succeeded.)

use std::panic::AssertUnwindSafe;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::FutureExt;
use futures::future::BoxFuture;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot, watch};

use crate::connection::{Tx, TxInner, WriteNotes};
use crate::error::StoreError;
use crate::search_index;
use crate::sqlite_open::Role;
use crate::syncer::{BatchOutcome, EventCeiling, Syncer, flush, wal_file};

/// Most writes a single transaction takes. Large enough to amortise the flush across a burst of
/// 64+ concurrent writers, small enough that one batch's latency stays a few milliseconds.
const MAX_BATCH: usize = 512;

/// A write waiting for the writer: runs on the transaction and returns its completion, which
/// holds the caller's result until the batch commits.
pub(crate) type WriteOp =
    Box<dyn for<'c> FnOnce(&'c mut Tx) -> BoxFuture<'c, Box<dyn Completion>> + Send>;

/// The outcome of one write inside a batch, waiting for the batch's commit to be reported.
pub(crate) trait Completion: Send {
    /// Whether the write failed, so its savepoint must be rolled back.
    fn failed(&self) -> bool;
    /// Reports the final result to the caller, given how the batch's commit went.
    fn finish(self: Box<Self>, commit: Result<(), String>);
}

/// A caller's result and the channel to answer it on.
pub(crate) struct Pending<T, E> {
    pub(crate) result: Result<T, E>,
    pub(crate) reply: oneshot::Sender<Result<T, E>>,
}

impl<T: Send, E: From<StoreError> + Send> Completion for Pending<T, E> {
    fn failed(&self) -> bool {
        self.result.is_err()
    }

    fn finish(self: Box<Self>, commit: Result<(), String>) {
        let result = match (self.result, commit) {
            (Ok(_), Err(message)) => Err(E::from(StoreError::CommitFailed(message))),
            (result, _) => result,
        };
        // The caller may have gone away (its request was cancelled); the write stands regardless.
        let _ = self.reply.send(result);
    }
}

/// Where the writer's database is and how to open it.
pub(crate) struct WriterConfig {
    /// The database file.
    pub(crate) file: PathBuf,
    /// Where the rowid of the newest event on disk is published.
    pub(crate) event_ceiling: EventCeiling,
    /// How to create the file and apply migrations (through sqlx's migrator).
    pub(crate) migrations: SqliteConnectOptions,
}

/// Starts the writer on a thread of its own with a single-threaded runtime, applies pending
/// migrations and opens the write connection there; returns once that is done.
///
/// Why a thread of its own: the writer runs every statement of every write itself, one after
/// the other, and its turn comes faster when it never queues behind request handlers on the
/// shared workers. Why its own connection through rusqlite rather than sqlx's: sqlx runs each
/// SQLite statement on a thread of the connection's, two context switches per statement, and a
/// reply makes a dozen statements (see `query.rs`). Why pinned to one CPU (see
/// [`pin_to_one_cpu`]): the writer is the one thread every write passes through, and moving it
/// between cores costs it its warm caches.
pub(crate) async fn start_writer(
    config: WriterConfig,
    queue: mpsc::Receiver<WriteOp>,
    commits: watch::Sender<u64>,
) -> Result<(), StoreError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StoreError::Config(format!("cannot start the SQLite writer: {e}")))?;
    let (ready, opened) = oneshot::channel();
    let syncer = Syncer::start(
        wal_file(&config.file),
        commits,
        Arc::clone(&config.event_ceiling),
    )?;
    std::thread::Builder::new()
        .name("sundial-writer".to_owned())
        .spawn(move || {
            pin_to_one_cpu();
            runtime.block_on(async move {
                match open_writer(&config).await {
                    Ok(connection) => {
                        let _ = ready.send(Ok(()));
                        run_writer(connection, queue, syncer).await;
                    }
                    Err(error) => {
                        let _ = ready.send(Err(error));
                    }
                }
            });
        })
        .map_err(|e| StoreError::Config(format!("cannot start the SQLite writer thread: {e}")))?;
    opened.await.unwrap_or(Err(StoreError::WriterStopped))
}

/// Applies pending migrations (through sqlx, which keeps their record), then opens the writer's
/// connection. Whatever an earlier run left in the log is flushed first (a process that stopped
/// between a commit and its flush), so every event the database holds is on disk and readable.
async fn open_writer(config: &WriterConfig) -> Result<rusqlite::Connection, StoreError> {
    let mut migrating = config.migrations.connect().await?;
    sqlx::migrate!("../../migrations/sqlite")
        .run(&mut migrating)
        .await?;
    migrating.close().await?;
    let connection = crate::sqlite_open::open(&config.file, Role::Writer)?;
    let wal = wal_file(&config.file);
    if wal.exists() {
        flush(&wal, &mut None).map_err(StoreError::Config)?;
    }
    let newest = newest_event(&connection)?;
    config.event_ceiling.store(newest, Ordering::SeqCst);
    Ok(connection)
}

/// The rowid of the newest event (0 before any). Events are never deleted and only this writer
/// inserts them, so rowids grow in commit order.
fn newest_event(c: &rusqlite::Connection) -> Result<i64, StoreError> {
    Ok(
        c.query_row("SELECT COALESCE(MAX(rowid), 0) FROM events", [], |row| {
            row.get(0)
        })?,
    )
}

/// Restricts the calling thread (and the threads it creates from now on) to the last CPU it may
/// run on, when it may run on more than one. Best effort: without it the writer is only slower.
fn pin_to_one_cpu() {
    #[cfg(target_os = "linux")]
    {
        use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
        use nix::unistd::Pid;
        let Ok(allowed) = sched_getaffinity(Pid::from_raw(0)) else {
            return;
        };
        let cpus: Vec<usize> = (0..CpuSet::count())
            .filter(|&cpu| allowed.is_set(cpu).unwrap_or(false))
            .collect();
        let (Some(&last), true) = (cpus.last(), cpus.len() > 1) else {
            return;
        };
        let mut one = CpuSet::new();
        if one.set(last).is_ok()
            && let Err(error) = sched_setaffinity(Pid::from_raw(0), &one)
        {
            tracing::debug!(%error, "could not pin the SQLite writer to one CPU");
        }
    }
}

/// Runs the writer until every sender is dropped (queued writes are finished first) or the
/// log can no longer be flushed.
async fn run_writer(
    connection: rusqlite::Connection,
    mut queue: mpsc::Receiver<WriteOp>,
    syncer: Syncer,
) {
    let mut tx = Tx {
        inner: TxInner::Writer(connection),
        notes: WriteNotes::default(),
    };
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while !syncer.failed() && queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcome = run_batch(&mut tx, std::mem::take(&mut batch)).await;
        syncer.flush_then_answer(outcome);
    }
    // Dropping the queue answers every write still in it with WriterStopped.
    drop(queue);
    syncer.finish();
    if let TxInner::Writer(connection) = tx.inner
        && let Err((_, error)) = connection.close()
    {
        tracing::warn!(%error, "closing the SQLite writer connection failed");
    }
}

/// Runs one batch in one transaction, each write behind its own savepoint, and commits it
/// (without flushing: see [`Syncer`]).
async fn run_batch(tx: &mut Tx, ops: Vec<WriteOp>) -> BatchOutcome {
    if let Err(error) = control(tx, "BEGIN IMMEDIATE; SAVEPOINT write") {
        let message = error.to_string();
        tracing::error!(%message, "could not begin a write transaction");
        // A failed BEGIN may still have opened the transaction; never leave it open.
        let _ = control(tx, "ROLLBACK");
        // Dropping the writes drops their reply channels: each caller learns its write failed.
        drop(ops);
        return BatchOutcome {
            completions: Vec::new(),
            commit: Err(message),
            wrote: false,
            newest_event: None,
        };
    }
    let changes_before = changes_so_far(tx);
    let count = ops.len();
    let mut completions: Vec<Box<dyn Completion>> = Vec::with_capacity(count);
    let mut statement_error = None;
    for (index, op) in ops.into_iter().enumerate() {
        let completion = match AssertUnwindSafe(op(tx)).catch_unwind().await {
            Ok(completion) => Some(completion),
            Err(_) => {
                // The caller's reply channel went down with the panic; they see WriterStopped.
                tracing::error!("a write panicked; its changes are rolled back");
                None
            }
        };
        let failed = completion.as_ref().is_none_or(|c| c.failed());
        completions.extend(completion);
        let last = index + 1 == count;
        // Undo a failed write, close its savepoint, and open the next one.
        let next = match (failed, last) {
            (false, false) => "RELEASE write; SAVEPOINT write",
            (true, false) => "ROLLBACK TO write; RELEASE write; SAVEPOINT write",
            (false, true) => "RELEASE write",
            (true, true) => "ROLLBACK TO write; RELEASE write",
        };
        if let Err(error) = control(tx, next) {
            statement_error = Some(error);
            break;
        }
    }
    // The search index catches up with the batch inside it, then the batch commits.
    if statement_error.is_none()
        && let Err(error) = index_then_commit(tx)
    {
        statement_error = Some(error);
    }
    let commit = match statement_error {
        Some(message) => {
            tracing::error!(%message, "a write batch failed to commit; rolling it back");
            let _ = control(tx, "ROLLBACK");
            Err(message)
        }
        None => Ok(()),
    };
    // A batch whose successful writes changed nothing (a read under the write lock, an insert
    // that was already there) has nothing to flush.
    let wrote = commit.is_ok()
        && completions.iter().any(|c| !c.failed())
        && changes_so_far(tx) > changes_before;
    let newest_event = match &tx.inner {
        TxInner::Writer(c) if wrote => newest_event(c)
            .inspect_err(|error| tracing::warn!(%error, "could not read the newest event"))
            .ok(),
        _ => None,
    };
    BatchOutcome {
        completions,
        commit,
        wrote,
        newest_event,
    }
}

/// How many rows the writer's statements have inserted, updated or deleted since it opened.
fn changes_so_far(tx: &Tx) -> u64 {
    match &tx.inner {
        TxInner::Writer(c) => c.total_changes(),
        TxInner::Postgres(_) => 0,
    }
}

/// Applies the batch's search-index notes and commits.
fn index_then_commit(tx: &mut Tx) -> Result<(), String> {
    let TxInner::Writer(c) = &tx.inner else {
        return Err("the group-commit writer runs on SQLite only".to_owned());
    };
    search_index::apply_pending(c).map_err(|e| format!("updating the search index: {e}"))?;
    control(tx, "COMMIT")
}

/// Runs transaction-control statements (`; `-separated) on the writer's connection, each
/// prepared once and cached: `execute_batch` would parse them anew for every write.
fn control(tx: &mut Tx, statements: &'static str) -> Result<(), String> {
    let TxInner::Writer(c) = &mut tx.inner else {
        return Err("the group-commit writer runs on SQLite only".to_owned());
    };
    statements.split("; ").try_for_each(|statement| {
        c.prepare_cached(statement)
            .and_then(|mut prepared| prepared.execute([]))
            .map(drop)
            .map_err(|e| e.to_string())
    })
}
