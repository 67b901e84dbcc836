//! The [`Store`]: opens the database named by the configuration, applies migrations, and hands
//! out transactions for writing and connections for reading. Which backend is a run-time choice.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::{mpsc, oneshot, watch};

use crate::connection::{Dialect, Reader, Tx, TxInner, WriteNotes};
use crate::error::StoreError;
use crate::group_commit::{self, Pending, WriteOp};
use crate::pg_pool::{PgConnections, PgTx};
use crate::records::tokens::{self, TokenOwner};
use crate::sequencer::Sequencer;
use crate::sqlite_open::{self, Role};
use crate::syncer::EventCeiling;
use crate::token_cache::ListeningCache;

/// Where the data lives: the embedded database in a directory, or a database URL.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// SQLite in `<dir>/sundial.db`, created on first start.
    DataDir(PathBuf),
    /// `sqlite://path/to/file.db`.
    SqliteFile(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::DataDir(dir) => write!(f, "DataDir({})", dir.display()),
            Location::SqliteFile(file) => write!(f, "SqliteFile({})", file.display()),
            // The URL may carry a password: never print it.
            Location::Postgres(_) => f.write_str("Postgres(<redacted>)"),
        }
    }
}

impl Location {
    /// Chooses the backend: a database URL wins over the data directory. Any scheme other than
    /// `postgres`, `postgresql` or `sqlite` is refused with a message saying what is accepted.
    pub fn choose(data_dir: &Path, database_url: Option<&str>) -> Result<Self, StoreError> {
        let Some(url) = database_url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(Location::DataDir(data_dir.to_path_buf()));
        };
        let scheme = url.split_once("://").map(|(scheme, _)| scheme);
        match scheme {
            Some("postgres" | "postgresql") => Ok(Location::Postgres(url.to_owned())),
            Some("sqlite") => {
                let path = url.trim_start_matches("sqlite://");
                let path = path.split('?').next().unwrap_or(path);
                Ok(Location::SqliteFile(PathBuf::from(path)))
            }
            other => Err(StoreError::Config(format!(
                "unsupported database URL scheme {:?}: use postgres://… for PostgreSQL, or \
                 leave the URL out (or use sqlite://FILE) for the embedded SQLite database",
                other.unwrap_or("(none)")
            ))),
        }
    }
}

/// Tuning that does not change behaviour.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// Pooled connections for reading (SQLite) or for everything (PostgreSQL); `None` for the
    /// backend's default ([`SQLITE_READERS`], [`POSTGRES_CONNECTIONS`]).
    pub connections: Option<u32>,
}

/// SQLite's read connections by default: reads run in the calling task, so a few per core.
pub const SQLITE_READERS: u32 = 8;

/// PostgreSQL's pooled connections by default. A PostgreSQL request spends much of its time
/// waiting (for the network, and on commit for the write-ahead log's flush, which commits
/// waiting together share), so more connections than cores keep the cores busy: 64 clients'
/// replies, with and without asks, went fastest with 16 of the 4 to 64 tried on two cores
/// (`docs/benchmarks.md`).
pub const POSTGRES_CONNECTIONS: u32 = 16;

/// The database, shared by every request and worker. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

/// How long a read waits for a pooled connection before it fails.
const READ_CONNECTION_WAIT: Duration = Duration::from_secs(30);

/// A pooled PostgreSQL connection idle this long is pinged before it is used again.
pub(crate) const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct Inner {
    backend: Backend,
    commits: watch::Sender<u64>,
}

#[derive(Debug)]
enum Backend {
    Sqlite {
        writer: mpsc::Sender<WriteOp>,
        readers: deadpool::unmanaged::Pool<rusqlite::Connection>,
        event_ceiling: EventCeiling,
    },
    Postgres {
        pool: PgConnections,
        sequencer: Sequencer,
        tokens: ListeningCache,
    },
}

