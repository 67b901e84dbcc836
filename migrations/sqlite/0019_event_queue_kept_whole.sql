-- On PostgreSQL, 0019 stops vacuum from truncating `event_queue`, whose exclusive lock held up
-- every writer. SQLite's writer numbers events directly and never fills that table (0007);
-- this migration only keeps the two dialects' migration names the same.
SELECT 1;
