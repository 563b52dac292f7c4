-- A bot message may be about several tickets (a digest of notifications sent under load): its
-- ticket_number is NULL, and a reply to it is not routed to any ticket.
ALTER TABLE sent_messages ALTER COLUMN ticket_number DROP NOT NULL;
