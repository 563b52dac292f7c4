//! The hand-written SQL of the list and the statistics, for each database: SQLite is told
//! which index to read (`INDEXED BY`, since without `ANALYZE` statistics it picks a worse one)
//! and numbers its parameters `?`; PostgreSQL plans from its own statistics and numbers them
//! `$1`, `$2`. Everything else (conditions, order, columns) is one text for both.

use ticket_domain::command::ListFilter;
use ticket_domain::ticket::{Priority, Status};

/// The database a statement is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite: `INDEXED BY` hints, `?` parameters.
    Sqlite,
    /// PostgreSQL: no hints, `$n` parameters.
    Postgres,
}

impl Dialect {
    /// `FROM`'s index hint for `index` (nothing on PostgreSQL).
    fn indexed_by(self, index: &str) -> String {
        match self {
            Self::Sqlite => format!(" INDEXED BY {index}"),
            Self::Postgres => String::new(),
        }
    }

    /// The `n`th parameter (from 1).
    fn parameter(self, n: u8) -> String {
        match self {
            Self::Sqlite => "?".to_owned(),
            Self::Postgres => format!("${n}"),
        }
    }
}

/// Whether a ticket of this status and priority is listed by `filter`; the conditions of
/// [`plan`] say the same in SQL.
pub fn filter_matches(filter: ListFilter, status: Status, priority: Priority) -> bool {
    match filter {
        ListFilter::Active => status != Status::Closed,
        ListFilter::Open => status == Status::Open,
        ListFilter::Pending => status == Status::Pending,
        ListFilter::Closed => status == Status::Closed,
        ListFilter::Urgent => status != Status::Closed && priority == Priority::Urgent,
        ListFilter::All => true,
    }
}

/// The index and the condition of a filter. The conditions are literals written exactly as
/// the WHERE clauses of the partial indexes, so that both databases can use them.
pub fn plan(filter: ListFilter) -> (&'static str, &'static str) {
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

/// The query of a filter's page, in the list's order (most urgent, then latest activity, then
/// highest number); binds: limit, offset.
pub fn page_sql(dialect: Dialect, filter: ListFilter) -> String {
    let (index, condition) = plan(filter);
    format!(
        "SELECT t.number, t.subject, t.status, t.priority, t.created_at, t.last_activity_at, \
                t.closed_at, t.last_page, t.last_device, t.assignee_id, t.assignee_name, \
                v.id, v.name, v.email \
         FROM tickets AS t{} \
         JOIN visitors AS v ON v.id = t.visitor_id \
         {condition} \
         ORDER BY t.priority DESC, t.last_activity_at DESC, t.number DESC \
         LIMIT {} OFFSET {}",
        dialect.indexed_by(index),
        dialect.parameter(1),
        dialect.parameter(2),
    )
}

/// Active tickets with no activity since the parameter.
pub fn stale_sql(dialect: Dialect) -> String {
    format!(
        "SELECT COUNT(*) AS n FROM tickets{} \
         WHERE status <> 'closed' AND last_activity_at < {}",
        dialect.indexed_by("tickets_active_activity"),
        dialect.parameter(1),
    )
}

/// Tickets created since the parameter.
pub fn created_since_sql(dialect: Dialect) -> String {
    format!(
        "SELECT COUNT(*) AS n FROM tickets{} WHERE created_at >= {}",
        dialect.indexed_by("tickets_created"),
        dialect.parameter(1),
    )
}

/// The first-response times in order; binds: limit, offset.
pub fn first_responses_sql(dialect: Dialect) -> String {
    format!(
        "SELECT first_response_us AS n FROM tickets{} \
         WHERE first_response_us IS NOT NULL \
         ORDER BY first_response_us LIMIT {} OFFSET {}",
        dialect.indexed_by("tickets_first_response"),
        dialect.parameter(1),
        dialect.parameter(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_names_the_index() {
        let sqlite = page_sql(Dialect::Sqlite, ListFilter::Urgent);
        let postgres = page_sql(Dialect::Postgres, ListFilter::Urgent);
        assert!(
            sqlite.contains("INDEXED BY tickets_active_order"),
            "{sqlite}"
        );
        assert!(sqlite.ends_with("LIMIT ? OFFSET ?"), "{sqlite}");
        assert!(!postgres.contains("INDEXED BY"), "{postgres}");
        assert!(postgres.ends_with("LIMIT $1 OFFSET $2"), "{postgres}");
        assert_eq!(
            stale_sql(Dialect::Postgres),
            "SELECT COUNT(*) AS n FROM tickets WHERE status <> 'closed' AND last_activity_at < $1"
        );
    }
}
