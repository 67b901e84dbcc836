-- On PostgreSQL, 0020 merges the message index's pending list in smaller steps. SQLite's FTS5
-- index is written by the writer at each commit (0011); this migration only keeps the two
-- dialects' migration names the same.
SELECT 1;
