//! The background job worker of a node: drains due jobs (`App::run_due_jobs`), then sleeps
//! until the next job's instant, a commit on this node (which may have enqueued one), or a
//! short idle bound, whichever comes first; it stops when the server shuts down. Several nodes
//! on one PostgreSQL may all run it: claims skip each other's locked rows, and the idle bound
//! is how a node notices jobs another node enqueued.

use std::time::Duration;

use sundial_app::App;
use tokio::sync::watch;

use crate::shutdown_requested;

/// The longest a worker sleeps without looking at the queue.
const IDLE: Duration = Duration::from_secs(15);

/// How long to wait after the store failed before trying again.
const AFTER_ERROR: Duration = Duration::from_secs(1);

/// Runs until `shutdown` turns `true`. A job running when it does is finished first.
pub(crate) async fn run(app: App, shutdown: watch::Receiver<bool>) {
    let mut commits = app.store().commits();
    tracing::info!("job worker started");
    loop {
        // Commits seen so far are accounted for by the queue read below; only later ones
        // need to wake the worker (its own claims commit too, so this also prevents a loop).
        commits.borrow_and_update();
        let wait = match app.next_job_at().await {
            Ok(Some(next)) if next <= app.now() => match app.run_due_jobs().await {
                Ok(_) => continue,
                Err(error) => {
                    tracing::error!(%error, "running jobs failed");
                    AFTER_ERROR
                }
            },
            Ok(Some(next)) => next.duration_since(app.now()).unsigned_abs().min(IDLE),
            Ok(None) => IDLE,
            Err(error) => {
                tracing::error!(%error, "reading the job queue failed");
                AFTER_ERROR
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = commits.changed() => {}
            () = shutdown_requested(shutdown.clone()) => break,
        }
    }
    tracing::info!("job worker stopped");
}
