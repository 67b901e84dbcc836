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
pub mod mail;
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

/// Where links in mail point when nobody configured the server's public address.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The application: the store and the clock every use case runs against, the mailer (if
/// email is configured) and the server's public address for links in mail. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    mailer: Option<Arc<dyn mail::Mailer>>,
    public_url: Arc<str>,
    /// Notification recipients' profiles, remembered between writes.
    recipients: Arc<notifications::Recipients>,
    /// Where recently replied-to threads are, remembered between replies.
    thread_places: Arc<threads::ThreadPlaces>,
}

impl App {
    /// An app over `store`, taking "now" from `clock`; no mail, links to
    /// [`DEFAULT_PUBLIC_URL`].
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            mailer: None,
            public_url: Arc::from(DEFAULT_PUBLIC_URL),
            recipients: Arc::default(),
            thread_places: Arc::default(),
        }
    }

    /// The same app sending mail through `mailer`. Without one, mail jobs are skipped with a
    /// warning (see [`mail::DigestEmailOutcome::NoMailer`]).
    pub fn with_mailer(mut self, mailer: Arc<dyn mail::Mailer>) -> Self {
        self.mailer = Some(mailer);
        self
    }

    /// The same app with links in mail built on `url` (scheme, host, optional port and path;
    /// a trailing slash is dropped).
    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = Arc::from(url.trim_end_matches('/'));
        self
    }

    /// The server's public address, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The store, for the server's health checks and workers.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Who may hear about a channel and when, shared by this app's writes (see
    /// [`notifications::Recipients`]).
    pub(crate) fn recipients(&self) -> Arc<notifications::Recipients> {
        Arc::clone(&self.recipients)
    }

    pub(crate) fn thread_places(&self) -> &threads::ThreadPlaces {
        &self.thread_places
    }

    /// The current instant, truncated to what storage keeps (milliseconds), so a value
    /// returned to a caller equals the one read back later.
    pub fn now(&self) -> Timestamp {
        sundial_store::time::from_millis(self.clock.now().as_millisecond())
    }
}
