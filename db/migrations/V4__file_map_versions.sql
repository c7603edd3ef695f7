-- The FileMap grows what a backup and a whole-host recovery need: the owner's id of the file
-- (stable across the versions of a path, new after a delete, so that a removal still pending on an
-- offline holder can never hit a later backup), the segment size of the code, the file's mtime and
-- mode, and each fragment's length and SHA-256.

ALTER TABLE file_entry ADD COLUMN file_id TEXT;
UPDATE file_entry SET file_id = md5(path);
ALTER TABLE file_entry ALTER COLUMN file_id SET NOT NULL;
ALTER TABLE file_entry ADD CONSTRAINT file_entry_file_id_version UNIQUE (file_id, version);
ALTER TABLE file_entry ADD COLUMN segment_size INTEGER NOT NULL DEFAULT 1048576
    CHECK (segment_size >= 1);
ALTER TABLE file_entry ADD COLUMN mtime_millis BIGINT NOT NULL DEFAULT 0;
ALTER TABLE file_entry ADD COLUMN mode INTEGER NOT NULL DEFAULT 420 CHECK (mode >= 0);

-- Listing a directory tree is a prefix match on the path.
CREATE INDEX file_entry_path_prefix ON file_entry (path text_pattern_ops, version);

ALTER TABLE fragment_location ADD COLUMN length BIGINT NOT NULL DEFAULT 0 CHECK (length >= 0);
ALTER TABLE fragment_location ADD COLUMN sha256 CHAR(64) NOT NULL DEFAULT repeat('0', 64);

-- Fragments a holder must still be told to remove: written in the same transaction that deletes
-- the FileMap entry, and deleted when the holder confirms, so that an offline holder is told later.
CREATE TABLE pending_removal (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    peer_id        TEXT        NOT NULL,
    file_id        TEXT        NOT NULL,
    version        INTEGER     NOT NULL,
    fragment_index SMALLINT    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts       INTEGER     NOT NULL DEFAULT 0,
    last_error     TEXT,
    CONSTRAINT pending_removal_fragment UNIQUE (peer_id, file_id, version, fragment_index)
);
