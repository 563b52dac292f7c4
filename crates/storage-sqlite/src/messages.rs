//! Messages: storing one, finding one by its client id, reading a conversation.

use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::ticket::{Author, Message, MessageId, TicketNumber};
use ticket_domain::values::ClientId;

use storage_schema::error::{Fail, Res};
use storage_schema::rows::{into_messages, number_value, MessageRow};
use storage_schema::schema::messages;

/// A message to insert.
pub(crate) struct NewRow<'a> {
    pub(crate) ticket: TicketNumber,
    pub(crate) author: Author,
    pub(crate) text: &'a str,
    pub(crate) at: i64,
    pub(crate) page: Option<&'a str>,
    pub(crate) client_id: Option<&'a str>,
}

/// Inserts a message and returns it as stored.
pub(crate) fn insert(conn: &mut SqliteConnection, row: NewRow<'_>) -> Res<Message> {
    diesel::insert_into(messages::table)
        .values((
            messages::ticket_number.eq(number_value(row.ticket)),
            messages::author.eq(row.author.as_str()),
            messages::text.eq(row.text),
            messages::sent_at.eq(row.at),
            messages::page.eq(row.page),
            messages::client_id.eq(row.client_id),
        ))
        .returning(MessageRow::as_returning())
        .get_result(conn)?
        .into_message()
}

/// The message of `ticket` that `author` stored with `client_id`, if any: each author's client
/// ids are a namespace of their own.
pub(crate) fn by_client_id(
    conn: &mut SqliteConnection,
    ticket: TicketNumber,
    author: Author,
    client_id: &ClientId,
) -> Res<Option<Message>> {
    messages::table
        .filter(messages::ticket_number.eq(number_value(ticket)))
        .filter(messages::author.eq(author.as_str()))
        .filter(messages::client_id.eq(client_id.as_str()))
        .select(MessageRow::as_select())
        .get_result(conn)
        .optional()?
        .map(MessageRow::into_message)
        .transpose()
}

/// The latest `limit` messages of `ticket`, newest first.
pub(crate) fn latest(
    conn: &mut SqliteConnection,
    ticket: TicketNumber,
    limit: u32,
) -> Res<Vec<Message>> {
    let rows = messages::table
        .filter(messages::ticket_number.eq(number_value(ticket)))
        .order(messages::id.desc())
        .limit(i64::from(limit))
        .select(MessageRow::as_select())
        .load(conn)?;
    into_messages(rows)
}

/// The messages of `ticket` after `after` (all when `None`), oldest first, at most `limit`.
pub(crate) fn after(
    conn: &mut SqliteConnection,
    ticket: TicketNumber,
    after: Option<MessageId>,
    limit: u32,
) -> Res<Vec<Message>> {
    let rows = messages::table
        .filter(messages::ticket_number.eq(number_value(ticket)))
        .filter(messages::id.gt(after.map_or(0, |id| id.0)))
        .order(messages::id.asc())
        .limit(i64::from(limit))
        .select(MessageRow::as_select())
        .load(conn)?;
    into_messages(rows)
}

/// How many messages `ticket` has.
pub(crate) fn count(conn: &mut SqliteConnection, ticket: TicketNumber) -> Res<u64> {
    let n: i64 = messages::table
        .filter(messages::ticket_number.eq(number_value(ticket)))
        .count()
        .get_result(conn)?;
    u64::try_from(n).map_err(|_| Fail::corrupt("message count", n))
}
