-- Visitors who never wrote are purged after a while (ticket_domain::service::
-- UNUSED_VISITOR_RETENTION), one window of creation times at a time: read from this index.
CREATE INDEX visitors_created ON visitors (created_at);
