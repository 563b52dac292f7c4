-- Back to one namespace of client ids per ticket. Fails if a visitor and an operator message of
-- one ticket share a client id (their keys are separate since this migration).
DROP INDEX messages_client_id;
CREATE UNIQUE INDEX messages_client_id
    ON messages (ticket_number, client_id)
    WHERE client_id IS NOT NULL;
