-- The Peer Manager's memory: every peer this one has seen live in the Data Grid, with what it last
-- published and when. Peers that are gone stay here, so that the operator (and recovery) can still
-- name them; the live set itself is in the Data Grid, not here.

CREATE TABLE known_peers (
    id             TEXT        PRIMARY KEY,
    url            TEXT        NOT NULL,
    failure_domain TEXT        NOT NULL,
    capacity_bytes BIGINT      NOT NULL CHECK (capacity_bytes >= 0),
    free_bytes     BIGINT      NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL
);
