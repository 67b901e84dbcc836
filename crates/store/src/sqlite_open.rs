//! Opening Sundial's own SQLite connections (the writer's and the readers'), with the settings
//! every one of them needs.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// How many prepared statements each connection keeps: every distinct text the store uses, with
/// room for the lists of varying length.
const STATEMENT_CACHE: usize = 512;

/// After how many pages of log the writer copies the log into the database (a checkpoint,
/// which ends with a flush of the database file). SQLite's default of 1,000 pages (4 MiB) is a
/// few batches in a large database, where each write dirties pages all over its indexes: the
/// checkpoints then took the writer longer than the writes (docs/benchmarks.md). 8,192 pages
/// (32 MiB) copies a page written by many batches once, and flushes an eighth as often.
const WRITER_AUTOCHECKPOINT: i64 = 8192;

/// The size the log is cut back to when it starts over, so that a burst which grew it does not
/// keep the disk space.
const LOG_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Which connection to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The group-commit writer's. It commits without flushing (`synchronous=NORMAL`): its
    /// syncer flushes the log after each commit, before any writer is answered.
    Writer,
    /// A reader's, read-only.
    Reader,
}

/// Opens a connection to the database file (which the writer has created and migrated).
pub(crate) fn open(file: &Path, role: Role) -> Result<Connection, StoreError> {
    // No per-connection mutex: a connection is only ever used by one thread at a time.
    let access = match role {
        Role::Writer => OpenFlags::SQLITE_OPEN_READ_WRITE,
        Role::Reader => OpenFlags::SQLITE_OPEN_READ_ONLY,
    };
    let connection = Connection::open_with_flags(file, access | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    connection.busy_timeout(Duration::from_secs(10))?;
    connection.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA temp_store = memory; PRAGMA cache_size = -65536;",
    )?;
    if role == Role::Writer {
        // NORMAL still flushes the log before a checkpoint copies it, and the database after.
        connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        connection.pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT)?;
        connection.pragma_update(None, "journal_size_limit", LOG_SIZE_LIMIT)?;
    }
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(connection)
}
