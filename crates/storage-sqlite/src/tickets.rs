//! Tickets: reading one (with its visitor), numbering new ones, changes of status and priority,
//! and a ticket's history.

use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::ports::{RepositoryError, StatusChange};
use ticket_domain::ticket::{
    Author, Message, Priority, Status, Ticket, TicketHistory, TicketNumber,
};

use crate::error::Res;
use crate::messages;
use crate::rows::{micros, number_value, priority_value, TicketRow, VisitorRow};
use crate::schema::{tickets, visitors};

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

/// The ticket numbered `number`; [`RepositoryError::TicketNotFound`] when there is none.
pub(crate) fn existing(conn: &mut SqliteConnection, number: TicketNumber) -> Res<Ticket> {
    load(conn, number)?.ok_or_else(|| RepositoryError::TicketNotFound(number).into())
}

/// The number of the next ticket: one more than the highest so far, 1001 for the first.
/// Correct only inside an immediate transaction (no concurrent writer).
pub(crate) fn next_number(conn: &mut SqliteConnection) -> Res<i64> {
    let highest: Option<i64> = tickets::table
        .select(diesel::dsl::max(tickets::number))
        .get_result(conn)?;
    Ok(highest.map_or(i64::from(TicketNumber::FIRST.value()), |n| n + 1))
}

/// Changes the status if it is still `change.from`, and adds the note.
pub(crate) fn change_status(
    conn: &mut SqliteConnection,
    change: &StatusChange,
) -> Res<(Ticket, Message)> {
    let before = existing(conn, change.ticket)?;
    if before.status != change.from {
        return Err(RepositoryError::StatusConflict {
            current: before.status,
        }
        .into());
    }
    let at = micros(change.at);
    let closed_at = (change.to == Status::Closed).then_some(at);
    diesel::update(tickets::table.find(number_value(change.ticket)))
        .set((
            tickets::status.eq(change.to.as_str()),
            tickets::closed_at.eq(closed_at),
            tickets::last_activity_at.eq(at),
        ))
        .execute(conn)?;
    let note = messages::insert(
        conn,
        messages::NewRow {
            ticket: change.ticket,
            author: Author::System,
            text: change.note.as_str(),
            at,
            page: None,
            client_id: None,
        },
    )?;
    Ok((existing(conn, change.ticket)?, note))
}

/// Sets the priority, returning the previous one. An actual change counts as activity.
pub(crate) fn set_priority(
    conn: &mut SqliteConnection,
    number: TicketNumber,
    priority: Priority,
    at: chrono::DateTime<chrono::Utc>,
) -> Res<Priority> {
    let previous = existing(conn, number)?.priority;
    if previous != priority {
        diesel::update(tickets::table.find(number_value(number)))
            .set((
                tickets::priority.eq(priority_value(priority)),
                tickets::last_activity_at.eq(micros(at)),
            ))
            .execute(conn)?;
    }
    Ok(previous)
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
