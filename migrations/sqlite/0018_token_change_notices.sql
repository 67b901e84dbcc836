-- On PostgreSQL, 0018 adds the triggers that tell every node when a token or a member's role
-- changes, so the nodes' token caches forget them. On SQLite nothing is cached (a token's look-up
-- is in process and costs no round trip); this migration only keeps the two dialects' migration
-- names the same.
SELECT 1;
