-- What every reply paid PostgreSQL for keys it never needed (measured with pg_stat_statements
-- under the post_message bench: docs/benchmarks.md).
--
-- A thread's followers are keyed by thread first, as on SQLite since 0012: the primary key
-- (thread_id, member_id) serves "who follows this thread" by itself, so the by-thread index of
-- 0005 goes, and each reply's update of its followers' activity copies maintains two indexes
-- per row instead of three. Upserts naming (member_id, thread_id) still find the key: a
-- conflict target is a set of columns.
ALTER TABLE thread_followers DROP CONSTRAINT thread_followers_pkey;
ALTER TABLE thread_followers ADD PRIMARY KEY (thread_id, member_id);
DROP INDEX thread_followers_by_thread;

-- Foreign keys from the rows a reply writes to parents it has just read: each key check takes
-- FOR KEY SHARE on the parent row, and concurrent replies to one thread (or by one author)
-- shared those locks, turning them into multixacts, as 0009 found for the workspace row.
-- Sundial never deletes a thread or a member, so the cascades had nothing to do; the use case
-- that writes a message or a notification has read its thread and author in the same
-- transaction.
ALTER TABLE notifications DROP CONSTRAINT notifications_thread_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_author_id_fkey;

-- The thread's last author is a copy written by every reply; its key check locked the member
-- row the same way.
ALTER TABLE threads DROP CONSTRAINT threads_last_author_id_fkey;

-- A thread's title vector is computed when the title is written, not on every update of the
-- row: PostgreSQL recomputes a stored generated column whenever its row changes, and every
-- reply changes its thread's row (activity, last author, count). The column keeps its values;
-- a trigger now fills it on insert and on a change of title.
ALTER TABLE threads ALTER COLUMN title_tsv DROP EXPRESSION;
CREATE FUNCTION threads_title_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.title_tsv := to_tsvector('english', NEW.title);
    RETURN NEW;
END
$$;
CREATE TRIGGER threads_title_tsv BEFORE INSERT OR UPDATE OF title ON threads
    FOR EACH ROW EXECUTE FUNCTION threads_title_tsv();
