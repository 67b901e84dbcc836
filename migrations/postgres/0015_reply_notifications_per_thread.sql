-- A follower holds at most one undelivered reply notification per thread: it stands for every
-- reply until its delivery, which counts them (crates/app/src/notifications/posting.rs and
-- deliver.rs). Posting a reply asks this index which followers already hold one, so a busy
-- thread does not add a notification row per follower and reply.
CREATE INDEX notifications_pending_replies ON notifications (thread_id, member_id, deliver_at)
    WHERE kind = 'reply' AND delivered_at IS NULL;
