-- A token that changes whenever anything changes that decides who hears about a channel and
-- when: members (role, status, schedule, delivery preferences), channels (privacy), channel
-- membership, time off and holidays. The app remembers recipients' profiles between writes
-- and trusts them only while the token it read them under is still the token in the
-- database (crates/app/src/notifications/recipients.rs).
--
-- The token is random rather than counted: a change that is rolled back returns the token to
-- its old value, and a counter would then hand the same number to the next, different change.
CREATE TABLE audience_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO audience_version (id, version) VALUES (1, random());

CREATE TRIGGER members_insert_audience AFTER INSERT ON members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER members_update_audience AFTER UPDATE ON members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER members_delete_audience AFTER DELETE ON members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channels_insert_audience AFTER INSERT ON channels BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channels_update_audience AFTER UPDATE ON channels BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channels_delete_audience AFTER DELETE ON channels BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channel_members_insert_audience AFTER INSERT ON channel_members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channel_members_update_audience AFTER UPDATE ON channel_members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER channel_members_delete_audience AFTER DELETE ON channel_members BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER time_off_insert_audience AFTER INSERT ON time_off BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER time_off_update_audience AFTER UPDATE ON time_off BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER time_off_delete_audience AFTER DELETE ON time_off BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER holidays_insert_audience AFTER INSERT ON holidays BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER holidays_update_audience AFTER UPDATE ON holidays BEGIN
    UPDATE audience_version SET version = random();
END;
CREATE TRIGGER holidays_delete_audience AFTER DELETE ON holidays BEGIN
    UPDATE audience_version SET version = random();
END;
