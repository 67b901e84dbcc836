//! Bringing SQLite's full-text index up to date just before the writer commits.
//!
//! Triggers note every change to a thread's title or a message's body in `search_pending`
//! (migrations/sqlite/0011_search_index_at_commit.sql); [`apply_pending`] turns the notes into
//! FTS5 updates in the same transaction and clears them. Doing it once per transaction rather
//! than in each statement matters because FTS5 writes its pending entries out as a new segment
//! at every savepoint, and the group-commit writer opens one per write.

use rusqlite::Connection;

/// The full-text tables and the content each indexes: (FTS table, content table, column).
const INDEXED: [(&str, &str, &str); 2] = [
    ("threads_fts", "threads", "title"),
    ("messages_fts", "messages", "body"),
];

/// Applies and clears the notes left by the transaction so far. Cheap when there are none.
pub(crate) fn apply_pending(c: &Connection) -> rusqlite::Result<()> {
    let noted: bool = c
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_pending)")?
        .query_row([], |row| row.get(0))?;
    if !noted {
        return Ok(());
    }
    for (fts, source, column) in INDEXED {
        // The index holds the text of a row's first note, if it carries one: a row indexed
        // before this transaction. Later notes carry text that was never indexed.
        c.prepare_cached(&format!(
            "INSERT INTO {fts} ({fts}, rowid, {column}) \
             SELECT 'delete', p.source_rowid, p.indexed_text FROM search_pending p \
             WHERE p.source = '{source}' AND p.indexed_text IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM search_pending q WHERE q.source = p.source \
             AND q.source_rowid = p.source_rowid AND q.seq < p.seq)"
        ))?
        .execute([])?;
        // Every noted row that still exists is indexed with its text as it is now.
        c.prepare_cached(&format!(
            "INSERT INTO {fts} (rowid, {column}) SELECT rowid, {column} FROM {source} \
             WHERE rowid IN (SELECT source_rowid FROM search_pending WHERE source = '{source}')"
        ))?
        .execute([])?;
    }
    c.prepare_cached("DELETE FROM search_pending")?
        .execute([])?;
    Ok(())
}
