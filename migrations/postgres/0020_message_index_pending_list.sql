-- New message bodies go to the full-text GIN index's pending list, which the inserting backend
-- merges into the index once it outgrows `gin_pending_list_limit` (4 MB by default). Replies
-- at a few thousand a second filled it every few seconds, and the merge held every other
-- insert into `messages` behind it: a stall of 60–90 ms for every writer, which set the
-- replies' p99. Merged at 256 kB, each merge is short: the slowest reply of a 20,000-reply run
-- at 64 clients went from 65–89 ms to 27–43 ms, and throughput rose by a tenth
-- (docs/benchmarks.md). Search sees pending entries either way.
ALTER INDEX messages_body_tsv SET (gin_pending_list_limit = 256);
