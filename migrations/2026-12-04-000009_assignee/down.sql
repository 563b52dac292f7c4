-- Every ticket becomes assigned to nobody. The index and the column carrying the CHECK go
-- first: SQLite refuses to drop a column that an index or another column's CHECK names.
DROP INDEX tickets_assignee_active_order;
ALTER TABLE tickets DROP COLUMN assignee_name;
ALTER TABLE tickets DROP COLUMN assignee_id;
