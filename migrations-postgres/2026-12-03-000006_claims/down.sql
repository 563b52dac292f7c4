DROP TABLE update_claims;
ALTER TABLE outbox DROP COLUMN claimed_until;
