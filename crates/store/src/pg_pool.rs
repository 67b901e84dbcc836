//! PostgreSQL connections, pooled by Sundial. sqlx's pool tests every connection handed back
//! to it with a round trip to the server (a `Sync`, answered by `ReadyForQuery`) before anyone
//! may take it again: for a request that is one statement (a quiet reply) that doubled its
//! round trips, and with them the server's work per request. Here a connection goes back as it
//! is; one that sat idle a while is pinged before it is handed out (the server may have ended
//! it meanwhile: a restart), and one that failed is replaced.
//!
//! A connection handed back in the middle of something (its request's future was dropped) is
//! safe to hand out again: sqlx's connection reads whatever answers are still due and sends
//! whatever it buffered before its next statement. A transaction left open is rolled back at
//! once, by a task of its own, before its connection goes back (see [`PgTx`]): waiting for the
//! next use would leave its locks held.

use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgSeverity};
use sqlx::{Connection, PgConnection};

use crate::error::StoreError;

/// A pooled connection's place: the connection once made, and what its next user must know.
#[derive(Debug)]
pub(crate) struct Slot {
    connection: Option<PgConnection>,
    released_at: Instant,
    /// A statement on it failed with the connection (not the statement) at fault.
    broken: bool,
}

/// Sundial's PostgreSQL connections: at most `size`, made when first needed.
#[derive(Debug)]
pub(crate) struct PgConnections {
    slots: deadpool::unmanaged::Pool<Slot>,
    /// Boxed: the options are large, and only a new connection reads them.
    options: Box<PgConnectOptions>,
    wait: Duration,
    ping_if_idle_for: Duration,
}

impl PgConnections {
    /// A pool of `size` connections to the database `options` name; a caller waits at most
    /// `wait` for one to come free, and one idle `ping_if_idle_for` or longer is pinged first.
    pub(crate) fn new(
        options: PgConnectOptions,
        size: usize,
        wait: Duration,
        ping_if_idle_for: Duration,
    ) -> Self {
        let slots = (0..size.max(1))
            .map(|_| Slot {
                connection: None,
                released_at: Instant::now(),
                broken: false,
            })
            .collect::<Vec<_>>();
        Self {
            slots: deadpool::unmanaged::Pool::from(slots),
            options: Box::new(options),
            wait,
            ping_if_idle_for,
        }
    }

    /// A connection of one's own until the lease is dropped; callers queue first come, first
    /// served.
    pub(crate) async fn acquire(&self) -> Result<Lease, StoreError> {
        let mut slot = tokio::time::timeout(self.wait, self.slots.get())
            .await
            .map_err(|_| {
                StoreError::Config(format!(
                    "no PostgreSQL connection came free within {} s",
                    self.wait.as_secs()
                ))
            })?
            .map_err(|e| StoreError::Config(format!("no PostgreSQL connection: {e}")))?;
        let (broken, idle) = (slot.broken, slot.released_at.elapsed());
        let usable = match slot.connection.as_mut() {
            Some(_) if broken => false,
            Some(connection) if idle >= self.ping_if_idle_for => connection.ping().await.is_ok(),
            Some(_) => true,
            None => false,
        };
        if !usable {
            // Dropped without a goodbye: the server ends the session when it notices.
            slot.connection = None;
            slot.connection = Some(PgConnection::connect_with(&self.options).await?);
            slot.broken = false;
        }
        Ok(Lease { slot })
    }
}

/// One pooled connection, taken from [`PgConnections::acquire`]; it goes back when dropped.
#[derive(Debug)]
pub(crate) struct Lease {
    slot: deadpool::unmanaged::Object<Slot>,
}

impl Lease {
    /// The connection, and the mark to set if it turns out broken.
    pub(crate) fn parts(&mut self) -> (&mut PgConnection, &mut bool) {
        let slot = &mut *self.slot;
        let connection = slot
            .connection
            .as_mut()
            .expect("a leased slot always holds a connection");
        (connection, &mut slot.broken)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.slot.released_at = Instant::now();
    }
}

