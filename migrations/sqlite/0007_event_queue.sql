-- The staging table PostgreSQL writers append events to (see migrations/postgres/0007). SQLite
-- never uses it: its single writer numbers events directly, and no other writer can interleave.
-- It exists so both dialects have the same tables.
CREATE TABLE event_queue (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    channel_id   TEXT,
    member_id    TEXT,
    actor_id     TEXT,
    payload      TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
