//! The ticket list: filters, the list's order, pages, and the counts by status.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel::SqliteConnection;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{StatusCounts, TicketListPage, TicketQuery};
use ticket_domain::ticket::Status;

use crate::error::{Fail, Res};
use crate::rows::{status, TicketRow, VisitorRow};
use crate::schema::{tickets, visitors};

/// Active tickets, written exactly as in the WHERE clause of the partial indexes
/// `tickets_active_order` and `tickets_active_activity`, so that SQLite can use them.
pub(crate) const ACTIVE: &str = "tickets.status <> 'closed'";
/// Active urgent tickets (priority 3 is [`crate::rows::URGENT`]).
pub(crate) const ACTIVE_URGENT: &str = "tickets.status <> 'closed' AND tickets.priority = 3";

/// The SQL condition of a filter; `None` for every ticket. Literals, not bound parameters, so
/// that the query planner sees them.
fn condition(filter: ListFilter) -> Option<&'static str> {
    match filter {
        ListFilter::Active => Some(ACTIVE),
        ListFilter::Open => Some("tickets.status = 'open'"),
        ListFilter::Pending => Some("tickets.status = 'pending'"),
        ListFilter::Closed => Some("tickets.status = 'closed'"),
        ListFilter::Urgent => Some(ACTIVE_URGENT),
        ListFilter::All => None,
    }
}

/// A page of the list: most urgent first, then latest activity, then highest number.
pub(crate) fn page(conn: &mut SqliteConnection, query: TicketQuery) -> Res<TicketListPage> {
    let mut rows = tickets::table
        .inner_join(visitors::table)
        .select((TicketRow::as_select(), VisitorRow::as_select()))
        .order((
            tickets::priority.desc(),
            tickets::last_activity_at.desc(),
            tickets::number.desc(),
        ))
        .offset(i64::from(query.offset))
        .limit(i64::from(query.limit))
        .into_boxed();
    let mut total = tickets::table.count().into_boxed();
    if let Some(condition) = condition(query.filter) {
        rows = rows.filter(sql::<Bool>(condition));
        total = total.filter(sql::<Bool>(condition));
    }
    let tickets = rows
        .load::<(TicketRow, VisitorRow)>(conn)?
        .into_iter()
        .map(|(ticket, visitor)| ticket.into_ticket(visitor))
        .collect::<Res<Vec<_>>>()?;
    let total_matching = unsigned(total.get_result(conn)?)?;
    Ok(TicketListPage {
        tickets,
        total_matching,
    })
}

/// How many tickets have each status.
pub(crate) fn status_counts(conn: &mut SqliteConnection) -> Res<StatusCounts> {
    let rows: Vec<(String, i64)> = tickets::table
        .group_by(tickets::status)
        .select((tickets::status, count_star()))
        .load(conn)?;
    let mut counts = StatusCounts::default();
    for (raw, n) in rows {
        let n = unsigned(n)?;
        match status(&raw)? {
            Status::Open => counts.open = n,
            Status::Pending => counts.pending = n,
            Status::Closed => counts.closed = n,
        }
    }
    Ok(counts)
}

/// A count, which SQLite returns signed.
pub(crate) fn unsigned(n: i64) -> Res<u64> {
    u64::try_from(n).map_err(|_| Fail::corrupt("count", n))
}
