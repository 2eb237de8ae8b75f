-- ContinualCluster schema for PostgreSQL, version 1: grain state, membership, grain directory, request log.

CREATE TABLE grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    etag        text        NOT NULL,
    data        bytea       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key)
);
-- Grain state is read and replaced whole; do not try to compress already-serialized payloads.
ALTER TABLE grain_state ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE membership (
    silo_id        text        NOT NULL,
    generation     bigint      NOT NULL,
    endpoint       text        NOT NULL,
    labels         jsonb       NOT NULL,
    status         smallint    NOT NULL CHECK (status BETWEEN 0 AND 3), -- 0 Joining, 1 Active, 2 ShuttingDown, 3 Dead (final)
    started_at     timestamptz NOT NULL,
    last_heartbeat timestamptz NOT NULL,
    PRIMARY KEY (silo_id, generation)
);

CREATE TABLE grain_directory (
    grain_type    text        NOT NULL,
    grain_key     text        NOT NULL,
    silo_id       text        NOT NULL,
    generation    bigint      NOT NULL,
    endpoint      text        NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key)
);
CREATE INDEX grain_directory_by_silo ON grain_directory (silo_id, generation);

CREATE TABLE request_log (
    log         text        NOT NULL,
    seq         bigint      NOT NULL,
    request_id  text        NOT NULL,
    kind        text        NOT NULL,
    payload     bytea       NOT NULL,
    appended_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (log, seq),
    UNIQUE (log, request_id)
);

-- The request log is append-only: rows are never changed or removed by the application.
CREATE FUNCTION cc_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER request_log_append_only BEFORE UPDATE OR DELETE ON request_log
    FOR EACH ROW EXECUTE FUNCTION cc_reject_change();