impl Store {
    /// Connects, creating the SQLite file and its directory when missing, and applies pending
    /// migrations.
    pub async fn open(location: &Location, options: &StoreOptions) -> Result<Self, StoreError> {
        let (commits, _) = watch::channel(0);
        let backend = match location {
            Location::DataDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!("cannot create data dir {}: {e}", dir.display()))
                })?;
                open_sqlite(&dir.join("sundial.db"), options, commits.clone()).await?
            }
            Location::SqliteFile(file) => open_sqlite(file, options, commits.clone()).await?,
            Location::Postgres(url) => open_postgres(url, options, commits.clone()).await?,
        };
        Ok(Self {
            inner: Arc::new(Inner { backend, commits }),
        })
    }

    /// Which SQL dialect the store speaks.
    pub fn dialect(&self) -> Dialect {
        match self.inner.backend {
            Backend::Sqlite { .. } => Dialect::Sqlite,
            Backend::Postgres { .. } => Dialect::Postgres,
        }
    }

    /// Where readers of the event log stop: on SQLite the rowid of the newest event on disk
    /// (the log can hold events committed a few milliseconds before they are flushed); on
    /// PostgreSQL `None`, as a commit there is on disk before anyone sees it. Pass it to
    /// [`crate::records::events::after`] and [`crate::records::events::head`].
    pub fn event_ceiling(&self) -> Option<i64> {
        match &self.inner.backend {
            Backend::Sqlite { event_ceiling, .. } => {
                Some(event_ceiling.load(std::sync::atomic::Ordering::SeqCst))
            }
            Backend::Postgres { .. } => None,
        }
    }

    /// A connection for reading.
    pub async fn read(&self) -> Result<Reader, StoreError> {
        match &self.inner.backend {
            Backend::Sqlite { readers, .. } => {
                // As long as PostgreSQL's pool waits for a connection, then an error.
                let connection = tokio::time::timeout(READ_CONNECTION_WAIT, readers.get())
                    .await
                    .map_err(|_| {
                        StoreError::Config(format!(
                            "no SQLite read connection came free within {} s",
                            READ_CONNECTION_WAIT.as_secs()
                        ))
                    })?
                    .map_err(|e| StoreError::Config(format!("no SQLite read connection: {e}")))?;
                Ok(Reader::sqlite(connection))
            }
            Backend::Postgres { pool, .. } => Ok(Reader::postgres(pool.acquire().await?)),
        }
    }

    /// Runs `write` in a transaction and returns its result once the transaction is durably
    /// committed. If `write` returns an error, everything it did is rolled back.
    ///
    /// On SQLite the write joins the group-commit batch, which numbers its events; on
    /// PostgreSQL it gets a transaction of its own, and if it staged events, asks the sequencer
    /// to number them after its commit, without waiting for that. Either way: all or nothing,
    /// acknowledged only after commit. Its events are readable once [`Store::settle_events`],
    /// called after this returns, returns (at once on SQLite).
    pub async fn write<T, E, F>(&self, write: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&'c mut Tx) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        match &self.inner.backend {
            Backend::Sqlite { writer, .. } => {
                let (reply, answer) = oneshot::channel();
                let op: WriteOp = Box::new(move |tx| {
                    Box::pin(async move {
                        let result = write(tx).await;
                        Box::new(Pending { result, reply }) as Box<dyn group_commit::Completion>
                    })
                });
                writer
                    .send(op)
                    .await
                    .map_err(|_| E::from(StoreError::WriterStopped))?;
                answer
                    .await
                    .unwrap_or_else(|_| Err(E::from(StoreError::WriterStopped)))
            }
            Backend::Postgres { pool, .. } => {
                let transaction = PgTx::begin(pool.acquire().await?).await?;
                self.write_postgres(transaction, write).await
            }
        }
    }

    /// [`Store::write`] after reads on `reader`, whose results the write goes on from. On
    /// PostgreSQL the transaction runs on the reader's connection: a request that read and
    /// then writes waits once for a pooled connection, not twice (under load each wait is a
    /// turn in the pool's queue behind every other request). On SQLite the reader goes back to
    /// its pool and the write joins the writer's batch, as [`Store::write`].
    pub async fn write_on<T, E, F>(&self, reader: Reader, write: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&'c mut Tx) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        match reader.into_postgres() {
            Some(connection) => {
                let transaction = PgTx::begin(connection).await?;
                self.write_postgres(transaction, write).await
            }
            None => self.write(write).await,
        }
    }

    /// Runs `write` in `transaction`, commits it, and does what the write's notes ask after
    /// the commit; rolls back if `write` fails.
    async fn write_postgres<T, E, F>(&self, transaction: PgTx, write: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&'c mut Tx) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        E: From<StoreError>,
    {
        let Backend::Postgres {
            sequencer, tokens, ..
        } = &self.inner.backend
        else {
            unreachable!("only a PostgreSQL store makes PostgreSQL transactions")
        };
        let mut tx = Tx {
            inner: TxInner::Postgres(transaction),
            notes: WriteNotes::default(),
        };
        let result = write(&mut tx).await;
        let TxInner::Postgres(transaction) = tx.inner else {
            unreachable!("a PostgreSQL store only makes PostgreSQL transactions")
        };
        match result {
            Ok(value) => {
                transaction.commit().await?;
                if tx.notes.tokens_changed {
                    // This node's next request with the token must find it changed; the
                    // others forget on the database's notice.
                    tokens.cache.forget_all();
                }
                if tx.notes.staged_events {
                    // The pass wakes live readers once the events are numbered; waking them
                    // now would only show them nothing new. Not waiting for it spares the
                    // write a pass and its flush (about 6 ms): whoever reads events settles
                    // them first. A failed pass is logged by the sequencer and the write
                    // stands: it committed.
                    sequencer.request_pass();
                } else {
                    self.inner.commits.send_modify(|count| *count += 1);
                }
                Ok(value)
            }
            Err(error) => {
                // Dropping an uncommitted transaction rolls it back; doing it explicitly
                // returns the connection to the pool clean and sooner.
                let _ = transaction.rollback().await;
                Err(error)
            }
        }
    }

    /// The owner of a live token, as [`crate::records::tokens::member_for`] finds it. On
    /// PostgreSQL from memory when the token was looked up recently and nothing that could
    /// change the answer happened since (see `token_cache`).
    pub async fn token_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<TokenOwner>, StoreError> {
        let cache = match &self.inner.backend {
            Backend::Postgres { tokens, .. } => Some(&tokens.cache),
            Backend::Sqlite { .. } => None,
        };
        if let Some(owner) = cache.and_then(|cache| cache.get(token_hash, now)) {
            return Ok(Some(owner));
        }
        let generation = cache.map(|cache| cache.generation());
        let mut reader = self.read().await?;
        let owner = tokens::member_for(&mut reader.conn(), token_hash, now).await?;
        if let (Some(cache), Some(generation), Some(owner)) = (cache, generation, &owner) {
            cache.remember(generation, token_hash, owner.clone());
        }
        Ok(owner)
    }

    /// On PostgreSQL, a connection outside any transaction block for a write that is a single
    /// statement: PostgreSQL runs such a statement as a transaction of its own and commits it,
    /// durably, before answering, which spares [`Store::write`]'s `BEGIN` and `COMMIT` round
    /// trips (on a busy server a round trip costs about as much CPU as a small statement). A
    /// statement that staged events must be followed by [`Store::number_staged_events`].
    /// `None` on SQLite, where every write joins the writer's batch.
    pub(crate) async fn single_statement_writer(&self) -> Result<Option<Reader>, StoreError> {
        match &self.inner.backend {
            Backend::Sqlite { .. } => Ok(None),
            Backend::Postgres { pool, .. } => Ok(Some(Reader::postgres(pool.acquire().await?))),
        }
    }

    /// After a [`Store::single_statement_writer`] statement that staged events: asks for the
    /// sequencer pass that numbers them, as [`Store::write`] does after its commit.
    pub(crate) fn number_staged_events(&self) {
        if let Backend::Postgres { sequencer, .. } = &self.inner.backend {
            sequencer.request_pass();
        }
    }

    /// Waits until the events of every write that returned before this call are numbered and
    /// readable (`events::after`, `events::head`): on PostgreSQL, for a sequencer pass that
    /// starts after the call; on SQLite a write's events are numbered when it returns.
    pub async fn settle_events(&self) {
        if let Backend::Postgres { sequencer, .. } = &self.inner.backend {
            sequencer.number_staged().await;
        }
    }

    /// A receiver that changes after every commit on this node: the wake-up for live readers.
    /// On PostgreSQL, a write that staged events is signalled by the sequencer pass that numbers
    /// them, when they become readable.
    pub fn commits(&self) -> watch::Receiver<u64> {
        self.inner.commits.subscribe()
    }
}

