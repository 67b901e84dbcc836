-- Scheduled messages and email: messages written now and posted later, the secrets behind the
-- unsubscribe links of digest mail, and which digests were emailed. (sqlite dialect; the twin in
-- migrations/postgres has the same name and shape.)

-- A thread or reply to post at send_at, as its author, through the normal posting use case.
-- Exactly one of channel_id (a new thread) and thread_id (a reply) is set.
CREATE TABLE scheduled_messages (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    author_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    channel_id      TEXT REFERENCES channels(id) ON DELETE CASCADE,
    thread_id       TEXT REFERENCES threads(id) ON DELETE CASCADE,
    -- Only for a new thread.
    title           TEXT,
    body            TEXT NOT NULL,
    -- The ask as the author wrote it (JSON: kind, to, urgency, due_at); planned again at send
    -- time so due times are computed from the moment it is posted.
    request         TEXT,
    send_at         INTEGER NOT NULL,
    -- pending until the publish job runs; then sent, or failed with the reason (e.g. the author
    -- lost access to the channel). cancelled by the author.
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'cancelled', 'failed')),
    failure         TEXT,
    sent_thread_id  TEXT,
    sent_message_id TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((channel_id IS NULL) <> (thread_id IS NULL))
);
-- "My scheduled messages", soonest first.
CREATE INDEX scheduled_messages_author ON scheduled_messages (author_id, send_at, id);

-- Secrets of unsubscribe links; only a SHA-256 of each is stored, like API tokens. One per mail
-- sent, so any link a member received works without a login and names only them.
CREATE TABLE unsubscribe_tokens (
    token_hash  TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX unsubscribe_tokens_member ON unsubscribe_tokens (member_id);

-- One row per digest whose email was attempted: claimed before the SMTP conversation, marked
-- sent after it, so a re-run of the job never mails the same digest twice. Not a foreign key:
-- the digests table belongs to the delivery side and this table must not constrain it.
CREATE TABLE digest_emails (
    digest_id   TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    claimed_at  INTEGER NOT NULL,
    emailed_at  INTEGER
);
