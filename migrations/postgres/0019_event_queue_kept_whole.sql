-- `event_queue` empties and refills all the time (the sequencer moves its rows into `events`
-- within milliseconds). Autovacuum, finding its tail pages empty, truncated the table, which
-- takes an exclusive lock that every writer staging an event queued behind: it was seen
-- cancelled for blocking them ("canceling autovacuum task … while truncating relation
-- event_queue"). The sequencer's own vacuum already keeps the pages (`TRUNCATE false`).
ALTER TABLE event_queue SET (vacuum_truncate = false);
