//! [`UnitOfWork`] and [`Transaction`] for [`SqliteStore`]: a use case's work runs on the writer
//! thread, in a savepoint of its group's `BEGIN IMMEDIATE` transaction, over the row functions
//! of the other modules. No business rule here: only rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{NewMessage, RepositoryError, Transaction, UnitOfWork, Work};
use ticket_domain::ticket::{Author, Message, Ticket, TicketNumber};
use ticket_domain::values::{ClientId, DisplayName, Email, Page};
use ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

use crate::ticket_updates::{FirstResponse, UpdateTicket};
use crate::{messages, outbox, tickets as ticket_rows, visitors, SqliteStore};
use storage_schema::error::{Fail, Res};
use storage_schema::rows::{micros, number, number_value, priority_value};
use storage_schema::schema::tickets;

impl UnitOfWork for SqliteStore {
    fn run(&self, mut work: Work) -> Result<(), RepositoryError> {
        self.write(move |conn| Ok(work(&mut SqliteTransaction { conn })?))
    }
}

/// The number of the next ticket: one more than the highest so far, 1001 for the first.
/// Correct only inside an immediate transaction (no concurrent writer).
fn next_number(conn: &mut SqliteConnection) -> Res<i64> {
    let highest: Option<i64> = tickets::table
        .select(diesel::dsl::max(tickets::number))
        .get_result(conn)?;
    Ok(highest.map_or(i64::from(TicketNumber::FIRST.value()), |n| n + 1))
}

/// One use case's rows, on the writer's connection.
struct SqliteTransaction<'c> {
    conn: &'c mut SqliteConnection,
}

impl Transaction for SqliteTransaction<'_> {
    fn visitor(&mut self, id: VisitorId) -> Result<Option<VisitorProfile>, RepositoryError> {
        Ok(visitors::by_id(self.conn, id)?)
    }

    fn insert_visitor(
        &mut self,
        token: &TokenHash,
        at: DateTime<Utc>,
    ) -> Result<VisitorId, RepositoryError> {
        Ok(visitors::create(self.conn, token, at)?)
    }

    fn update_visitor(
        &mut self,
        id: VisitorId,
        name: Option<&DisplayName>,
        email: Option<&Email>,
    ) -> Result<(), RepositoryError> {
        Ok(visitors::update_profile(self.conn, id, name, email)?)
    }

    fn delete_visitors_without_ticket(
        &mut self,
        from: DateTime<Utc>,
        before: DateTime<Utc>,
    ) -> Result<u64, RepositoryError> {
        Ok(visitors::delete_unused(self.conn, from, before)?)
    }

    fn ticket(&mut self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        Ok(ticket_rows::load(self.conn, number)?)
    }

    fn ticket_of_visitor(&mut self, visitor: VisitorId) -> Result<Option<Ticket>, RepositoryError> {
        Ok(ticket_rows::of_visitor(self.conn, visitor)?)
    }

    fn next_ticket_number(&mut self) -> Result<TicketNumber, RepositoryError> {
        Ok(number(next_number(self.conn)?)?)
    }

    fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError> {
        diesel::insert_into(tickets::table)
            .values((
                tickets::number.eq(number_value(ticket.number)),
                tickets::visitor_id.eq(ticket.visitor.id.0),
                tickets::subject.eq(&ticket.subject),
                tickets::status.eq(ticket.status.as_str()),
                tickets::priority.eq(priority_value(ticket.priority)),
                tickets::created_at.eq(micros(ticket.created_at)),
                tickets::last_activity_at.eq(micros(ticket.last_activity_at)),
                tickets::closed_at.eq(ticket.closed_at.map(micros)),
                tickets::last_page.eq(ticket.last_page.as_ref().map(Page::as_str)),
                tickets::last_device.eq(ticket.last_device.map(|d| d.as_str())),
            ))
            .execute(self.conn)
            .map_err(Fail::from)?;
        Ok(())
    }

    fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError> {
        let updated = UpdateTicket {
            number: number_value(ticket.number),
            status: ticket.status.as_str(),
            priority: priority_value(ticket.priority),
            last_activity_at: micros(ticket.last_activity_at),
            closed_at: ticket.closed_at.map(micros),
            last_page: ticket.last_page.as_ref().map(Page::as_str),
            last_device: ticket.last_device.map(|d| d.as_str()),
        }
        .execute(self.conn)
        .map_err(Fail::from)?;
        if updated == 0 {
            return Err(RepositoryError::TicketNotFound(ticket.number));
        }
        Ok(())
    }

    fn record_first_response(
        &mut self,
        ticket: TicketNumber,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        FirstResponse {
            number: number_value(ticket),
            at: micros(at),
        }
        .execute(self.conn)
        .map_err(Fail::from)?;
        Ok(())
    }

    fn message_by_client_id(
        &mut self,
        ticket: TicketNumber,
        author: Author,
        client_id: &ClientId,
    ) -> Result<Option<Message>, RepositoryError> {
        Ok(messages::by_client_id(
            self.conn, ticket, author, client_id,
        )?)
    }

    fn insert_message(&mut self, message: &NewMessage) -> Result<Message, RepositoryError> {
        Ok(messages::insert(
            self.conn,
            messages::NewRow {
                ticket: message.ticket,
                author: message.author,
                text: &message.text,
                at: micros(message.sent_at),
                page: message.page.as_ref().map(Page::as_str),
                client_id: message.client_id.as_ref().map(ClientId::as_str),
            },
        )?)
    }

    fn enqueue_notification(
        &mut self,
        destination: &str,
        notification: &OperatorNotification,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        Ok(outbox::enqueue(
            self.conn,
            destination,
            notification,
            micros(at),
        )?)
    }
}
