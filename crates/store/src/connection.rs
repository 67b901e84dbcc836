//! One connection type over both dialects and the SQLite writer. Queries are written once, as
//! [`crate::Sql`], and run on any of them; the few that must differ per dialect `match` on the
//! connection (or its [`Dialect`]) and keep both versions side by side.

use std::ops::{Deref, DerefMut};

use sqlx::PgConnection;

use crate::pg_pool::{Lease, PgTx, breaks_connection};

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A borrowed connection on either backend; every query function takes one.
#[derive(Debug)]
pub enum Conn<'a> {
    /// One of Sundial's own SQLite connections (the group-commit writer's, inside its batch's
    /// transaction, or a reader's): statements run in the calling thread (see [`crate::Sql`]).
    Sqlite(&'a mut rusqlite::Connection),
    Postgres(PgConn<'a>),
}

/// A PostgreSQL connection (it dereferences to one), and, inside a write, the write's notes of
/// what [`crate::Store::write`] must do after its commit.
#[derive(Debug)]
pub struct PgConn<'a> {
    connection: &'a mut PgConnection,
    notes: Option<&'a mut WriteNotes>,
    /// Set when a statement fails for the connection's sake: the pool replaces it.
    broken: &'a mut bool,
}

/// What a PostgreSQL write did that needs doing something after its commit.
#[derive(Debug, Default)]
pub(crate) struct WriteNotes {
    /// It staged events: a sequencer pass must number them.
    pub(crate) staged_events: bool,
    /// It revoked a token or may have changed a member's role: this node's token cache
    /// forgets at once (other nodes hear of it from the database's notice).
    pub(crate) tokens_changed: bool,
}

impl PgConn<'_> {
    fn new<'a>(lease: &'a mut Lease, notes: Option<&'a mut WriteNotes>) -> PgConn<'a> {
        let (connection, broken) = lease.parts();
        PgConn {
            connection,
            notes,
            broken,
        }
    }

    /// Passes a result from sqlx on, noting first whether its error broke the connection.
    pub(crate) fn checked<T>(&mut self, result: Result<T, sqlx::Error>) -> Result<T, sqlx::Error> {
        if let Err(error) = &result
            && breaks_connection(error)
        {
            *self.broken = true;
        }
        result
    }

    /// Notes that this write staged events: [`crate::Store::write`] then asks, after its
    /// commit, for a sequencer pass to number them. Outside a write nobody asks, and the
    /// sequencer's periodic pass numbers them.
    pub(crate) fn note_staged_events(&mut self) {
        if let Some(notes) = self.notes.as_deref_mut() {
            notes.staged_events = true;
        }
    }

    /// Notes that this write changed what a token stands for (see [`WriteNotes`]).
    pub(crate) fn note_tokens_changed(&mut self) {
        if let Some(notes) = self.notes.as_deref_mut() {
            notes.tokens_changed = true;
        }
    }
}

impl Deref for PgConn<'_> {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        self.connection
    }
}

impl DerefMut for PgConn<'_> {
    fn deref_mut(&mut self) -> &mut PgConnection {
        self.connection
    }
}

impl Conn<'_> {
    /// The dialect of this connection, for the few queries that differ.
    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }
}

/// A writing transaction handed to a use case by [`crate::Store::write`]. On SQLite it is the
/// group-commit writer's connection inside the batch's transaction (behind a savepoint); on
/// PostgreSQL a transaction of its own.
#[derive(Debug)]
pub struct Tx {
    pub(crate) inner: TxInner,
    /// What the write did that needs doing something after its commit (PostgreSQL only).
    pub(crate) notes: WriteNotes,
}

#[derive(Debug)]
pub(crate) enum TxInner {
    /// The SQLite group-commit writer's own connection.
    Writer(rusqlite::Connection),
    Postgres(PgTx),
}

impl Tx {
    /// The connection to run queries on, inside this transaction.
    pub fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Writer(c) => Conn::Sqlite(c),
            TxInner::Postgres(t) => Conn::Postgres(PgConn::new(t.lease(), Some(&mut self.notes))),
        }
    }
}

/// A pooled connection for reading. On SQLite it is one of several read-only connections that
/// WAL lets run beside the writer; its queries run in the calling task, as the writer's do (a
/// hand-off to another thread per statement would cost more than most of them).
#[derive(Debug)]
pub struct Reader {
    inner: ReaderInner,
}

#[derive(Debug)]
enum ReaderInner {
    Sqlite(deadpool::unmanaged::Object<rusqlite::Connection>),
    Postgres(Lease),
}

impl Reader {
    pub(crate) fn sqlite(c: deadpool::unmanaged::Object<rusqlite::Connection>) -> Self {
        Self {
            inner: ReaderInner::Sqlite(c),
        }
    }

    pub(crate) fn postgres(c: Lease) -> Self {
        Self {
            inner: ReaderInner::Postgres(c),
        }
    }

    /// The pooled PostgreSQL connection, for a write that goes on with it; `None` on SQLite.
    pub(crate) fn into_postgres(self) -> Option<Lease> {
        match self.inner {
            ReaderInner::Postgres(c) => Some(c),
            ReaderInner::Sqlite(_) => None,
        }
    }

    /// The connection to run read queries on.
    pub fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            ReaderInner::Sqlite(c) => Conn::Sqlite(c),
            ReaderInner::Postgres(c) => Conn::Postgres(PgConn::new(c, None)),
        }
    }
}
