-- On PostgreSQL, 0009 drops foreign keys whose checks made concurrent writers share row locks on
-- the same parent rows. SQLite has one writer and no row locks, so its keys stay; this migration
-- only keeps the two dialects' migration names the same.
SELECT 1;
