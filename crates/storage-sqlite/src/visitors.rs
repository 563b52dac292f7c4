//! Visitors: creating, finding, updating and purging them, and what they read of their
//! conversation.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::ports::VisitorConversation;
use ticket_domain::ticket::MessageId;
use ticket_domain::values::{DisplayName, Email};
use ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

use storage_schema::error::Res;
use crate::messages;
use storage_schema::rows::{micros, number, status, VisitorRow};
use storage_schema::schema::{tickets, visitors};

/// Creates a visitor.
pub(crate) fn create(
    conn: &mut SqliteConnection,
    token: &TokenHash,
    at: DateTime<Utc>,
) -> Res<VisitorId> {
    let id = diesel::insert_into(visitors::table)
        .values((
            visitors::token_hash.eq(&token.0),
            visitors::created_at.eq(micros(at)),
        ))
        .returning(visitors::id)
        .get_result(conn)?;
    Ok(VisitorId(id))
}

/// Deletes the visitors created in `[from, before)` that have no ticket; returns how many.
pub(crate) fn delete_unused(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Res<u64> {
    let with_ticket = tickets::table.select(tickets::visitor_id);
    let deleted = diesel::delete(
        visitors::table
            .filter(visitors::created_at.ge(micros(from)))
            .filter(visitors::created_at.lt(micros(before)))
            .filter(visitors::id.ne_all(with_ticket)),
    )
    .execute(conn)?;
    Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
}

/// The visitor with this id.
pub(crate) fn by_id(conn: &mut SqliteConnection, id: VisitorId) -> Res<Option<VisitorProfile>> {
    visitors::table
        .find(id.0)
        .select(VisitorRow::as_select())
        .get_result(conn)
        .optional()?
        .map(VisitorRow::into_profile)
        .transpose()
}

/// The visitor whose token has this hash.
pub(crate) fn find(conn: &mut SqliteConnection, token: &TokenHash) -> Res<Option<VisitorProfile>> {
    visitors::table
        .filter(visitors::token_hash.eq(&token.0))
        .select(VisitorRow::as_select())
        .get_result(conn)
        .optional()?
        .map(VisitorRow::into_profile)
        .transpose()
}

/// The visitor's ticket number and status, if the visitor has a ticket.
fn ticket_of(conn: &mut SqliteConnection, visitor: VisitorId) -> Res<Option<(i64, String)>> {
    Ok(tickets::table
        .filter(tickets::visitor_id.eq(visitor.0))
        .select((tickets::number, tickets::status))
        .get_result(conn)
        .optional()?)
}

/// Records the name and the e-mail address that are given.
pub(crate) fn update_profile(
    conn: &mut SqliteConnection,
    visitor: VisitorId,
    name: Option<&DisplayName>,
    email: Option<&Email>,
) -> Res<()> {
    let row = visitors::table.find(visitor.0);
    if let Some(name) = name {
        diesel::update(row)
            .set(visitors::name.eq(name.as_str()))
            .execute(conn)?;
    }
    if let Some(email) = email {
        diesel::update(row)
            .set(visitors::email.eq(email.as_str()))
            .execute(conn)?;
    }
    Ok(())
}

/// The visitor's ticket and its messages after `after`, oldest first.
pub(crate) fn conversation(
    conn: &mut SqliteConnection,
    visitor: VisitorId,
    after: Option<MessageId>,
    limit: u32,
) -> Res<Option<VisitorConversation>> {
    let Some((n, raw_status)) = ticket_of(conn, visitor)? else {
        return Ok(None);
    };
    let ticket = number(n)?;
    Ok(Some(VisitorConversation {
        ticket,
        status: status(&raw_status)?,
        messages: messages::after(conn, ticket, after, limit)?,
    }))
}
