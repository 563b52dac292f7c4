//! Tickets: reading one (with its visitor), numbering new ones, and a ticket's history.

use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::ticket::{Ticket, TicketHistory, TicketNumber};
use ticket_domain::visitor::VisitorId;

use storage_schema::error::Res;
use crate::messages;
use storage_schema::rows::{number_value, TicketRow, VisitorRow};
use storage_schema::schema::{tickets, visitors};

/// The ticket numbered `number`, with its visitor, if it exists.
pub(crate) fn load(conn: &mut SqliteConnection, number: TicketNumber) -> Res<Option<Ticket>> {
    tickets::table
        .inner_join(visitors::table)
        .filter(tickets::number.eq(number_value(number)))
        .select((TicketRow::as_select(), VisitorRow::as_select()))
        .get_result::<(TicketRow, VisitorRow)>(conn)
        .optional()?
        .map(|(ticket, visitor)| ticket.into_ticket(visitor))
        .transpose()
}

/// The visitor's ticket, with its visitor, if the visitor has one.
pub(crate) fn of_visitor(conn: &mut SqliteConnection, visitor: VisitorId) -> Res<Option<Ticket>> {
    tickets::table
        .inner_join(visitors::table)
        .filter(tickets::visitor_id.eq(visitor.0))
        .select((TicketRow::as_select(), VisitorRow::as_select()))
        .get_result::<(TicketRow, VisitorRow)>(conn)
        .optional()?
        .map(|(ticket, visitor)| ticket.into_ticket(visitor))
        .transpose()
}

/// The number of the next ticket: one more than the highest so far, 1001 for the first.
/// Correct only inside an immediate transaction (no concurrent writer).
pub(crate) fn next_number(conn: &mut SqliteConnection) -> Res<i64> {
    let highest: Option<i64> = tickets::table
        .select(diesel::dsl::max(tickets::number))
        .get_result(conn)?;
    Ok(highest.map_or(i64::from(TicketNumber::FIRST.value()), |n| n + 1))
}

/// A ticket with its latest `last_messages` messages, oldest first.
pub(crate) fn history(
    conn: &mut SqliteConnection,
    number: TicketNumber,
    last_messages: u32,
) -> Res<Option<TicketHistory>> {
    let Some(ticket) = load(conn, number)? else {
        return Ok(None);
    };
    let mut messages = messages::latest(conn, number, last_messages)?;
    messages.reverse();
    let total_messages = messages::count(conn, number)?;
    Ok(Some(TicketHistory {
        ticket,
        messages,
        total_messages,
    }))
}
