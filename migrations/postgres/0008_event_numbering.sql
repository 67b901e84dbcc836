-- On SQLite, 0008 lets an event insert advance its workspace's counter by trigger. PostgreSQL
-- numbers events in the store's sequencer instead (see 0007), so only the note is added here.
COMMENT ON TABLE events IS
    'Numbered per workspace, gap-free: on PostgreSQL by the store''s sequencer from event_queue.';
