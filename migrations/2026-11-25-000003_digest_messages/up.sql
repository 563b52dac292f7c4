-- A bot message may be about several tickets (a digest of notifications sent under load): its
-- ticket_number is NULL, and a reply to it is not routed to any ticket.
-- SQLite cannot drop a NOT NULL constraint: the table is rebuilt with the same primary key and
-- foreign key, its rows copied, the old one dropped and the new one renamed. Nothing refers to
-- sent_messages, so dropping it with foreign_keys on is safe.
CREATE TABLE sent_messages_new (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_number INTEGER REFERENCES tickets (number),
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

INSERT INTO sent_messages_new (chat_id, message_id, ticket_number)
    SELECT chat_id, message_id, ticket_number FROM sent_messages;

DROP TABLE sent_messages;

ALTER TABLE sent_messages_new RENAME TO sent_messages;
