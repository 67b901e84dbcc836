-- On PostgreSQL, 0017 moves the thread title's search vector out of `threads`, whose row every
-- reply updates. SQLite's title index is an FTS5 table of its own already (0001, 0011); this
-- migration only keeps the two dialects' migration names the same.
SELECT 1;
