-- The FileMap: what this peer has stored on others. One row per backed-up version of a path,
-- and for each of its n fragments the peer that holds it.

CREATE TABLE file_entry (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path        TEXT        NOT NULL,
    version     INTEGER     NOT NULL CHECK (version >= 1),
    k           SMALLINT    NOT NULL CHECK (k >= 1),
    n           SMALLINT    NOT NULL CHECK (n >= k AND n <= 256),
    size        BIGINT      NOT NULL CHECK (size >= 0),
    sha256      CHAR(64)    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT file_entry_path_version UNIQUE (path, version)
);

CREATE TABLE fragment_location (
    file_entry_id  BIGINT   NOT NULL REFERENCES file_entry (id) ON DELETE CASCADE,
    fragment_index SMALLINT NOT NULL CHECK (fragment_index >= 0 AND fragment_index < 256),
    peer_id        TEXT     NOT NULL,
    PRIMARY KEY (file_entry_id, fragment_index)
);

CREATE INDEX fragment_location_peer ON fragment_location (peer_id);
