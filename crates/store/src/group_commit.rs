//! SQLite's single writer with group commit. SQLite allows one writer at a time and a durable
//! commit costs a disk flush, so instead of letting concurrent writers fight over the lock (and
//! pay one flush each) a single task owns the write connection, takes every write waiting in its
//! queue, runs each inside the same transaction behind its own savepoint, and commits the batch
//! with one flush. A write's caller is answered only after that commit: no acknowledged write is
//! ever lost, and a failing write rolls back to its savepoint without touching its neighbours.

use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use futures::future::BoxFuture;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot, watch};

use crate::connection::{Tx, TxInner};
use crate::error::StoreError;

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

/// Runs the writer until every sender is dropped; queued writes are finished first.
pub(crate) async fn run_writer(
    connection: SqliteConnection,
    mut queue: mpsc::Receiver<WriteOp>,
    commits: watch::Sender<u64>,
) {
    let mut tx = Tx {
        inner: TxInner::Sqlite(connection),
    };
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let committed = run_batch(&mut tx, std::mem::take(&mut batch)).await;
        if committed {
            commits.send_modify(|count| *count += 1);
        }
    }
    if let TxInner::Sqlite(connection) = tx.inner
        && let Err(error) = connection.close().await
    {
        tracing::warn!(%error, "closing the SQLite writer connection failed");
    }
}

/// Runs one batch in one transaction; returns whether it committed.
async fn run_batch(tx: &mut Tx, ops: Vec<WriteOp>) -> bool {
    // A lone write needs no savepoint: its own failure rolls back the whole transaction.
    let single = ops.len() == 1;
    if let Err(error) = execute(tx, "BEGIN IMMEDIATE").await {
        let message = error.to_string();
        tracing::error!(%message, "could not begin a write transaction");
        // Dropping the writes drops their reply channels: each caller learns its write failed.
        drop(ops);
        return false;
    }
    let mut completions: Vec<Box<dyn Completion>> = Vec::with_capacity(ops.len());
    let mut statement_error = None;
    for op in ops {
        if !single && let Err(error) = execute(tx, "SAVEPOINT write").await {
            statement_error = Some(error.to_string());
            break;
        }
        let completion = match AssertUnwindSafe(op(tx)).catch_unwind().await {
            Ok(completion) => Some(completion),
            Err(_) => {
                // The caller's reply channel went down with the panic; they see WriterStopped.
                tracing::error!("a write panicked; its changes are rolled back");
                None
            }
        };
        let failed = completion.as_ref().is_none_or(|c| c.failed());
        if !single {
            let undo = if failed {
                execute(tx, "ROLLBACK TO write").await
            } else {
                Ok(())
            };
            if let Err(error) = undo.and(execute(tx, "RELEASE write").await) {
                statement_error = Some(error.to_string());
                completions.extend(completion);
                break;
            }
        } else if failed {
            completions.extend(completion);
            let _ = execute(tx, "ROLLBACK").await;
            finish_all(completions, Ok(()));
            return false;
        }
        completions.extend(completion);
    }
    let commit = match statement_error {
        Some(message) => Err(message),
        None => execute(tx, "COMMIT").await.map_err(|e| e.to_string()),
    };
    let committed = commit.is_ok();
    if let Err(message) = &commit {
        tracing::error!(%message, "a write batch failed to commit; rolling it back");
        let _ = execute(tx, "ROLLBACK").await;
    }
    finish_all(completions, commit);
    committed
}

fn finish_all(completions: Vec<Box<dyn Completion>>, commit: Result<(), String>) {
    for completion in completions {
        completion.finish(commit.clone());
    }
}

/// Runs one transaction-control statement. Boxed: sqlx's executor bounds are higher-ranked, and
/// a boxed future is what lets the writer's own future stay `Send` for `tokio::spawn`.
fn execute<'a>(tx: &'a mut Tx, statement: &'static str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
    Box::pin(async move {
        match &mut tx.inner {
            TxInner::Sqlite(c) => sqlx::query(statement).execute(c).await.map(drop),
            TxInner::Postgres(c) => sqlx::query(statement).execute(&mut **c).await.map(drop),
        }
    })
}
