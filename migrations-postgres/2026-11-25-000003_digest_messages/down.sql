-- The digests are forgotten (a reply to one then goes to the chat's focus).
DELETE FROM sent_messages WHERE ticket_number IS NULL;
ALTER TABLE sent_messages ALTER COLUMN ticket_number SET NOT NULL;
