//! Sample data for benchmarks and load tests: a database of many tickets made in about a
//! second with raw SQL, far faster than through the ports.
//!
//! The distribution: one ticket every ten minutes, the newest created at the instant given;
//! statuses 5 % open, 10 % pending, 85 % closed; priorities 10 % low, 60 % medium, 20 % high,
//! 10 % urgent; 90 % of the answered tickets have a first response within two hours; one
//! visitor (a third of them named) and one message per ticket. Statuses are spread uniformly
//! over time, so most active tickets are old: a pessimistic case for the "stale" count.

use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use ticket_domain::ports::TicketRepository;

use crate::{SqliteStore, StorageError, StoreConfig};

/// The time between two sample tickets' creation, in microseconds (ten minutes).
const EVERY_US: i64 = 600 * 1_000_000;

/// Fills the database at `config`'s path, which must hold no ticket yet, with `tickets`
/// sample tickets, the newest created at `newest`; no activity is later than `newest`. The
/// store's migrations run first. Checks the count afterwards.
pub fn seed(config: StoreConfig, tickets: u32, newest: DateTime<Utc>) -> Result<(), StorageError> {
    drop(SqliteStore::open(config.clone())?);
    let query = |error: diesel::result::Error| StorageError::Query(error.into());
    let newest_us = newest.timestamp_micros();
    let base = newest_us - i64::from(tickets) * EVERY_US;
    let every = EVERY_US;
    let mut conn = SqliteConnection::establish(config.path()).map_err(|e| StorageError::Open {
        database: config.path().to_owned(),
        source: e.into(),
    })?;
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = 5000;
         PRAGMA journal_mode = WAL;
         BEGIN;
         CREATE TEMP TABLE seq AS
           WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {tickets})
           SELECT x, (x * 7919) % 100 AS st, (x * 104729) % 100 AS pr FROM s;
         INSERT INTO visitors (id, token_hash, name, email, created_at)
           SELECT x, 'seed-' || x, CASE WHEN x % 3 = 0 THEN 'Visitor ' || x END, NULL,
                  {base} + x * {every} FROM seq;
         INSERT INTO tickets (number, visitor_id, subject, status, priority, created_at,
                              last_activity_at, closed_at, first_response_at,
                              first_response_us, last_page)
           SELECT 1000 + x, x, 'Question ' || x,
                  CASE WHEN st < 5 THEN 'open' WHEN st < 15 THEN 'pending' ELSE 'closed' END,
                  CASE WHEN pr < 10 THEN 0 WHEN pr < 70 THEN 1 WHEN pr < 90 THEN 2 ELSE 3 END,
                  {base} + x * {every},
                  MIN({newest_us}, {base} + x * {every} + ((x * 31) % 48) * 3600000000),
                  CASE WHEN st >= 15
                       THEN MIN({newest_us}, {base} + x * {every} + ((x * 31) % 48) * 3600000000)
                  END,
                  CASE WHEN st >= 5 AND x % 10 <> 0
                       THEN {base} + x * {every} + ((x * 13) % 7200) * 1000000 END,
                  CASE WHEN st >= 5 AND x % 10 <> 0 THEN ((x * 13) % 7200) * 1000000 END,
                  '/page/' || (x % 50)
           FROM seq;
         INSERT INTO messages (ticket_number, author, text, sent_at, page)
           SELECT 1000 + x, 'visitor', 'Question ' || x, {base} + x * {every},
                  '/page/' || (x % 50)
           FROM seq;
         DROP TABLE seq;
         COMMIT;
         PRAGMA wal_checkpoint(TRUNCATE);"
    ))
    .map_err(query)?;
    drop(conn);
    let counted = SqliteStore::open(config)?
        .status_counts()
        .map_err(|e| StorageError::Query(e.into()))?
        .total();
    if counted != u64::from(tickets) {
        return Err(StorageError::Query(
            format!("seeded {tickets} tickets but the store counts {counted}").into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ticket_domain::ports::TicketRepository;

    use super::*;

    #[test]
    fn seeds_the_tickets_asked_for_with_nothing_after_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.db");
        let newest = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        seed(StoreConfig::new(path.to_string_lossy()), 1_000, newest).unwrap();
        let store = SqliteStore::open(StoreConfig::new(path.to_string_lossy())).unwrap();
        let counts = store.status_counts().unwrap();
        assert_eq!(counts.total(), 1_000);
        let last = store
            .ticket(ticket_domain::ticket::TicketNumber::new(2000).unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(last.created_at, newest);
        assert!(last.last_activity_at <= newest);
    }

    #[test]
    fn a_database_that_has_tickets_already_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("twice.db");
        let config = StoreConfig::new(path.to_string_lossy());
        let newest = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        seed(config.clone(), 10, newest).unwrap();
        assert!(seed(config, 10, newest).is_err());
    }
}
