-- A follower holds at most one reply notification per thread waiting for its instant: it stands
-- for every reply until then, and its delivery counts them (crates/app/src/notifications/
-- reply_count.rs). Posting a reply asks this index which followers hold one
-- (crates/store/src/records/replies.rs), so a busy thread does not add a notification row per
-- follower and reply.
CREATE INDEX notifications_pending_replies ON notifications (thread_id, member_id, deliver_at)
    WHERE kind = 'reply' AND delivered_at IS NULL;
