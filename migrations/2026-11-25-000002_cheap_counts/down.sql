DROP TRIGGER tickets_count_delete;
DROP TRIGGER tickets_count_update;
DROP TRIGGER tickets_count_insert;
DROP TABLE ticket_counts;

DROP INDEX tickets_active_activity;
CREATE INDEX tickets_active_activity ON tickets (last_activity_at) WHERE status <> 'closed';

DROP INDEX tickets_first_response;
CREATE INDEX tickets_first_response
    ON tickets (first_response_at - created_at)
    WHERE first_response_at IS NOT NULL;
ALTER TABLE tickets DROP COLUMN first_response_us;
