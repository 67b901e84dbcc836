-- On SQLite, 0012 stores a thread's followers together (WITHOUT ROWID, keyed by thread), so
-- a reply's update of their activity copies dirties one page instead of one per follower.
-- PostgreSQL's heap has no such ordering to choose; its index by thread (0005) already finds
-- them. This migration only keeps the two dialects' migration names the same.
SELECT 1;
