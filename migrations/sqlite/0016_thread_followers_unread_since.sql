-- "Unread" is kept per follower as the instant their thread became unread, instead of copies of
-- the thread's activity (0006). A copy moved every follower's entry in a member-keyed index at
-- every reply; `unread_since` changes only when a thread turns unread (a reply by someone else
-- while it was read) or read again (the member reads it or posts in it), so a busy thread's
-- replies write nothing to its followers' rows. The inbox lists unread threads by it, newest
-- first (crates/store/src/records/inbox.rs).
ALTER TABLE thread_followers ADD COLUMN unread_since INTEGER;
-- What was unread stays unread, ordered as it was (by its latest activity).
UPDATE thread_followers SET unread_since = last_activity_at
    WHERE last_author_id <> member_id
      AND last_activity_at > COALESCE((SELECT r.read_at FROM read_markers r
                                       WHERE r.member_id = thread_followers.member_id
                                         AND r.thread_id = thread_followers.thread_id), 0);
DROP INDEX thread_followers_by_activity;
ALTER TABLE thread_followers DROP COLUMN last_activity_at;
ALTER TABLE thread_followers DROP COLUMN last_author_id;
CREATE INDEX thread_followers_unread ON thread_followers (member_id, unread_since DESC, thread_id)
    WHERE unread_since IS NOT NULL;
