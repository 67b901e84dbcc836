//! Sundial's use cases: one function per thing a user does. Each validates its input into
//! domain types, checks permissions (here, once), and writes its records, its event and its
//! jobs in one transaction. HTTP handlers, web pages, the CLI and importers all call in here.

mod actor;
mod delivery;
mod error;
mod events;
mod jobs;
mod operations;
mod schedules;

pub mod accounts;
pub mod channels;
pub mod inbox;
pub mod notifications;
pub mod requests;
pub mod scheduled;
pub mod search;
pub mod seed;
pub mod threads;
pub mod views;

use std::sync::Arc;

use jiff::Timestamp;
use sundial_core::Clock;
use sundial_store::Store;

pub use actor::Actor;
pub use error::{AppError, AppResult};
pub use events::{EventView, EventsPage};
pub use jobs::JOB_LEASE;
pub use operations::QueueDepths;

/// The application: the store and the clock every use case runs against. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl App {
    /// An app over `store`, taking "now" from `clock`.
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// The store, for the server's health checks and workers.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The current instant, truncated to what storage keeps (milliseconds), so a value
    /// returned to a caller equals the one read back later.
    pub fn now(&self) -> Timestamp {
        sundial_store::time::from_millis(self.clock.now().as_millisecond())
    }
}
