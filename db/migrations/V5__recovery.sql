-- Recovery runs: a whole-host recovery after the loss of the disk (files back to their own
-- paths), or a drill into another directory. Each file's state is kept, so that a run that is
-- stopped carries on where it was and never fetches a finished file again.

CREATE TABLE recovery_run (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('host', 'drill')),
    destination TEXT,
    phase       TEXT        NOT NULL CHECK (phase IN ('rebuilding', 'restoring', 'done')),
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);

CREATE TABLE recovery_file (
    run_id        BIGINT      NOT NULL REFERENCES recovery_run (id) ON DELETE CASCADE,
    file_entry_id BIGINT      NOT NULL REFERENCES file_entry (id) ON DELETE CASCADE,
    state         TEXT        NOT NULL
        CHECK (state IN ('pending', 'done', 'waiting', 'conflict', 'failed')),
    size          BIGINT      NOT NULL,
    detail        TEXT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, file_entry_id)
);

CREATE INDEX recovery_file_state ON recovery_file (run_id, state);
