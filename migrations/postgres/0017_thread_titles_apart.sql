-- A thread's title vector moves to a table of its own. Every reply updates its thread's row
-- (activity, last author, count), and an update that changes an indexed column (the activity)
-- writes a new entry into every index of the table: with the title's GIN index on `threads`,
-- each reply added the title's lexemes to that index again. `thread_titles` is written only
-- when a thread is created or its title (or channel) changes; search reads it
-- (crates/store/src/records/search.rs).
CREATE TABLE thread_titles (
    thread_id  TEXT PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
    -- Copies of the thread's, so a search filters by channel and orders by age without it.
    channel_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    title_tsv  tsvector NOT NULL
);
INSERT INTO thread_titles (thread_id, channel_id, created_at, title_tsv)
    SELECT id, channel_id, created_at, to_tsvector('english', title) FROM threads;
CREATE INDEX thread_titles_tsv ON thread_titles USING GIN (title_tsv);

DROP TRIGGER threads_title_tsv ON threads;
DROP FUNCTION threads_title_tsv();
ALTER TABLE threads DROP COLUMN title_tsv;

CREATE FUNCTION threads_title_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO thread_titles (thread_id, channel_id, created_at, title_tsv)
        VALUES (NEW.id, NEW.channel_id, NEW.created_at, to_tsvector('english', NEW.title))
        ON CONFLICT (thread_id) DO UPDATE SET channel_id = excluded.channel_id,
            created_at = excluded.created_at, title_tsv = excluded.title_tsv;
    RETURN NULL;
END
$$;
CREATE TRIGGER threads_title_entry AFTER INSERT OR UPDATE OF title, channel_id ON threads
    FOR EACH ROW EXECUTE FUNCTION threads_title_entry();
