-- The member of the team each ticket is assigned to (their Telegram user id and first name,
-- both or neither: NULL for a ticket assigned to nobody, as every ticket stored before is).
-- SQLite cannot add a table constraint with ALTER TABLE, and rebuilding `tickets` would mean
-- re-creating its triggers and indexes: the both-or-neither CHECK is attached to the second
-- column instead, which SQLite allows to name the first and checks on every write (and
-- against the rows already stored) just as a table constraint.
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER;
ALTER TABLE tickets ADD COLUMN assignee_name TEXT
    CHECK ((assignee_id IS NULL) = (assignee_name IS NULL));

-- A member's tickets that are not closed, in the list's order (most urgent, then latest
-- activity, then highest number), for `/tickets mine`.
CREATE INDEX tickets_assignee_active_order
    ON tickets (assignee_id, priority DESC, last_activity_at DESC, number DESC)
    WHERE status <> 'closed';
