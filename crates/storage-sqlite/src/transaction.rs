//! [`UnitOfWork`] and [`Transaction`] for [`SqliteStore`]: a use case's work runs on the writer
//! thread, in a savepoint of its group's `BEGIN IMMEDIATE` transaction, over the row functions
//! of the other modules. No business rule here: only rows.

use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::ports::{RepositoryError, Transaction, UnitOfWork, Work};
use ticket_domain::ticket::{Ticket, TicketNumber};
use ticket_domain::visitor::{VisitorId, VisitorProfile};

use crate::{tickets as ticket_rows, visitors, SqliteStore};
use storage_schema::error::Res;
use storage_schema::rows::number;
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
    storage_schema::shared_transaction_methods!();

    fn visitor(&mut self, id: VisitorId) -> Result<Option<VisitorProfile>, RepositoryError> {
        Ok(visitors::by_id(self.conn, id)?)
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
}
