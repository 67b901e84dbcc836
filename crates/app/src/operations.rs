//! What operators watch: queue depths for metrics.

use sundial_store::records::{events, jobs};

use crate::{App, AppResult};

/// Sizes of the durable queues.
#[derive(Debug, Clone, Copy)]
pub struct QueueDepths {
    pub jobs_pending: i64,
    pub events: i64,
}

impl App {
    /// Unfinished jobs and logged events, for `/metrics`.
    pub async fn queue_depths(&self) -> AppResult<QueueDepths> {
        // Events of writes that returned count once numbered, as `events_after` shows them (on
        // PostgreSQL a write returns before the sequencer numbers its events).
        self.store().settle_events().await;
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        Ok(QueueDepths {
            jobs_pending: jobs::pending_count(&mut c).await?,
            events: events::count(&mut c).await?,
        })
    }
}