/// Whether an error from sqlx means the connection itself is unusable (rather than the
/// statement being refused): it failed on the wire, or the server ended the session (a
/// `FATAL` error, as when an administrator or a shutdown ends it).
pub(crate) fn breaks_connection(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(error) => error
            .try_downcast_ref::<PgDatabaseError>()
            .is_some_and(|error| matches!(error.severity(), PgSeverity::Fatal | PgSeverity::Panic)),
        _ => false,
    }
}

/// A transaction on a leased connection: `BEGIN` sent, `COMMIT` or `ROLLBACK` to come. Dropped
/// while still open (its request was abandoned), it rolls back from a task of its own and only
/// then lets the connection go back.
#[derive(Debug)]
pub(crate) struct PgTx {
    lease: Option<Lease>,
}

impl PgTx {
    /// Begins a transaction on `lease`'s connection.
    pub(crate) async fn begin(lease: Lease) -> Result<Self, StoreError> {
        // Abandoned halfway, `BEGIN` may still reach the server: roll back whatever it began.
        let lease = finish(lease, "BEGIN", Cleanup::Rollback).await?;
        Ok(Self { lease: Some(lease) })
    }

    pub(crate) fn lease(&mut self) -> &mut Lease {
        self.lease
            .as_mut()
            .expect("an open transaction holds its lease")
    }

    /// Commits; the connection goes back either way.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.end("COMMIT").await
    }

    /// Rolls back; the connection goes back either way.
    pub(crate) async fn rollback(self) -> Result<(), StoreError> {
        self.end("ROLLBACK").await
    }

    /// Ends the transaction with `statement`; abandoned halfway, the statement completes on
    /// its own before the connection goes back.
    async fn end(mut self, statement: &'static str) -> Result<(), StoreError> {
        let lease = self
            .lease
            .take()
            .expect("an open transaction holds its lease");
        finish(lease, statement, Cleanup::Settle).await.map(drop)
    }
}

impl Drop for PgTx {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            clean_up(lease, Cleanup::Rollback);
        }
    }
}

/// What a task does with a connection whose transaction statement was abandoned halfway
/// (its caller's future dropped), before the connection goes back.
#[derive(Debug, Clone, Copy)]
enum Cleanup {
    /// Roll back: a transaction may be open.
    Rollback,
    /// Send what is buffered and read what is due: the statement completes on its own.
    Settle,
}

/// Runs `statement` (`BEGIN`, `COMMIT`, `ROLLBACK`) and returns the lease; if this future is
/// dropped before that, `cleanup` runs from a task of its own and then the lease goes back.
async fn finish(
    lease: Lease,
    statement: &'static str,
    cleanup: Cleanup,
) -> Result<Lease, StoreError> {
    let mut guard = Unfinished {
        lease: Some(lease),
        cleanup,
    };
    let lease = guard.lease.as_mut().expect("set just above");
    run_simple(lease, statement).await?;
    Ok(guard.lease.take().expect("still held"))
}

/// A lease in the middle of a transaction statement; see [`finish`].
struct Unfinished {
    lease: Option<Lease>,
    cleanup: Cleanup,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            clean_up(lease, self.cleanup);
        }
    }
}

/// Runs `cleanup` on the connection from a task of its own, then lets it go back.
fn clean_up(mut lease: Lease, cleanup: Cleanup) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(async move {
                // A failure marks the connection broken (replaced at its next use); there is
                // nobody left to tell.
                match cleanup {
                    Cleanup::Rollback => {
                        let _ = run_simple(&mut lease, "ROLLBACK").await;
                    }
                    Cleanup::Settle => {
                        let (connection, broken) = lease.parts();
                        if connection.ping().await.is_err() {
                            *broken = true;
                        }
                    }
                }
            });
        }
        // No runtime to do it on: the connection is replaced, which ends its session and any
        // transaction with it.
        Err(_) => *lease.parts().1 = true,
    }
}

/// Runs a statement without parameters in one round trip, marking the connection broken if
/// it failed for the connection's sake.
async fn run_simple(lease: &mut Lease, statement: &'static str) -> Result<(), StoreError> {
    use sqlx::Executor;
    let (connection, broken) = lease.parts();
    match connection.execute(sqlx::raw_sql(statement)).await {
        Ok(_) => Ok(()),
        Err(error) => {
            if breaks_connection(&error) {
                *broken = true;
            }
            Err(error.into())
        }
    }
}
