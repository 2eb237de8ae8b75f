-- ContinualCluster schema for PostgreSQL, version 2: the hash-chained, append-only audit log.
-- hash = SHA-256(prev_hash || canonical entry bytes); prev_hash of the first entry of a log is 32 zero bytes.

CREATE TABLE audit_log (
    log       text        NOT NULL,
    seq       bigint      NOT NULL,
    at        timestamptz NOT NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    details   text        NOT NULL,
    prev_hash bytea       NOT NULL,
    hash      bytea       NOT NULL,
    PRIMARY KEY (log, seq)
);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION cc_reject_change();
