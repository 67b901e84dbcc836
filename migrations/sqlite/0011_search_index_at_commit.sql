-- The full-text index is brought up to date once per committed transaction instead of once
-- per statement. FTS5 writes its pending entries out as a new segment at every SAVEPOINT, and
-- the group-commit writer opens one savepoint per write: every message became a segment of
-- its own, and merging those segments back together was a tenth of the writer's time.
--
-- The triggers of 0001 that wrote the FTS tables directly are replaced by triggers that note
-- each change here; the writer applies the notes to the FTS tables just before it commits
-- (crates/store/src/search_index.rs), in the same transaction, so an entry still commits with
-- its row and no committed transaction leaves notes behind.
--
-- A note carries the text the index holds for the row, when the row had been indexed before
-- the change: the first note of a row in a transaction says what to take out of the index;
-- a row that exists at commit is indexed with its text as it is then. An insert's note has
-- no text: there is nothing to take out.
CREATE TABLE search_pending (
    seq          INTEGER PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source IN ('threads', 'messages')),
    source_rowid INTEGER NOT NULL,
    indexed_text TEXT
);
-- A row's notes in order: finding its first note is a step down this index, however many
-- notes a large transaction left.
CREATE INDEX search_pending_by_row ON search_pending (source, source_rowid);

DROP TRIGGER threads_fts_insert;
DROP TRIGGER threads_fts_update;
DROP TRIGGER threads_fts_delete;
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;

CREATE TRIGGER threads_search_insert AFTER INSERT ON threads BEGIN
    INSERT INTO search_pending (source, source_rowid) VALUES ('threads', new.rowid);
END;
CREATE TRIGGER threads_search_update AFTER UPDATE OF title ON threads BEGIN
    INSERT INTO search_pending (source, source_rowid, indexed_text)
    VALUES ('threads', old.rowid, old.title);
END;
CREATE TRIGGER threads_search_delete AFTER DELETE ON threads BEGIN
    INSERT INTO search_pending (source, source_rowid, indexed_text)
    VALUES ('threads', old.rowid, old.title);
END;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO search_pending (source, source_rowid) VALUES ('messages', new.rowid);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO search_pending (source, source_rowid, indexed_text)
    VALUES ('messages', old.rowid, old.body);
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO search_pending (source, source_rowid, indexed_text)
    VALUES ('messages', old.rowid, old.body);
END;
