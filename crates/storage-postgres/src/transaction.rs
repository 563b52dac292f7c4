//! [`UnitOfWork`] and [`Transaction`] for [`PostgresStore`]: a use case's work runs in one
//! `READ COMMITTED` transaction of the pool, run again on conflicts
//! ([`PostgresStore::write`]). What it reads and then changes is locked first (`FOR UPDATE`):
//! two use cases on one visitor or one ticket, on any instances, run one after the other, and
//! the second reads what the first committed. No business rule here: only rows.

use diesel::prelude::*;
use diesel::PgConnection;
use storage_schema::error::Res;
use storage_schema::rows::{number, number_value, CountValue, TicketRow, VisitorRow};
use storage_schema::schema::{tickets, visitors};
use ticket_domain::ports::{RepositoryError, Transaction, UnitOfWork, Work};
use ticket_domain::ticket::{Ticket, TicketNumber};
use ticket_domain::visitor::{VisitorId, VisitorProfile};

use crate::PostgresStore;

impl UnitOfWork for PostgresStore {
    fn run(&self, work: Work) -> Result<(), RepositoryError> {
        let mut work = work;
        self.write(move |conn| Ok(work(&mut PostgresTransaction { conn })?))
    }
}

/// One use case's rows, on a connection of the pool inside its transaction.
struct PostgresTransaction<'c> {
    conn: &'c mut PgConnection,
}

/// The visitor, its row locked until the commit.
fn locked_visitor(conn: &mut PgConnection, id: VisitorId) -> Res<Option<VisitorProfile>> {
    visitors::table
        .find(id.0)
        .select(VisitorRow::as_select())
        .for_update()
        .get_result(conn)
        .optional()?
        .map(VisitorRow::into_profile)
        .transpose()
}

/// A ticket row read with its visitor's, both locked until the commit.
type LockedTicket = Option<(TicketRow, VisitorRow)>;

/// The ticket numbered `number` with its visitor, both rows locked until the commit.
fn locked_ticket(conn: &mut PgConnection, number: TicketNumber) -> Res<LockedTicket> {
    Ok(tickets::table
        .inner_join(visitors::table)
        .filter(tickets::number.eq(number_value(number)))
        .select((TicketRow::as_select(), VisitorRow::as_select()))
        .for_update()
        .get_result(conn)
        .optional()?)
}

/// The visitor's ticket with the visitor, both rows locked until the commit.
fn locked_ticket_of(conn: &mut PgConnection, visitor: VisitorId) -> Res<LockedTicket> {
    Ok(tickets::table
        .inner_join(visitors::table)
        .filter(tickets::visitor_id.eq(visitor.0))
        .select((TicketRow::as_select(), VisitorRow::as_select()))
        .for_update()
        .get_result(conn)
        .optional()?)
}

/// The ticket of a locked read.
fn into_ticket(locked: LockedTicket) -> Res<Option<Ticket>> {
    locked
        .map(|(ticket, visitor)| ticket.into_ticket(visitor))
        .transpose()
}

/// The next ticket number, taken from the one-row counter: a concurrent creator waits for
/// this transaction to end, so numbers have neither gaps nor duplicates.
fn take_next_number(conn: &mut PgConnection) -> Res<i64> {
    Ok(
        diesel::sql_query("UPDATE ticket_numbers SET next = next + 1 RETURNING next - 1 AS n")
            .get_result::<CountValue>(conn)?
            .n,
    )
}

impl Transaction for PostgresTransaction<'_> {
    storage_schema::shared_transaction_methods!();

    fn visitor(&mut self, id: VisitorId) -> Result<Option<VisitorProfile>, RepositoryError> {
        Ok(locked_visitor(self.conn, id)?)
    }

    fn ticket(&mut self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        Ok(into_ticket(locked_ticket(self.conn, number)?)?)
    }

    fn ticket_of_visitor(&mut self, visitor: VisitorId) -> Result<Option<Ticket>, RepositoryError> {
        Ok(into_ticket(locked_ticket_of(self.conn, visitor)?)?)
    }

    fn next_ticket_number(&mut self) -> Result<TicketNumber, RepositoryError> {
        Ok(number(take_next_number(self.conn)?)?)
    }
}
