-- Claims with leases, so that several instances can share one database: an outbox entry is
-- claimed by one delivery worker until `claimed_until` (a worker that dies loses its claims
-- when they expire), and an incoming update is claimed by one handler before it is handled
-- (handled_updates records it once done).
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;

CREATE TABLE update_claims (
    update_id BIGINT PRIMARY KEY,
    claimed_until BIGINT NOT NULL
);
