-- On PostgreSQL, 0014 keys thread_followers by thread (as SQLite's 0012 already does) and drops
-- foreign keys whose row locks concurrent replies shared. SQLite has one writer and no row
-- locks, and dropping its keys measured no difference (docs/benchmarks.md); this migration only
-- keeps the two dialects' migration names the same.
SELECT 1;
