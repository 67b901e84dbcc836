-- On SQLite, 0011 moves full-text indexing from per-statement triggers to the moment the
-- writer commits. PostgreSQL's search vectors are generated columns under a GIN index and need
-- no such step; this migration only keeps the two dialects' migration names the same.
SELECT 1;
