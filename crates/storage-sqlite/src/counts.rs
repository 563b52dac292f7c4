//! The ticket counts that triggers keep in `ticket_counts` (by status, priority and
//! answered-or-not): counts by status, the list's totals, the urgent count and the number of
//! answered tickets, without scanning the tickets.

use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::StatusCounts;
use ticket_domain::ticket::{Priority, Status};

use storage_schema::error::Res;
use storage_schema::rows::{priority, status, unsigned};
use storage_schema::schema::ticket_counts;

/// One group of tickets.
#[derive(Debug, Clone, Copy)]
struct Group {
    status: Status,
    priority: Priority,
    answered: bool,
    n: u64,
}

/// Every non-empty group of tickets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts(Vec<Group>);

/// Whether a ticket of this status and priority is listed by `filter`. The SQL conditions of
/// [`crate::listing`] say the same.
pub(crate) fn filter_matches(filter: ListFilter, status: Status, priority: Priority) -> bool {
    match filter {
        ListFilter::Active => status != Status::Closed,
        ListFilter::Open => status == Status::Open,
        ListFilter::Pending => status == Status::Pending,
        ListFilter::Closed => status == Status::Closed,
        ListFilter::Urgent => status != Status::Closed && priority == Priority::Urgent,
        ListFilter::All => true,
    }
}

impl Counts {
    /// Reads the counts (at most 24 rows).
    pub(crate) fn load(conn: &mut SqliteConnection) -> Res<Self> {
        let rows: Vec<(String, i64, i64, i64)> = ticket_counts::table
            .select((
                ticket_counts::status,
                ticket_counts::priority,
                ticket_counts::answered,
                ticket_counts::n,
            ))
            .load(conn)?;
        rows.into_iter()
            .map(|(raw_status, raw_priority, answered, n)| {
                Ok(Group {
                    status: status(&raw_status)?,
                    priority: priority(raw_priority)?,
                    answered: answered != 0,
                    n: unsigned(n)?,
                })
            })
            .collect::<Res<Vec<_>>>()
            .map(Self)
    }

    fn sum(&self, selected: impl Fn(&Group) -> bool) -> u64 {
        self.0.iter().filter(|g| selected(g)).map(|g| g.n).sum()
    }

    /// How many tickets `filter` lists.
    pub(crate) fn matching(&self, filter: ListFilter) -> u64 {
        self.sum(|g| filter_matches(filter, g.status, g.priority))
    }

    /// How many tickets have each status.
    pub(crate) fn by_status(&self) -> StatusCounts {
        StatusCounts {
            open: self.sum(|g| g.status == Status::Open),
            pending: self.sum(|g| g.status == Status::Pending),
            closed: self.sum(|g| g.status == Status::Closed),
        }
    }

    /// How many tickets have had an operator reply.
    pub(crate) fn answered(&self) -> u64 {
        self.sum(|g| g.answered)
    }
}
