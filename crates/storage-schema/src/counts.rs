//! The ticket counts that triggers keep in `ticket_counts` (by status, priority and
//! answered-or-not): counts by status, the list's totals, the urgent count and the number of
//! answered tickets, without scanning the tickets. Each backend reads the rows
//! ([`crate::shared_storage`]); this module sums them.

use ticket_domain::command::ListFilter;
use ticket_domain::ports::StatusCounts;
use ticket_domain::ticket::{Priority, Status};

use crate::error::Res;
use crate::rows::{priority, status, unsigned};
use crate::sql::filter_matches;

/// A row of `ticket_counts`: status, priority, answered (0 or 1), count.
pub type CountRow = (String, i64, i64, i64);

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
pub struct Counts(Vec<Group>);

impl Counts {
    /// The counts of the rows of `ticket_counts` (at most 24).
    pub fn from_rows(rows: Vec<CountRow>) -> Res<Self> {
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
    pub fn matching(&self, filter: ListFilter) -> u64 {
        self.sum(|g| filter_matches(filter, g.status, g.priority))
    }

    /// How many tickets have each status.
    pub fn by_status(&self) -> StatusCounts {
        StatusCounts {
            open: self.sum(|g| g.status == Status::Open),
            pending: self.sum(|g| g.status == Status::Pending),
            closed: self.sum(|g| g.status == Status::Closed),
        }
    }

    /// How many tickets have had an operator reply.
    pub fn answered(&self) -> u64 {
        self.sum(|g| g.answered)
    }
}
