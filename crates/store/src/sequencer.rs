//! The PostgreSQL event sequencer: numbers the events writers staged in `event_queue`, in
//! batches, and moves them into the log. One per [`crate::Store`]; several stores (nodes) on one
//! database share the work safely. SQLite does not use it: its single writer numbers events as
//! it appends them.
//!
//! Why: numbering inside each write needs the workspace's counter row locked until commit, so
//! every writer of a workspace waited for the one before it, one WAL flush each. Here writers
//! stage without a lock and commit in parallel (PostgreSQL's own group commit shares flushes);
//! one pass then numbers everything staged so far, one flush for the whole batch.
//!
//! The invariant readers rely on (SSE resume with `Last-Event-ID`): per workspace the log is
//! numbered 1, 2, 3, … without gaps, and a reader that has seen `n` never later finds an event
//! below `n` appear. A pass holds the workspace rows it numbers locked until it commits, so two
//! passes (on this node or another) number a workspace one after the other, each continuing
//! from the counter the other committed, and each pass's events become visible all at once.

use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor, PgConnection};
use tokio::sync::watch;

use crate::error::StoreError;

/// How often a pass runs when no write asks for one: it numbers events staged by a node that
/// stopped between its write's commit and its pass (a crash), or whose pass failed.
const PERIODIC_PASS: Duration = Duration::from_secs(2);

/// How often, at most, a pass that moved events vacuums `event_queue`. Every staged row is
/// deleted within milliseconds, and autovacuum comes by only once a minute or so (its
/// `naptime`): meanwhile the dead rows pile up at thousands a second, and every pass scans
/// them all (measured: a pass cost 0.7 ms with 20,000 dead rows, about 70 µs per event).
const VACUUM_EVERY: Duration = Duration::from_secs(1);

/// The handle a store keeps: asks for passes and waits for them. Dropping it stops the task.
#[derive(Debug)]
pub(crate) struct Sequencer {
    /// Passes asked for, counted: a pass that reads `n` here before starting covers every
    /// request up to `n`.
    requested: watch::Sender<u64>,
    /// The highest request count covered by a finished pass.
    finished: watch::Receiver<u64>,
}

impl Sequencer {
    /// Runs a first pass (events a crashed node left staged get numbered before this store
    /// serves anyone), then starts the task that runs the others. A failing first pass is
    /// logged, not fatal: the periodic pass retries.
    pub(crate) async fn start(connect: PgConnectOptions, commits: watch::Sender<u64>) -> Self {
        let mut worker = Worker {
            connect,
            connection: None,
            commits,
            vacuumed_at: Instant::now(),
        };
        worker.pass().await;
        let (requested, requests) = watch::channel(0);
        let (finishing, finished) = watch::channel(0);
        tokio::spawn(worker.run(requests, finishing));
        Self {
            requested,
            finished,
        }
    }

    /// Asks for a pass that starts after this call, so everything staged by transactions that
    /// committed before it gets numbered, and returns its ticket. Concurrent callers share passes.
    pub(crate) fn request_pass(&self) -> u64 {
        let mut ticket = 0;
        self.requested.send_modify(|count| {
            *count += 1;
            ticket = *count;
        });
        ticket
    }

    /// Waits for a pass that starts after this call, so everything staged by transactions that
    /// committed before it is numbered (or the pass failed: that is logged, and a later pass
    /// numbers them).
    pub(crate) async fn number_staged(&self) {
        let ticket = self.request_pass();
        let mut finished = self.finished.clone();
        // An error means the task is gone (the runtime is shutting down): nothing to wait for.
        let _ = finished.wait_for(|&done| done >= ticket).await;
    }
}

struct Worker {
    connect: PgConnectOptions,
    /// Its own connection, not the pool's: a pass must not queue behind the writers it serves.
    /// Dropped after a failure and reopened for the next pass.
    connection: Option<PgConnection>,
    commits: watch::Sender<u64>,
    /// When this worker last vacuumed `event_queue`.
    vacuumed_at: Instant,
}

impl Worker {
    async fn run(mut self, mut requests: watch::Receiver<u64>, finished: watch::Sender<u64>) {
        loop {
            // Read before the pass starts: the pass covers every request counted so far, and
            // requests arriving during it mark the channel changed, so another pass follows.
            let covered = *requests.borrow_and_update();
            self.pass().await;
            finished.send_replace(covered);
            tokio::select! {
                changed = requests.changed() => {
                    if changed.is_err() {
                        return; // The store is gone.
                    }
                }
                () = tokio::time::sleep(PERIODIC_PASS) => {}
            }
        }
    }

