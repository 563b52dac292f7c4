-- Who of the team wrote an operator reply (their Telegram user id and first name, both or
-- neither: NULL for the visitor, the system, the console and the replies stored before), and
-- the team's internal notes on a ticket.
ALTER TABLE messages ADD COLUMN operator_id INTEGER;
ALTER TABLE messages ADD COLUMN operator_name TEXT
    CHECK ((operator_id IS NULL) = (operator_name IS NULL));

-- Internal notes of the team on a ticket, in the order they were stored. They are kept apart
-- from the conversation, never in `messages`, so that no visitor path, which reads only
-- `messages`, can ever show one. client_id is an idempotency key (for Telegram, derived from
-- the incoming message): one note per key and ticket; notes without a key are all kept (NULLs
-- are distinct).
CREATE TABLE ticket_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    text TEXT NOT NULL,
    operator_id INTEGER,
    operator_name TEXT,
    written_at INTEGER NOT NULL,
    client_id TEXT,
    UNIQUE (ticket_number, client_id),
    CHECK ((operator_id IS NULL) = (operator_name IS NULL))
);
-- A ticket's latest notes, newest first.
CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_number, id);
