//! Opening Sundial's own SQLite connections (the writer's and the readers'), with the settings
//! every one of them needs.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// How many prepared statements each connection keeps: every distinct text the store uses, with
/// room for the lists of varying length.
const STATEMENT_CACHE: usize = 512;

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
        connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    }
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(connection)
}
