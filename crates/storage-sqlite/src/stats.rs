//! Figures over all tickets, for `/stats`: every one an index lookup or an index range.

use std::time::Duration;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use diesel::SqliteConnection;
use ticket_domain::ports::{StatsQuery, TicketStats};

use crate::error::Res;
use crate::listing::{status_counts, unsigned, ACTIVE, ACTIVE_URGENT};
use crate::rows::{display_name, micros, number};
use crate::schema::{tickets, visitors};

/// The time to the first reply, written exactly as in the index `tickets_first_response`.
const FIRST_RESPONSE: &str = "first_response_at - created_at";

/// Computes the figures.
pub(crate) fn compute(conn: &mut SqliteConnection, query: StatsQuery) -> Res<TicketStats> {
    let counts = status_counts(conn)?;
    let urgent = tickets::table
        .filter(sql::<Bool>(ACTIVE_URGENT))
        .count()
        .get_result(conn)?;
    let stale = tickets::table
        .filter(sql::<Bool>(ACTIVE))
        .filter(tickets::last_activity_at.lt(micros(query.stale_before)))
        .count()
        .get_result(conn)?;
    let created_today = tickets::table
        .filter(tickets::created_at.ge(micros(query.today_starts_at)))
        .count()
        .get_result(conn)?;
    let urgent_tickets = tickets::table
        .inner_join(visitors::table)
        .filter(sql::<Bool>(ACTIVE_URGENT))
        .order((tickets::last_activity_at.desc(), tickets::number.desc()))
        .limit(i64::from(query.urgent_limit))
        .select((tickets::number, visitors::name))
        .load::<(i64, Option<String>)>(conn)?
        .into_iter()
        .map(|(n, name)| Ok((number(n)?, display_name(name)?)))
        .collect::<Res<Vec<_>>>()?;
    Ok(TicketStats {
        counts,
        urgent: unsigned(urgent)?,
        stale: unsigned(stale)?,
        created_today: unsigned(created_today)?,
        median_first_response: median_first_response(conn)?,
        urgent_tickets,
    })
}

/// The median time from creation to first reply over the answered tickets: the middle entry
/// (or the mean of the two middle ones) of the `tickets_first_response` index.
fn median_first_response(conn: &mut SqliteConnection) -> Res<Option<Duration>> {
    let answered: i64 = tickets::table
        .filter(tickets::first_response_at.is_not_null())
        .count()
        .get_result(conn)?;
    if answered == 0 {
        return Ok(None);
    }
    let middle: Vec<i64> = tickets::table
        .filter(tickets::first_response_at.is_not_null())
        .select(sql::<BigInt>(FIRST_RESPONSE))
        .order(sql::<BigInt>(FIRST_RESPONSE))
        .offset((answered - 1) / 2)
        .limit(if answered % 2 == 0 { 2 } else { 1 })
        .load(conn)?;
    let len = i64::try_from(middle.len()).unwrap_or(1).max(1);
    let mean = middle.iter().sum::<i64>() / len;
    // A reply stored before the ticket (a clock stepping back) counts as immediate.
    Ok(Some(Duration::from_micros(
        u64::try_from(mean).unwrap_or(0),
    )))
}
