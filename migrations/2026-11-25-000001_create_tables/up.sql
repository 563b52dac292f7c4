-- The whole schema of storage-sqlite. Times are INTEGER microseconds since the Unix epoch (UTC),
-- so that they sort and compare as numbers.

-- Anonymous visitors of the site, known by the hash of their bearer token.
CREATE TABLE visitors (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT,
    email TEXT,
    created_at INTEGER NOT NULL
);

-- One ticket per visitor, created by the visitor's first message. Numbers start at 1001 and are
-- handed out as MAX(number) + 1 inside an immediate transaction; tickets are never deleted.
-- priority: 0 low, 1 medium, 2 high, 3 urgent, so that "most urgent first" is an index order.
CREATE TABLE tickets (
    number INTEGER PRIMARY KEY CHECK (number >= 1001),
    visitor_id INTEGER NOT NULL UNIQUE REFERENCES visitors (id),
    subject TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'closed')),
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
    created_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    closed_at INTEGER,
    first_response_at INTEGER,
    last_page TEXT,
    last_device TEXT CHECK (last_device IN ('mobile', 'tablet', 'desktop'))
);

-- The list's order (most urgent, then latest activity, then highest number) for each filter:
-- active tickets (also "urgent": priority = 3 is a prefix of it), one status, every ticket.
CREATE INDEX tickets_active_order
    ON tickets (priority DESC, last_activity_at DESC, number DESC)
    WHERE status <> 'closed';
CREATE INDEX tickets_status_order
    ON tickets (status, priority DESC, last_activity_at DESC, number DESC);
CREATE INDEX tickets_order
    ON tickets (priority DESC, last_activity_at DESC, number DESC);
-- Statistics: stale active tickets, tickets created today, median first response.
CREATE INDEX tickets_active_activity ON tickets (last_activity_at) WHERE status <> 'closed';
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_first_response
    ON tickets (first_response_at - created_at)
    WHERE first_response_at IS NOT NULL;

-- The conversation of each ticket, in the order the messages were stored.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    author TEXT NOT NULL CHECK (author IN ('visitor', 'operator', 'system')),
    text TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    page TEXT,
    client_id TEXT
);
CREATE INDEX messages_ticket ON messages (ticket_number, id);
CREATE UNIQUE INDEX messages_client_id
    ON messages (ticket_number, client_id)
    WHERE client_id IS NOT NULL;

-- Operator notifications waiting for delivery, one row per destination. Delivered rows keep
-- delivered_at; given-up rows keep failed_at and last_error.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    destination TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    delivered_at INTEGER,
    failed_at INTEGER
);
CREATE INDEX outbox_pending
    ON outbox (destination, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_failed ON outbox (failed_at) WHERE failed_at IS NOT NULL;

-- Which ticket each message the bot sent to an operator chat is about.
CREATE TABLE sent_messages (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

-- The ticket plain-text replies go to, per operator chat.
CREATE TABLE chat_focus (
    chat_id INTEGER PRIMARY KEY,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    updated_at INTEGER NOT NULL
);

-- Incoming updates already applied, kept at least eight days.
CREATE TABLE handled_updates (
    update_id INTEGER PRIMARY KEY,
    handled_at INTEGER NOT NULL
);
CREATE INDEX handled_updates_at ON handled_updates (handled_at);
