-- ContinualCluster schema for SQLite, version 2: the hash-chained, append-only audit log.
-- hash = SHA-256(prev_hash || canonical entry bytes); prev_hash of the first entry of a log is 32 zero bytes.

CREATE TABLE audit_log (
    log       TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,              -- microseconds since the Unix epoch (UTC)
    action    TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    details   TEXT    NOT NULL,
    prev_hash BLOB    NOT NULL,
    hash      BLOB    NOT NULL,
    PRIMARY KEY (log, seq)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
