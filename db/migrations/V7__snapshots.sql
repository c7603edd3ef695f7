-- The snapshot object model (docs/design.md), owned by the snapshots component: the packs this
-- peer stored on others and their fragments, every blob (chunk or tree) and the pack it lies in,
-- the snapshots, and a cache of tree bytes. All of it can be rebuilt from the holders: the packs
-- carry their own index, and trees and snapshots are blobs.

CREATE TABLE pack (
    id           CHAR(32)    PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    k            SMALLINT    NOT NULL CHECK (k >= 1),
    n            SMALLINT    NOT NULL CHECK (n >= k AND n <= 256),
    size         BIGINT      NOT NULL CHECK (size >= 0),
    sha256       CHAR(64)    NOT NULL,
    segment_size INTEGER     NOT NULL CHECK (segment_size >= 1),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE pack_fragment (
    pack_id        CHAR(32) NOT NULL REFERENCES pack (id) ON DELETE CASCADE,
    fragment_index SMALLINT NOT NULL CHECK (fragment_index >= 0 AND fragment_index < 256),
    peer_id        TEXT     NOT NULL,
    length         BIGINT   NOT NULL CHECK (length >= 0),
    sha256         CHAR(64) NOT NULL,
    PRIMARY KEY (pack_id, fragment_index)
);

CREATE INDEX pack_fragment_peer ON pack_fragment (peer_id);

-- A blob is stored once per owner: its id is a keyed hash of its bytes.
CREATE TABLE blob (
    id      CHAR(64) PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    kind    TEXT     NOT NULL CHECK (kind IN ('DATA', 'TREE', 'SNAPSHOT')),
    pack_id CHAR(32) NOT NULL REFERENCES pack (id),
    "offset" BIGINT  NOT NULL CHECK ("offset" >= 0),
    length  INTEGER  NOT NULL CHECK (length >= 0)
);

CREATE INDEX blob_pack ON blob (pack_id);

CREATE TABLE snapshot (
    id          CHAR(32)    PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    created_at  TIMESTAMPTZ NOT NULL,
    -- The absolute paths backed up, sorted, one per line.
    paths       TEXT        NOT NULL,
    tree        CHAR(64)    NOT NULL REFERENCES blob (id),
    parent      CHAR(32)    REFERENCES snapshot (id) ON DELETE SET NULL,
    -- The pack that holds only this snapshot's record: forgetting the snapshot removes it.
    record_pack CHAR(32)    NOT NULL REFERENCES pack (id),
    files_new       INTEGER NOT NULL DEFAULT 0,
    files_changed   INTEGER NOT NULL DEFAULT 0,
    files_unchanged INTEGER NOT NULL DEFAULT 0,
    bytes_added     BIGINT  NOT NULL DEFAULT 0
);

CREATE INDEX snapshot_created ON snapshot (created_at);

-- Trees as stored, so that an incremental run and a listing need not fetch packs. A cache: the
-- packs hold the same bytes.
CREATE TABLE tree_cache (
    id    CHAR(64) PRIMARY KEY REFERENCES blob (id) ON DELETE CASCADE,
    bytes BYTEA    NOT NULL
);
