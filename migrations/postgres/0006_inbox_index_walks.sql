-- The inbox as index walks (issues #2 and #3), PostgreSQL dialect. The SQLite twin has the same
-- name and shape. Before this, "unread" read every thread a member ever followed and sorted them
-- by activity, and "waiting on" read every request a member ever made: both grew with history
-- (docs/benchmarks.md, "The inbox").

-- "Unread" orders a member's followed threads by activity. The thread's activity is copied onto
-- each follower row (kept current by the store's `threads::touch` and copied by
-- `threads::follow`), so an index on (member, activity) lists them newest first and the query
-- stops at the page size. No REFERENCES on last_author_id: it is a copy of threads.last_author_id,
-- which is checked there. No defaults either: a writer that forgets the columns fails here.
ALTER TABLE thread_followers ADD COLUMN last_activity_at BIGINT;
ALTER TABLE thread_followers ADD COLUMN last_author_id TEXT;
UPDATE thread_followers f SET last_activity_at = t.last_activity_at, last_author_id = t.last_author_id
    FROM threads t WHERE t.id = f.thread_id;
ALTER TABLE thread_followers ALTER COLUMN last_activity_at SET NOT NULL;
ALTER TABLE thread_followers ALTER COLUMN last_author_id SET NOT NULL;
-- thread_id last: the tie-break of the inbox's keyset cursor.
CREATE INDEX thread_followers_by_activity
    ON thread_followers (member_id, last_activity_at DESC, thread_id);

-- "Waiting on" lists the open obligations on asks a member made. The requester is copied from
-- the request (it never changes), so open obligations can be walked by requester and due time.
ALTER TABLE obligations ADD COLUMN requester_id TEXT;
UPDATE obligations o SET requester_id = r.requester_id FROM requests r WHERE r.id = o.request_id;
ALTER TABLE obligations ALTER COLUMN requester_id SET NOT NULL;
CREATE INDEX obligations_open_by_requester ON obligations (requester_id, due_at, request_id, member_id)
    WHERE status IN ('pending', 'acknowledged');

-- "Needs me" breaks ties of due time by request id, for a stable cursor; with request_id in the
-- index the walk needs no sort. It replaces the narrower index of 0001, which it covers.
DROP INDEX obligations_open_by_member;
CREATE INDEX obligations_open_by_member ON obligations (member_id, due_at, request_id)
    WHERE status IN ('pending', 'acknowledged');
