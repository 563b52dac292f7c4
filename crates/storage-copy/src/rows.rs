//! Every column of every table that is copied, as one row type per table: read from SQLite,
//! written to PostgreSQL as they are (ids, numbers and times included). `ticket_counts` is not
//! among them: the target's triggers count the tickets as they are inserted.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;
use storage_schema::schema::{
    chat_focus, forum_topics, handled_updates, messages, outbox, sent_messages, ticket_notes,
    tickets, update_claims, visitors,
};

/// A row of `visitors`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = visitors, check_for_backend(Sqlite, Pg))]
pub(crate) struct Visitor {
    id: i64,
    token_hash: String,
    name: Option<String>,
    email: Option<String>,
    created_at: i64,
}

/// A row of `tickets`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = tickets, check_for_backend(Sqlite, Pg))]
pub(crate) struct Ticket {
    number: i64,
    visitor_id: i64,
    subject: String,
    status: String,
    priority: i64,
    created_at: i64,
    last_activity_at: i64,
    closed_at: Option<i64>,
    first_response_at: Option<i64>,
    first_response_us: Option<i64>,
    last_page: Option<String>,
    last_device: Option<String>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
}

/// A row of `messages`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = messages, check_for_backend(Sqlite, Pg))]
pub(crate) struct Message {
    id: i64,
    ticket_number: i64,
    author: String,
    text: String,
    sent_at: i64,
    page: Option<String>,
    client_id: Option<String>,
    operator_id: Option<i64>,
    operator_name: Option<String>,
}

/// A row of `ticket_notes`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_notes, check_for_backend(Sqlite, Pg))]
pub(crate) struct TicketNote {
    id: i64,
    ticket_number: i64,
    text: String,
    operator_id: Option<i64>,
    operator_name: Option<String>,
    written_at: i64,
    client_id: Option<String>,
}

/// A row of `outbox`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox, check_for_backend(Sqlite, Pg))]
pub(crate) struct OutboxEntry {
    id: i64,
    destination: String,
    payload: String,
    created_at: i64,
    next_attempt_at: i64,
    attempts: i64,
    last_error: Option<String>,
    delivered_at: Option<i64>,
    failed_at: Option<i64>,
    claimed_until: Option<i64>,
}

/// A row of `sent_messages`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = sent_messages, check_for_backend(Sqlite, Pg))]
pub(crate) struct SentMessage {
    chat_id: i64,
    message_id: i64,
    ticket_number: Option<i64>,
}

/// A row of `chat_focus`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_focus, check_for_backend(Sqlite, Pg))]
pub(crate) struct ChatFocus {
    chat_id: i64,
    ticket_number: i64,
    updated_at: i64,
}

/// A row of `forum_topics`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = forum_topics, check_for_backend(Sqlite, Pg))]
pub(crate) struct ForumTopic {
    chat_id: i64,
    ticket_number: i64,
    thread_id: i64,
    name: String,
    closed: i64,
    updated_at: i64,
}

/// A row of `handled_updates`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = handled_updates, check_for_backend(Sqlite, Pg))]
pub(crate) struct HandledUpdate {
    update_id: i64,
    handled_at: i64,
}

/// A row of `update_claims`.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = update_claims, check_for_backend(Sqlite, Pg))]
pub(crate) struct UpdateClaim {
    update_id: i64,
    claimed_until: i64,
}