async fn open_sqlite(
    file: &Path,
    options: &StoreOptions,
    commits: watch::Sender<u64>,
) -> Result<Backend, StoreError> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            StoreError::Config(format!("cannot create directory {}: {e}", parent.display()))
        })?;
    }
    // How the database file is created and migrated (through sqlx's migrator); Sundial's own
    // connections are opened by `sqlite_open` once that is done.
    let migrations = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .disable_statement_logging();
    // The writer applies pending migrations before the readers open the database.
    let (sender, queue) = mpsc::channel(4 * 1024);
    let event_ceiling = EventCeiling::default();
    let writer = group_commit::WriterConfig {
        file: file.to_owned(),
        event_ceiling: Arc::clone(&event_ceiling),
        migrations,
    };
    group_commit::start_writer(writer, queue, commits).await?;
    let readers = (0..options.connections.unwrap_or(SQLITE_READERS).max(1))
        .map(|_| sqlite_open::open(file, Role::Reader))
        .collect::<Result<Vec<_>, _>>()?;
    let readers = deadpool::unmanaged::Pool::from(readers);
    Ok(Backend::Sqlite {
        writer: sender,
        readers,
        event_ceiling,
    })
}

async fn open_postgres(
    url: &str,
    options: &StoreOptions,
    commits: watch::Sender<u64>,
) -> Result<Backend, StoreError> {
    let connect = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?
        .disable_statement_logging();
    let size = options.connections.unwrap_or(POSTGRES_CONNECTIONS).max(2);
    let pool = PgConnections::new(
        connect.clone(),
        size as usize,
        READ_CONNECTION_WAIT,
        PING_IF_IDLE_FOR,
    );
    let mut connection = pool.acquire().await?;
    sqlx::migrate!("../../migrations/postgres")
        .run(connection.parts().0)
        .await?;
    drop(connection);
    let tokens = ListeningCache::start(connect.clone());
    let sequencer = Sequencer::start(connect, commits).await;
    Ok(Backend::Postgres {
        pool,
        sequencer,
        tokens,
    })
}

/// Applies pending migrations and returns, for `sundial migrate`.
pub async fn migrate(location: &Location) -> Result<(), StoreError> {
    let store = Store::open(
        location,
        &StoreOptions {
            connections: Some(1),
        },
    )
    .await?;
    drop(store);
    Ok(())
}
