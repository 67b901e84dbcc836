-- Foreign keys that every reply checked against the same few parent rows. A key check takes
-- FOR KEY SHARE on the parent row, and concurrent writers sharing one row turn its lock into a
-- multixact that each further writer copies and grows: the one workspace row (every message and
-- every notification) and the members a busy thread notifies over and over. As for event_queue
-- (0007), the writers check the parents themselves: a message and its notifications are written
-- by the use case that has just read the thread, its channel and the recipients in the same
-- transaction. Sundial never deletes a workspace or a member, so the cascades these keys carried
-- had nothing to do.
ALTER TABLE messages DROP CONSTRAINT messages_workspace_id_fkey;
ALTER TABLE notifications DROP CONSTRAINT notifications_workspace_id_fkey;
ALTER TABLE notifications DROP CONSTRAINT notifications_member_id_fkey;
