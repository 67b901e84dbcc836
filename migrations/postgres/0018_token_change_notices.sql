-- Each node keeps which member a recently presented token belongs to (store/src/token_cache.rs),
-- sparing a round trip on every request. It must forget that the moment a token is revoked or
-- deleted, or a member's role changes or the member is deleted, whichever node (or `sundial`
-- command) made the change: these triggers tell every node, at commit, on the channel
-- `sundial_tokens` that each node's cache listens on.
CREATE FUNCTION sundial_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sundial_tokens', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER tokens_changed AFTER UPDATE OR DELETE OR TRUNCATE ON tokens
    FOR EACH STATEMENT EXECUTE FUNCTION sundial_tokens_changed();

CREATE TRIGGER member_roles_changed AFTER UPDATE OF role ON members
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION sundial_tokens_changed();

CREATE TRIGGER members_deleted AFTER DELETE OR TRUNCATE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION sundial_tokens_changed();
