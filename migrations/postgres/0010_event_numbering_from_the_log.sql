-- On SQLite, 0010 stops keeping a per-workspace event counter and numbers each event from the
-- log itself. PostgreSQL numbers events in its sequencer (0007), which keeps the counter; this
-- migration only keeps the two dialects' migration names the same.
SELECT 1;
