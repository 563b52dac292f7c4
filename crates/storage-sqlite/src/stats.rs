//! Figures over all tickets, for `/stats`: counts from [`crate::counts`], the rest as ranges of
//! covering indexes (each query names its index, as the list does).

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::SqliteConnection;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{StatsQuery, TicketStats};

use crate::counts::Counts;
use storage_schema::error::{Fail, Res};
use crate::listing;
use storage_schema::rows::{micros, unsigned};

/// Active tickets with no activity since `?`.
pub(crate) const STALE_SQL: &str = "SELECT COUNT(*) AS n FROM tickets \
     INDEXED BY tickets_active_activity \
     WHERE status <> 'closed' AND last_activity_at < ?";

/// Tickets created since `?`.
pub(crate) const CREATED_SINCE_SQL: &str =
    "SELECT COUNT(*) AS n FROM tickets INDEXED BY tickets_created WHERE created_at >= ?";

/// The first-response times in order; binds: limit, offset.
pub(crate) const FIRST_RESPONSES_SQL: &str = "SELECT first_response_us AS n FROM tickets \
     INDEXED BY tickets_first_response \
     WHERE first_response_us IS NOT NULL \
     ORDER BY first_response_us LIMIT ? OFFSET ?";

/// One integer.
#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut SqliteConnection, sql: &str, bound: i64) -> Res<u64> {
    unsigned(
        diesel::sql_query(sql)
            .bind::<BigInt, _>(bound)
            .get_result::<Number>(conn)?
            .n,
    )
}

/// Computes the figures.
pub(crate) fn compute(conn: &mut SqliteConnection, query: StatsQuery) -> Res<TicketStats> {
    let counts = Counts::load(conn)?;
    let urgent_tickets = listing::tickets(conn, ListFilter::Urgent, 0, query.urgent_limit)?
        .into_iter()
        .map(|ticket| (ticket.number, ticket.visitor.name))
        .collect();
    Ok(TicketStats {
        counts: counts.by_status(),
        urgent: counts.matching(ListFilter::Urgent),
        stale: count(conn, STALE_SQL, micros(query.stale_before))?,
        created_today: count(conn, CREATED_SINCE_SQL, micros(query.today_starts_at))?,
        median_first_response: median_first_response(conn, counts.answered())?,
        urgent_tickets,
    })
}

/// The median time from creation to first reply over the `answered` tickets: the middle entry
/// (or the mean of the two middle ones) of the `tickets_first_response` index.
fn median_first_response(conn: &mut SqliteConnection, answered: u64) -> Res<Option<Duration>> {
    if answered == 0 {
        return Ok(None);
    }
    let offset = i64::try_from((answered - 1) / 2).map_err(Fail::storage)?;
    let middle: Vec<i64> = diesel::sql_query(FIRST_RESPONSES_SQL)
        .bind::<BigInt, _>(if answered.is_multiple_of(2) { 2_i64 } else { 1 })
        .bind::<BigInt, _>(offset)
        .load::<Number>(conn)?
        .into_iter()
        .map(|row| row.n)
        .collect();
    let Some(len) = i64::try_from(middle.len()).ok().filter(|len| *len > 0) else {
        return Err(Fail::corrupt("answered ticket count", answered));
    };
    let mean = middle.iter().sum::<i64>() / len;
    // A reply stored before the ticket (a clock stepping back) counts as immediate.
    Ok(Some(Duration::from_micros(
        u64::try_from(mean).unwrap_or(0),
    )))
}
