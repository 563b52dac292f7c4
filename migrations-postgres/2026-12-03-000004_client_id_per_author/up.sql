-- A client id is an idempotency key of one author: a visitor's keys (chosen by the widget, or by
-- anyone holding a token) and the keys the bot derives from Telegram message ids live in
-- different namespaces, so that a visitor can never make an operator reply look like a
-- duplicate of one of theirs.
DROP INDEX messages_client_id;
CREATE UNIQUE INDEX messages_client_id
    ON messages (ticket_number, author, client_id)
    WHERE client_id IS NOT NULL;
