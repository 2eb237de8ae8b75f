-- ContinualCluster schema for SQLite, version 1: grain state, membership, grain directory, request log.
-- Times are INTEGER microseconds since the Unix epoch (UTC) so that comparisons are exact.

CREATE TABLE grain_state (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    etag        TEXT    NOT NULL,
    data        BLOB    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

CREATE TABLE membership (
    silo_id        TEXT    NOT NULL,
    generation     INTEGER NOT NULL,
    endpoint       TEXT    NOT NULL,
    labels         TEXT    NOT NULL,           -- JSON object of string → string
    status         INTEGER NOT NULL,           -- 0 Joining, 1 Active, 2 ShuttingDown, 3 Dead (final)
    started_at     INTEGER NOT NULL,
    last_heartbeat INTEGER NOT NULL,
    PRIMARY KEY (silo_id, generation),
    CHECK (status BETWEEN 0 AND 3)
);

CREATE TABLE grain_directory (
    grain_type    TEXT    NOT NULL,
    grain_key     TEXT    NOT NULL,
    silo_id       TEXT    NOT NULL,
    generation    INTEGER NOT NULL,
    endpoint      TEXT    NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);
CREATE INDEX grain_directory_by_silo ON grain_directory (silo_id, generation);

CREATE TABLE request_log (
    log         TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    request_id  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    appended_at INTEGER NOT NULL,
    PRIMARY KEY (log, seq),
    UNIQUE (log, request_id)
);

-- The request log is append-only: rows are never changed or removed by the application.
CREATE TRIGGER request_log_no_update BEFORE UPDATE ON request_log
BEGIN SELECT RAISE(ABORT, 'request_log is append-only'); END;
CREATE TRIGGER request_log_no_delete BEFORE DELETE ON request_log
BEGIN SELECT RAISE(ABORT, 'request_log is append-only'); END;
