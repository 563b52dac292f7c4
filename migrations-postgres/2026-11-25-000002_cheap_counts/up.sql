-- Statistics and list totals without scanning the tickets (see docs/performance.md, Storage),
-- as in the SQLite schema.

-- The time to the first reply as a plain column, set with first_response_at, so that the
-- median is read from an index of the column.
ALTER TABLE tickets ADD COLUMN first_response_us BIGINT;
UPDATE tickets SET first_response_us = first_response_at - created_at
    WHERE first_response_at IS NOT NULL;
DROP INDEX tickets_first_response;
CREATE INDEX tickets_first_response
    ON tickets (first_response_us)
    WHERE first_response_us IS NOT NULL;

-- Stale tickets are counted from the index alone.
DROP INDEX tickets_active_activity;
CREATE INDEX tickets_active_activity
    ON tickets (last_activity_at, status)
    WHERE status <> 'closed';

-- How many tickets have each status, priority and answered-or-not (0 or 1), kept by triggers
-- in the same transaction as the change: a read of at most 24 rows instead of a count over
-- every ticket. Concurrent transactions update a group's row one after the other (row lock),
-- so the counts stay exact with several instances.
CREATE TABLE ticket_counts (
    status TEXT NOT NULL,
    priority BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (status, priority, answered)
);

INSERT INTO ticket_counts (status, priority, answered, n)
    SELECT status, priority, (first_response_at IS NOT NULL)::INT, COUNT(*)
    FROM tickets GROUP BY 1, 2, 3;

CREATE FUNCTION ticket_counts_add(
    group_status TEXT, group_priority BIGINT, group_answered BOOLEAN, delta BIGINT
) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_counts (status, priority, answered, n)
        VALUES (group_status, group_priority, group_answered::INT, delta)
        ON CONFLICT (status, priority, answered) DO UPDATE SET n = ticket_counts.n + delta;
END;
$$;

CREATE FUNCTION tickets_count() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM ticket_counts_add(OLD.status, OLD.priority, OLD.first_response_at IS NOT NULL, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM ticket_counts_add(NEW.status, NEW.priority, NEW.first_response_at IS NOT NULL, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_count();

CREATE TRIGGER tickets_count_update AFTER UPDATE OF status, priority, first_response_at ON tickets
    FOR EACH ROW
    WHEN (OLD.status <> NEW.status OR OLD.priority <> NEW.priority
        OR (OLD.first_response_at IS NULL) <> (NEW.first_response_at IS NULL))
    EXECUTE FUNCTION tickets_count();

CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_count();
