-- An event's number is now one past its workspace's newest event, read in the insert from the
-- events' primary key (workspace_id, seq): a single step down one index. The counter on the
-- workspace row and the trigger of 0008 that advanced it cost a second row write per event,
-- a fifth of the insert. The single writer still numbers in commit order, so the log stays
-- gap-free. workspaces.event_seq is left in place, unused on SQLite.
DROP TRIGGER events_advance_workspace_seq;
