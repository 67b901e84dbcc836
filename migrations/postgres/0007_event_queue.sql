-- Events staged by PostgreSQL writers, not yet numbered. A writer inserts here (no lock, one
-- statement) instead of bumping workspaces.event_seq, whose row lock, held until commit with its
-- WAL flush, serialised every writer of a workspace. The store's sequencer moves staged rows into
-- `events` in batches, numbering them under the workspace row lock, so readers still only ever
-- see a gap-free log in commit order (crates/store/src/sequencer.rs).
--
-- No foreign key to workspaces, on purpose: the key check takes FOR KEY SHARE on the one
-- workspace row, and concurrent writers sharing it create multixacts (measured as the hottest
-- server function under load). The writer checks the workspace exists as it stages.
CREATE TABLE event_queue (
    -- Staging order: the sequencer numbers a workspace's staged events in this order.
    id           BIGSERIAL PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    channel_id   TEXT,
    member_id    TEXT,
    actor_id     TEXT,
    payload      TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
