//! On PostgreSQL, which member each recently presented token belongs to, kept in memory, so a
//! request needs no round trip to learn who sent it (a round trip costs a busy server about as
//! much as a small statement). Every node forgets everything the moment any token is revoked or
//! deleted, or a member's role changes or a member is deleted: the triggers of migration 0018
//! tell every node through `LISTEN sundial_tokens`, and a node forgets its own such writes at
//! their commit without waiting for the notice. While a node is not listening (before its first
//! `LISTEN`, or after its listening connection failed) it answers nothing from memory.
//!
//! SQLite has no cache: there the look-up runs in process and costs no round trip.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use tokio::task::JoinHandle;

use crate::records::tokens::TokenOwner;

/// The channel migration 0018's triggers notify.
const CHANNEL: &str = "sundial_tokens";

/// The longest an entry is trusted without a fresh look-up, notice or not: a listening
/// connection that died without the node noticing (a silent network fault) must not keep a
/// revoked token working for longer than this.
const TRUST_FOR: Duration = Duration::from_secs(30);

/// The most entries kept; a full cache starts over, which costs one look-up per live token.
const CAPACITY: usize = 10_000;

/// How long to wait before listening again after the listening connection failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The cache itself; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    entries: Mutex<HashMap<String, (TokenOwner, Instant)>>,
    /// Moves, under the entries' lock, every time the cache forgets: a look-up that began
    /// before may have read a token since revoked, and is not remembered.
    generation: AtomicU64,
    /// Whether notices reach this node now.
    listening: AtomicBool,
}

impl TokenCache {
    /// The owner of the token with this hash, if remembered, trusted, and not expired at `now`.
    pub(crate) fn get(&self, token_hash: &str, now: i64) -> Option<TokenOwner> {
        if !self.listening.load(Ordering::SeqCst) {
            return None;
        }
        let entries = self.entries();
        let (owner, remembered_at) = entries.get(token_hash)?;
        let expired = owner.expires_at.is_some_and(|at| at <= now);
        (!expired && remembered_at.elapsed() < TRUST_FOR).then(|| owner.clone())
    }

    /// The generation to pass to [`TokenCache::remember`]: read it before the look-up.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Remembers a look-up's answer, unless the cache forgot anything since `generation` was
    /// read (the answer may be stale) or is not listening.
    pub(crate) fn remember(&self, generation: u64, token_hash: &str, owner: TokenOwner) {
        let mut entries = self.entries();
        // Checked under the lock `forget_all` moves the generation under, so a forgetting
        // cannot come between this check and the insert.
        if self.generation.load(Ordering::SeqCst) != generation
            || !self.listening.load(Ordering::SeqCst)
        {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(token_hash.to_owned(), (owner, Instant::now()));
    }

    /// Forgets everything, and every look-up still under way.
    pub(crate) fn forget_all(&self) {
        let mut entries = self.entries();
        self.generation.fetch_add(1, Ordering::SeqCst);
        entries.clear();
    }

    fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::SeqCst);
        self.forget_all();
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<String, (TokenOwner, Instant)>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A store's cache with its listening task; dropping it stops the task.
#[derive(Debug)]
pub(crate) struct ListeningCache {
    pub(crate) cache: Arc<TokenCache>,
    task: JoinHandle<()>,
}

impl ListeningCache {
    /// Starts listening on a connection of its own; until the first `LISTEN` succeeds the
    /// cache answers nothing.
    pub(crate) fn start(connect: PgConnectOptions) -> Self {
        let cache = Arc::new(TokenCache::default());
        let task = tokio::spawn(listen(connect, Arc::clone(&cache)));
        Self { cache, task }
    }
}

impl Drop for ListeningCache {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Listens for notices for as long as the store lives, forgetting at each; when the connection
/// fails, stops answering from memory and listens again.
async fn listen(connect: PgConnectOptions, cache: Arc<TokenCache>) {
    loop {
        if let Err(error) = listen_until_failure(&connect, &cache).await {
            tracing::warn!(%error, "token cache: not listening for token changes; retrying");
        }
        cache.set_listening(false);
        tokio::time::sleep(RETRY_AFTER).await;
    }
}

async fn listen_until_failure(
    connect: &PgConnectOptions,
    cache: &TokenCache,
) -> Result<(), sqlx::Error> {
    // A pool of one, as `PgListener` wants: it is how the listener reconnects.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_with(connect.clone())
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    cache.set_listening(true);
    loop {
        // `None`: the connection was lost and re-established (listening again); notices sent
        // in between were missed, so everything is forgotten as if one had come.
        let _notice = listener.try_recv().await?;
        cache.forget_all();
    }
}
