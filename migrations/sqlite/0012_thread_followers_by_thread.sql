-- A thread's followers stored together. Every reply updates its followers' copies of the
-- thread's activity (0006); in a table ordered by rowid, a thread's follower rows lie wherever
-- each member first followed it, so one reply dirtied a page per follower and every commit
-- wrote those pages to the log. Stored WITHOUT ROWID, ordered by (thread_id, member_id), a
-- thread's followers share a page. The key is unique either way round, so upserts naming
-- (member_id, thread_id) still find it, and the by-thread index of 0005 is the table itself.
CREATE TABLE thread_followers_0012 (
    thread_id        TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    member_id        TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    since            INTEGER NOT NULL,
    muted            BOOLEAN NOT NULL DEFAULT FALSE,
    last_activity_at INTEGER NOT NULL,
    last_author_id   TEXT NOT NULL,
    PRIMARY KEY (thread_id, member_id)
) WITHOUT ROWID;
INSERT INTO thread_followers_0012
    (thread_id, member_id, since, muted, last_activity_at, last_author_id)
    SELECT thread_id, member_id, since, muted, last_activity_at, last_author_id
    FROM thread_followers;
DROP TABLE thread_followers;
ALTER TABLE thread_followers_0012 RENAME TO thread_followers;
-- "Unread" walks a member's followed threads newest first (0006).
CREATE INDEX thread_followers_by_activity
    ON thread_followers (member_id, last_activity_at DESC, thread_id);
