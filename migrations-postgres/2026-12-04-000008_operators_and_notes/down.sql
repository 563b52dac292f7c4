-- The notes are lost, and so are the names of the operators who wrote the replies (the replies
-- themselves are kept).
DROP TABLE ticket_notes;
ALTER TABLE messages DROP CONSTRAINT messages_operator_whole;
ALTER TABLE messages DROP COLUMN operator_name;
ALTER TABLE messages DROP COLUMN operator_id;
