-- The FileDatabase: the fragments this peer holds for other peers. One row per fragment; the
-- fragment's bytes are a file under the data directory (fragments/<owner>/<file_id>/<version>/),
-- written, fsynced and renamed into place before its row is committed.

CREATE TABLE held_fragment (
    owner          TEXT        NOT NULL CHECK (owner ~ '^[0-9a-f]{32}$'),
    -- Byte order ("C"), so that the paging cursor's order does not depend on the server's locale.
    file_id        TEXT        COLLATE "C" NOT NULL
                               CHECK (file_id ~ '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$'),
    version        INTEGER     NOT NULL CHECK (version >= 1),
    fragment_index SMALLINT    NOT NULL CHECK (fragment_index >= 0 AND fragment_index < n),
    k              SMALLINT    NOT NULL CHECK (k >= 1 AND k <= n),
    n              SMALLINT    NOT NULL CHECK (n <= 256),
    file_size      BIGINT      NOT NULL CHECK (file_size >= 0),
    segment_size   INTEGER     NOT NULL CHECK (segment_size >= 1),
    length         BIGINT      NOT NULL CHECK (length >= 0),
    sha256         CHAR(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- The owner's metadata, base64, opaque to this peer.
    metadata       TEXT        NOT NULL DEFAULT '',
    stored_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, file_id, version, fragment_index)
);

-- Paging by owner needs no index of its own: a query page is
--   WHERE owner = ? AND (file_id, version, fragment_index) > cursor
--   ORDER BY file_id, version, fragment_index LIMIT ?
-- and the primary key's index leads with owner and has exactly that order, so every page is one
-- range scan of it, however deep (EXPLAIN: Index Only Scan using held_fragment_pkey).
