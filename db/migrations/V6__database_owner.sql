-- Whose database this is: the id of the peer that first started on it, written by the peer (host)
-- right after the migrations. A peer refuses a database recorded for another peer id, so that two
-- peers never share one: a second peer would adopt the first one's FileMap as its own, and its
-- start-up reconciliation would delete the rows of the fragments the first one holds.

CREATE TABLE database_owner (
    -- One row at most: the key can only be TRUE.
    only_row    BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    peer_id     TEXT        NOT NULL CHECK (peer_id ~ '^[0-9a-f]{32}$'),
    recorded_at TIMESTAMPTZ NOT NULL
);
