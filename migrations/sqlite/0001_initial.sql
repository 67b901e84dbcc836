-- Sundial's initial schema, SQLite dialect. The PostgreSQL twin has the same name and shape.
-- Conventions: ids are opaque TEXT; instants are INTEGER milliseconds since the Unix epoch (UTC);
-- local dates are TEXT 'YYYY-MM-DD' (they sort and compare correctly as text); structured values
-- the domain validates (weekly hours, norm overrides, event payloads) are JSON TEXT.

CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    -- Partial override of the built-in default norms (JSON; '{}' = the defaults of DESIGN.md §3).
    norms       TEXT NOT NULL DEFAULT '{}',
    -- Last event sequence number handed out. Bumped by UPDATE .. RETURNING inside the writing
    -- transaction, so sequence order is commit order and a live reader never skips an event.
    event_seq   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

-- Workspace holidays: local dates, applied in each member's own time zone.
CREATE TABLE holidays (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, date)
);

CREATE TABLE members (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- Unique across the server: login is by email alone.
    email         TEXT NOT NULL UNIQUE,
    handle        TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'guest')),
    time_zone     TEXT NOT NULL,
    -- WeeklyHours as JSON: {"mon": [["09:00","17:00"]], ...}
    working_hours TEXT NOT NULL,
    status_mode   TEXT NOT NULL DEFAULT 'available' CHECK (status_mode IN ('available', 'focus', 'away')),
    status_text   TEXT,
    status_emoji  TEXT,
    status_until  INTEGER,
    -- Delivery preferences (DESIGN.md §4): batched digests at local check times, or immediate.
    delivery_mode TEXT NOT NULL DEFAULT 'batched' CHECK (delivery_mode IN ('batched', 'immediate')),
    -- JSON list of local "HH:MM" check times, earliest first.
    check_times   TEXT NOT NULL DEFAULT '["09:30","13:00","16:30"]',
    email_notifications BOOLEAN NOT NULL DEFAULT TRUE,
    urgent_off_hours    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    INTEGER NOT NULL,
    UNIQUE (workspace_id, handle)
);
CREATE INDEX members_workspace ON members (workspace_id);

-- Password hashes live apart from profiles so a profile query can never leak one.
CREATE TABLE credentials (
    member_id     TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- API tokens and web sessions; only a hash of the secret is stored.
CREATE TABLE tokens (
    token_hash  TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('api', 'session')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX tokens_member ON tokens (member_id);

-- Time off: inclusive ranges of local dates in the member's zone.
CREATE TABLE time_off (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);
CREATE INDEX time_off_member ON time_off (member_id, end_date);

CREATE TABLE channels (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT '',
    private      BOOLEAN NOT NULL DEFAULT FALSE,
    -- Partial override of the workspace norms (JSON).
    norms        TEXT NOT NULL DEFAULT '{}',
    created_by   TEXT NOT NULL REFERENCES members(id),
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE channel_members (
    channel_id  TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (channel_id, member_id)
);
-- "Which channels is this member in?" runs on every permission check.
CREATE INDEX channel_members_member ON channel_members (member_id, channel_id);

CREATE TABLE threads (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    channel_id        TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    author_id         TEXT NOT NULL REFERENCES members(id),
    resolved_at       INTEGER,
    resolved_by       TEXT REFERENCES members(id),
    created_at        INTEGER NOT NULL,
    -- Denormalised from the newest message so lists and "unread" need no aggregate.
    last_activity_at  INTEGER NOT NULL,
    last_author_id    TEXT NOT NULL REFERENCES members(id),
    message_count     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX threads_channel_activity ON threads (channel_id, last_activity_at DESC);

CREATE TABLE messages (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    thread_id    TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id    TEXT NOT NULL REFERENCES members(id),
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER
);
CREATE INDEX messages_thread ON messages (thread_id, created_at);

-- Every earlier version of an edited message, so edits stay readable.
CREATE TABLE message_edits (
    message_id    TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    edited_at     INTEGER NOT NULL,
    previous_body TEXT NOT NULL
);
CREATE INDEX message_edits_message ON message_edits (message_id, edited_at);

CREATE TABLE reactions (
    message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    emoji       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (message_id, member_id, emoji)
);

CREATE TABLE requests (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    message_id     TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    thread_id      TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    requester_id   TEXT NOT NULL REFERENCES members(id),
    kind           TEXT NOT NULL CHECK (kind IN ('ack', 'reply', 'review', 'decision')),
    urgency        TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high', 'urgent')),
    -- The requester's explicit due time, if any; it wins over the norms.
    explicit_due_at INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX requests_thread ON requests (thread_id);
CREATE INDEX requests_requester ON requests (requester_id);

-- One recipient's side of a request. due_at is computed once, on the recipient's schedule.
CREATE TABLE obligations (
    request_id      TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'acknowledged', 'done', 'declined', 'waived')),
    due_at          INTEGER NOT NULL,
    original_due_at INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (request_id, member_id)
);
-- The inbox's "needs me": open obligations of one member by due time.
CREATE INDEX obligations_open_by_member ON obligations (member_id, due_at)
    WHERE status IN ('pending', 'acknowledged');

-- Threads a member follows (author, repliers, recipients of asks); "unread" looks only here.
CREATE TABLE thread_followers (
    thread_id   TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    since       INTEGER NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

CREATE TABLE read_markers (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    thread_id   TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    read_at     INTEGER NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

-- The append-only event log. seq is per workspace and gap-free in commit order.
CREATE TABLE events (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    -- Visibility: an event about a channel is seen by those who see the channel; one with a
    -- member_id only by that member; one with neither by the whole workspace.
    channel_id   TEXT,
    member_id    TEXT,
    actor_id     TEXT,
    payload      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);

-- Durable background work: claimed with a lease, retried with backoff, finished exactly once.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    run_at       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10,
    lease_until  INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE finished_at IS NULL;

-- Idempotency-Key results: a retried create returns the first result (stored as JSON).
CREATE TABLE idempotency_keys (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (member_id, key)
);

-- Full-text search. External-content FTS5 tables over threads.title and messages.body, kept in
-- step by triggers so the index entry commits with the row (no separate indexing job to lose).
CREATE VIRTUAL TABLE threads_fts USING fts5 (
    title, content = 'threads', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'rowid', tokenize = 'porter unicode61'
);

CREATE TRIGGER threads_fts_insert AFTER INSERT ON threads BEGIN
    INSERT INTO threads_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER threads_fts_update AFTER UPDATE OF title ON threads BEGIN
    INSERT INTO threads_fts (threads_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
    INSERT INTO threads_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER threads_fts_delete AFTER DELETE ON threads BEGIN
    INSERT INTO threads_fts (threads_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
