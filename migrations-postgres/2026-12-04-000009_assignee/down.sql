-- Every ticket becomes assigned to nobody.
DROP INDEX tickets_assignee_active_order;
ALTER TABLE tickets DROP CONSTRAINT tickets_assignee_whole;
ALTER TABLE tickets DROP COLUMN assignee_name;
ALTER TABLE tickets DROP COLUMN assignee_id;
