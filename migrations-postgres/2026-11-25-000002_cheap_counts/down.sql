DROP TRIGGER tickets_count_delete ON tickets;
DROP TRIGGER tickets_count_update ON tickets;
DROP TRIGGER tickets_count_insert ON tickets;
DROP FUNCTION tickets_count();
DROP FUNCTION ticket_counts_add(TEXT, BIGINT, BOOLEAN, BIGINT);
DROP TABLE ticket_counts;

DROP INDEX tickets_active_activity;
CREATE INDEX tickets_active_activity ON tickets (last_activity_at) WHERE status <> 'closed';

DROP INDEX tickets_first_response;
CREATE INDEX tickets_first_response
    ON tickets ((first_response_at - created_at))
    WHERE first_response_at IS NOT NULL;
ALTER TABLE tickets DROP COLUMN first_response_us;
