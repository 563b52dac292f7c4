-- Back to one ticket per remembered message: the digests are forgotten (a reply to one then
-- goes to the chat's focus, as a reply to an unknown message does).
CREATE TABLE sent_messages_old (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

INSERT INTO sent_messages_old (chat_id, message_id, ticket_number)
    SELECT chat_id, message_id, ticket_number FROM sent_messages
    WHERE ticket_number IS NOT NULL;

DROP TABLE sent_messages;

ALTER TABLE sent_messages_old RENAME TO sent_messages;
