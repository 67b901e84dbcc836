//! Seeding a database: the demo workspace a newcomer explores (`demo`), and bulk synthetic
//! history for benchmarks (`load`). Both refuse a database that already holds a workspace, so
//! a real team's data is never mixed with made-up data.

mod demo;
mod load;
mod words;

pub use demo::{DemoSeeded, EMAIL_DOMAIN, PASSWORD};
pub use load::{BATCH, CHANNELS, LoadPlan, LoadProgress, LoadReport, MEMBERS, MESSAGES};
pub use words::{message_body, thread_title};

use sundial_store::records::workspaces;

use crate::{App, AppError, AppResult};

impl App {
    /// Whether the database holds no workspace yet (what `serve --demo` checks before seeding).
    pub async fn is_empty(&self) -> AppResult<bool> {
        let mut reader = self.store().read().await?;
        Ok(workspaces::count(&mut reader.conn()).await? == 0)
    }

    /// Fails with a conflict unless the database holds no workspace yet.
    pub(crate) async fn require_empty(&self) -> AppResult<()> {
        if !self.is_empty().await? {
            return Err(AppError::Conflict {
                field: "database".to_owned(),
                reason: "already holds a workspace; seed only an empty database (a fresh \
                         --data-dir or an empty PostgreSQL database)"
                    .to_owned(),
            });
        }
        Ok(())
    }
}
