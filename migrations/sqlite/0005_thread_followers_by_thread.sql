-- Followers by thread. The primary key (member_id, thread_id) serves "which threads does this
-- member follow" (the inbox); posting asks the other way round, "who follows this thread", to
-- notify them, and without this index that is a scan of every follower row of the server:
-- measured by `sundial bench post` at 1,000,000 messages (~200,000 follower rows) on SQLite,
-- 70 replies/s without it and 200-270 with it (docs/benchmarks.md).
CREATE INDEX thread_followers_by_thread ON thread_followers (thread_id, member_id);
