-- Notifications, digests and muted threads (issue #5), SQLite dialect. The PostgreSQL twin has
-- the same name and shape.

-- A muted follower stays a follower (so posting again does not silently re-follow them with
-- notifications on) but is told nothing about replies. Unfollowing deletes the row instead.
ALTER TABLE thread_followers ADD COLUMN muted BOOLEAN NOT NULL DEFAULT FALSE;

-- Something a member should learn, created in the same transaction as its cause and held
-- until deliver_at (DESIGN.md §4). deliver_at is NULL while an open-ended focus or away status
-- holds it; it is computed again when the member's status or preferences change.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('ask', 'reply', 'mention', 'coming_due',
                                               'overdue', 'ask_answered', 'ask_overdue')),
    thread_id    TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    channel_id   TEXT NOT NULL,
    message_id   TEXT,
    request_id   TEXT,
    -- Who caused it (the author, the recipient who answered); NULL for timers.
    actor_id     TEXT,
    -- Urgent asks may break through focus; everything else waits for a check time.
    urgent       BOOLEAN NOT NULL DEFAULT FALSE,
    -- What held it at creation: 'focus', 'away', 'time_off' or NULL; "while you were away".
    held_by      TEXT,
    -- Kind-specific details as JSON (an answered ask's action, an obligation's due time).
    detail       TEXT NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    deliver_at   INTEGER,
    delivered_at INTEGER,
    -- The digest it was delivered in. No foreign key: the delivery writes the notifications
    -- first and creates the digest only when it found something to deliver.
    digest_id    TEXT,
    read_at      INTEGER
);
-- The delivery job's scan: a member's held notifications due at an instant.
CREATE INDEX notifications_pending ON notifications (member_id, deliver_at)
    WHERE delivered_at IS NULL;
-- A member's delivered notifications, newest first, and the unread count.
CREATE INDEX notifications_delivered ON notifications (member_id, delivered_at, id)
    WHERE delivered_at IS NOT NULL;
CREATE INDEX notifications_digest ON notifications (digest_id) WHERE digest_id IS NOT NULL;

-- One delivery to one member: every notification due at the same instant, together.
CREATE TABLE digests (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    delivered_at INTEGER NOT NULL,
    -- The first delivery after time off or an away status.
    while_away   BOOLEAN NOT NULL DEFAULT FALSE,
    item_count   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX digests_member ON digests (member_id, delivered_at, id);
