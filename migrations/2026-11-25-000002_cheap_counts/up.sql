-- Statistics and list totals without scanning the tickets (see docs/performance.md, Storage).

-- The time to the first reply as a plain column, set with first_response_at, so that the
-- median is read from a covering index (an expression index made SQLite read every row).
ALTER TABLE tickets ADD COLUMN first_response_us INTEGER;
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

-- How many tickets have each status, priority and answered-or-not, kept by triggers in the
-- same transaction as the change: the counts by status, the list's totals, the urgent count
-- and the number of answered tickets are a read of at most 24 rows instead of an index scan
-- over every ticket.
CREATE TABLE ticket_counts (
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (status, priority, answered)
) WITHOUT ROWID;

INSERT INTO ticket_counts (status, priority, answered, n)
    SELECT status, priority, first_response_at IS NOT NULL, COUNT(*)
    FROM tickets GROUP BY 1, 2, 3;

CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_counts (status, priority, answered, n)
        VALUES (NEW.status, NEW.priority, NEW.first_response_at IS NOT NULL, 1)
        ON CONFLICT (status, priority, answered) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tickets_count_update AFTER UPDATE OF status, priority, first_response_at ON tickets
    WHEN OLD.status <> NEW.status OR OLD.priority <> NEW.priority
        OR (OLD.first_response_at IS NULL) <> (NEW.first_response_at IS NULL)
BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE status = OLD.status AND priority = OLD.priority
            AND answered = (OLD.first_response_at IS NOT NULL);
    INSERT INTO ticket_counts (status, priority, answered, n)
        VALUES (NEW.status, NEW.priority, NEW.first_response_at IS NOT NULL, 1)
        ON CONFLICT (status, priority, answered) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets
BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE status = OLD.status AND priority = OLD.priority
            AND answered = (OLD.first_response_at IS NOT NULL);
END;

-- The list and statistics queries name their index (INDEXED BY): without ANALYZE statistics
-- SQLite picks tickets_order for "urgent and not closed" and then filters out the closed
-- tickets row by row.
