-- The topic of each ticket in each forum group (a supergroup with topics) the bot posts to: the
-- thread the bot created for the ticket, with the name and the closed state (0 or 1, as the
-- other flags) last given to it on Telegram, so that every instance, after a restart too, posts
-- to the same thread and knows which ticket a message in a thread is about. A topic re-created
-- after an admin deleted it replaces the ticket's row; a thread is one ticket's in its chat.
CREATE TABLE forum_topics (
    chat_id INTEGER NOT NULL,
    ticket_number INTEGER NOT NULL REFERENCES tickets (number),
    thread_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, ticket_number),
    UNIQUE (chat_id, thread_id)
) WITHOUT ROWID;
