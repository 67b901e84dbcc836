-- An event takes its number in the statement that inserts it (`event_seq + 1`, read from the
-- workspace row), and this trigger moves the workspace's counter along in the same statement:
-- one round trip to SQLite per event instead of two. Only the single writer inserts events, so
-- no other insert can read the counter in between.
CREATE TRIGGER events_advance_workspace_seq AFTER INSERT ON events
BEGIN
    UPDATE workspaces SET event_seq = NEW.seq WHERE id = NEW.workspace_id;
END;
