//! The ticket list: one query per filter, each pinned to the index that yields the list's
//! order (most urgent, then latest activity, then highest number), so that a page costs a
//! few index steps whatever the number of tickets. Totals come from [`crate::counts`].

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::SqliteConnection;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{StatusCounts, TicketListPage, TicketQuery};
use ticket_domain::ticket::Ticket;

use crate::counts::Counts;
use storage_schema::error::Res;
use storage_schema::rows::{TicketRow, VisitorRow};

/// A listed ticket with its visitor.
#[derive(QueryableByName)]
struct Listed {
    #[diesel(embed)]
    ticket: TicketRow,
    #[diesel(embed)]
    visitor: VisitorRow,
}

/// The index and the condition of a filter. The conditions are literals written exactly as
/// the WHERE clauses of the partial indexes, so that SQLite can use them; they say what
/// [`crate::counts::filter_matches`] says.
pub(crate) fn plan(filter: ListFilter) -> (&'static str, &'static str) {
    match filter {
        ListFilter::Active => ("tickets_active_order", "WHERE t.status <> 'closed'"),
        ListFilter::Open => ("tickets_status_order", "WHERE t.status = 'open'"),
        ListFilter::Pending => ("tickets_status_order", "WHERE t.status = 'pending'"),
        ListFilter::Closed => ("tickets_status_order", "WHERE t.status = 'closed'"),
        // 3 is `rows::URGENT`.
        ListFilter::Urgent => (
            "tickets_active_order",
            "WHERE t.status <> 'closed' AND t.priority = 3",
        ),
        ListFilter::All => ("tickets_order", ""),
    }
}

/// The query of a filter's page; binds: limit, offset.
pub(crate) fn page_sql(filter: ListFilter) -> String {
    let (index, condition) = plan(filter);
    format!(
        "SELECT t.number, t.subject, t.status, t.priority, t.created_at, t.last_activity_at, \
                t.closed_at, t.last_page, t.last_device, v.id, v.name, v.email \
         FROM tickets AS t INDEXED BY {index} \
         JOIN visitors AS v ON v.id = t.visitor_id \
         {condition} \
         ORDER BY t.priority DESC, t.last_activity_at DESC, t.number DESC \
         LIMIT ? OFFSET ?"
    )
}

/// The tickets of a page, in the list's order.
pub(crate) fn tickets(
    conn: &mut SqliteConnection,
    filter: ListFilter,
    offset: u32,
    limit: u32,
) -> Res<Vec<Ticket>> {
    diesel::sql_query(page_sql(filter))
        .bind::<BigInt, _>(i64::from(limit))
        .bind::<BigInt, _>(i64::from(offset))
        .load::<Listed>(conn)?
        .into_iter()
        .map(|row| row.ticket.into_ticket(row.visitor))
        .collect()
}

/// A page of the list, with the number of matching tickets.
pub(crate) fn page(conn: &mut SqliteConnection, query: TicketQuery) -> Res<TicketListPage> {
    Ok(TicketListPage {
        tickets: tickets(conn, query.filter, query.offset, query.limit)?,
        total_matching: Counts::load(conn)?.matching(query.filter),
    })
}

/// How many tickets have each status.
pub(crate) fn status_counts(conn: &mut SqliteConnection) -> Res<StatusCounts> {
    Ok(Counts::load(conn)?.by_status())
}