    /// Numbers what is staged; wakes live readers when it moved anything. Never fails: the
    /// writes it serves are already committed, so an error is logged and left to a later pass.
    async fn pass(&mut self) {
        match self.try_pass().await {
            Ok(0) => {}
            Ok(_) => {
                self.commits.send_modify(|count| *count += 1);
                if self.vacuumed_at.elapsed() >= VACUUM_EVERY {
                    self.vacuum_queue().await;
                }
            }
            Err(error) => {
                tracing::warn!(%error, "numbering staged events failed; a later pass retries");
                if let Some(connection) = self.connection.take() {
                    let _ = connection.close().await;
                }
            }
        }
    }

    /// Vacuums `event_queue` (see [`VACUUM_EVERY`]); outside a transaction, as VACUUM must be.
    /// It takes no lock that writers or other passes wait for. Without `TRUNCATE false` it
    /// would also try to give the emptied end of the table back, which needs the table to
    /// itself: under steady writes it waited for that up to five seconds (seen as
    /// `VacuumTruncate` waits), and no pass ran meanwhile. The freed pages are reused instead
    /// (and migration 0019 keeps autovacuum from truncating it either). A failure is only
    /// logged: the table is then left to autovacuum.
    async fn vacuum_queue(&mut self) {
        self.vacuumed_at = Instant::now();
        if let Some(connection) = &mut self.connection
            && let Err(error) = connection
                .execute("VACUUM (TRUNCATE false) event_queue")
                .await
        {
            tracing::warn!(%error, "vacuuming the event queue failed");
        }
    }

    async fn try_pass(&mut self) -> Result<u64, StoreError> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            slot @ None => {
                let mut connection = self.connect.connect().await?;
                // The pass's statement takes the workspaces as an array, and PostgreSQL kept
                // planning it afresh for each array (0.1 ms a pass, a third of running it).
                // This connection runs only the pass, whose plan does not depend on them.
                connection
                    .execute("SET plan_cache_mode = force_generic_plan")
                    .await?;
                slot.insert(connection)
            }
        };
        number_staged_events(connection).await
    }
}

/// One pass in one transaction; returns for how many workspaces it numbered events.
async fn number_staged_events(connection: &mut PgConnection) -> Result<u64, StoreError> {
    let mut transaction = connection.begin().await?;
    // Lock the counters first, in id order so two nodes' passes never deadlock. NO KEY UPDATE,
    // like the UPDATE below, so writers inserting rows that reference the workspace (a foreign
    // key check takes KEY SHARE) are not blocked.
    let workspaces: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM workspaces WHERE id IN (SELECT workspace_id FROM event_queue) \
         ORDER BY id FOR NO KEY UPDATE",
    )
    .fetch_all(&mut *transaction)
    .await?;
    if workspaces.is_empty() {
        transaction.rollback().await?;
        return Ok(0);
    }
    // Only the locked workspaces' rows: something staged for another since the lock was taken
    // waits for the next pass rather than being numbered from a counter this pass does not hold.
    // Each statement of a data-modifying WITH sees the same snapshot, so the counters are read
    // once, before the UPDATE, and the new ones are taken from what was inserted.
    let numbered = sqlx::query(
        "WITH staged AS ( \
             DELETE FROM event_queue WHERE workspace_id = ANY($1) \
             RETURNING id, workspace_id, kind, channel_id, member_id, actor_id, payload, \
                       created_at \
         ), numbered AS ( \
             INSERT INTO events (workspace_id, seq, kind, channel_id, member_id, actor_id, \
                                 payload, created_at) \
             SELECT s.workspace_id, \
                    w.event_seq + row_number() OVER (PARTITION BY s.workspace_id ORDER BY s.id), \
                    s.kind, s.channel_id, s.member_id, s.actor_id, s.payload, s.created_at \
             FROM staged s JOIN workspaces w ON w.id = s.workspace_id \
             RETURNING workspace_id, seq \
         ) \
         UPDATE workspaces w SET event_seq = latest.seq \
         FROM (SELECT workspace_id, MAX(seq) AS seq FROM numbered GROUP BY workspace_id) latest \
         WHERE w.id = latest.workspace_id",
    )
    .bind(&workspaces)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(numbered.rows_affected())
}
