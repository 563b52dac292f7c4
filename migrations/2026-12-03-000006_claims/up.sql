-- Claims with leases, so that several processes can share one database: an outbox entry is
-- claimed by one delivery worker until `claimed_until` (a worker that dies loses its claims
-- when they expire), and an incoming update is claimed by one handler before it is handled
-- (handled_updates records it once done).
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;

CREATE TABLE update_claims (
    update_id INTEGER PRIMARY KEY,
    claimed_until INTEGER NOT NULL
) WITHOUT ROWID;
