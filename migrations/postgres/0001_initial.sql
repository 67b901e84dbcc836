-- Sundial's initial schema, PostgreSQL dialect. The SQLite twin has the same name and shape.
-- Conventions: ids are opaque TEXT; instants are BIGINT milliseconds since the Unix epoch (UTC);
-- local dates are TEXT 'YYYY-MM-DD' (they sort and compare correctly as text); structured values
-- the domain validates (weekly hours, norm overrides, event payloads) are JSON TEXT.

CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    -- Partial override of the built-in default norms (JSON; '{}' = the defaults of DESIGN.md §3).
    norms       TEXT NOT NULL DEFAULT '{}',
    -- Last event sequence number handed out. Bumped by UPDATE .. RETURNING inside the writing
    -- transaction, so sequence order is commit order and a live reader never skips an event.
    event_seq   BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
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
    status_until  BIGINT,
    -- Delivery preferences (DESIGN.md §4): batched digests at local check times, or immediate.
    delivery_mode TEXT NOT NULL DEFAULT 'batched' CHECK (delivery_mode IN ('batched', 'immediate')),
    -- JSON list of local "HH:MM" check times, earliest first.
    check_times   TEXT NOT NULL DEFAULT '["09:30","13:00","16:30"]',
    email_notifications BOOLEAN NOT NULL DEFAULT TRUE,
    urgent_off_hours    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    UNIQUE (workspace_id, handle)
);
CREATE INDEX members_workspace ON members (workspace_id);

-- Password hashes live apart from profiles so a profile query can never leak one.
CREATE TABLE credentials (
    member_id     TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- API tokens and web sessions; only a hash of the secret is stored.
CREATE TABLE tokens (
    token_hash  TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('api', 'session')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
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
    created_at   BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE channel_members (
    channel_id  TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    added_at    BIGINT NOT NULL,
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
    resolved_at       BIGINT,
    resolved_by       TEXT REFERENCES members(id),
    created_at        BIGINT NOT NULL,
    -- Denormalised from the newest message so lists and "unread" need no aggregate.
    last_activity_at  BIGINT NOT NULL,
    last_author_id    TEXT NOT NULL REFERENCES members(id),
    message_count     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX threads_channel_activity ON threads (channel_id, last_activity_at DESC);

CREATE TABLE messages (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    thread_id    TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id    TEXT NOT NULL REFERENCES members(id),
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    edited_at    BIGINT
);
CREATE INDEX messages_thread ON messages (thread_id, created_at);

-- Every earlier version of an edited message, so edits stay readable.
CREATE TABLE message_edits (
    message_id    TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    edited_at     BIGINT NOT NULL,
    previous_body TEXT NOT NULL
);
CREATE INDEX message_edits_message ON message_edits (message_id, edited_at);

CREATE TABLE reactions (
    message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    emoji       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
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
    explicit_due_at BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX requests_thread ON requests (thread_id);
CREATE INDEX requests_requester ON requests (requester_id);

-- One recipient's side of a request. due_at is computed once, on the recipient's schedule.
CREATE TABLE obligations (
    request_id      TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'acknowledged', 'done', 'declined', 'waived')),
    due_at          BIGINT NOT NULL,
    original_due_at BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (request_id, member_id)
);
-- The inbox's "needs me": open obligations of one member by due time.
CREATE INDEX obligations_open_by_member ON obligations (member_id, due_at)
    WHERE status IN ('pending', 'acknowledged');

-- Threads a member follows (author, repliers, recipients of asks); "unread" looks only here.
CREATE TABLE thread_followers (
    thread_id   TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    since       BIGINT NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

CREATE TABLE read_markers (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    thread_id   TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    read_at     BIGINT NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

-- The append-only event log. seq is per workspace and gap-free in commit order.
CREATE TABLE events (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    -- Visibility: an event about a channel is seen by those who see the channel; one with a
    -- member_id only by that member; one with neither by the whole workspace.
    channel_id   TEXT,
    member_id    TEXT,
    actor_id     TEXT,
    payload      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);

-- Durable background work: claimed with a lease, retried with backoff, finished exactly once.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 10,
    lease_until  BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE finished_at IS NULL;

-- Idempotency-Key results: a retried create returns the first result (stored as JSON).
CREATE TABLE idempotency_keys (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (member_id, key)
);

-- Full-text search: generated tsvector columns with GIN indexes, so the index entry commits
-- with the row. The 'english' configuration stems words, as FTS5's porter tokenizer does.
ALTER TABLE threads ADD COLUMN title_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title)) STORED;
CREATE INDEX threads_title_tsv ON threads USING GIN (title_tsv);
ALTER TABLE messages ADD COLUMN body_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
CREATE INDEX messages_body_tsv ON messages USING GIN (body_tsv);
