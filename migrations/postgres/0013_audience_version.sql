-- A token that changes whenever anything changes that decides who hears about a channel and
-- when: members (role, status, schedule, delivery preferences), channels (privacy), channel
-- membership, time off and holidays. The app remembers recipients' profiles between writes
-- and trusts them only while the token it read them under is still the token in the
-- database (crates/app/src/notifications/recipients.rs).
--
-- The token is random rather than counted: a change that is rolled back returns the token to
-- its old value, and a counter would then hand the same number to the next, different change.
-- Statement-level triggers: one update of the token per statement, whatever it touched.
CREATE TABLE audience_version (
    id      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    version BIGINT NOT NULL
);

CREATE FUNCTION audience_version_token() RETURNS BIGINT LANGUAGE sql VOLATILE AS
$$ SELECT floor((random() * 2 - 1) * 9.2e18)::BIGINT $$;

INSERT INTO audience_version (id, version) VALUES (TRUE, audience_version_token());

CREATE FUNCTION audience_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audience_version SET version = audience_version_token();
    RETURN NULL;
END
$$;

CREATE TRIGGER members_audience AFTER INSERT OR UPDATE OR DELETE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION audience_changed();
CREATE TRIGGER channels_audience AFTER INSERT OR UPDATE OR DELETE ON channels
    FOR EACH STATEMENT EXECUTE FUNCTION audience_changed();
CREATE TRIGGER channel_members_audience AFTER INSERT OR UPDATE OR DELETE ON channel_members
    FOR EACH STATEMENT EXECUTE FUNCTION audience_changed();
CREATE TRIGGER time_off_audience AFTER INSERT OR UPDATE OR DELETE ON time_off
    FOR EACH STATEMENT EXECUTE FUNCTION audience_changed();
CREATE TRIGGER holidays_audience AFTER INSERT OR UPDATE OR DELETE ON holidays
    FOR EACH STATEMENT EXECUTE FUNCTION audience_changed();
