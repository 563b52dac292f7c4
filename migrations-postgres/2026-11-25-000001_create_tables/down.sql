DROP TABLE handled_updates;
DROP TABLE chat_focus;
DROP TABLE sent_messages;
DROP TABLE outbox;
DROP TABLE messages;
DROP TABLE ticket_numbers;
DROP TABLE tickets;
DROP TABLE visitors;
