//! A database with many tickets, made fast while the app is not running: the store creates the
//! schema (its migrations), then one transaction of raw inserts fills it, with the same
//! distribution as the storage crate's benchmarks (`crates/storage-sqlite/benches/support/mod.rs`):
//! 5 % open, 10 % pending, 85 % closed; 10 % low, 60 % medium, 20 % high, 10 % urgent; one
//! ticket every ten minutes, the newest one now.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use storage_sqlite::{SqliteStore, StoreConfig};
use ticket_domain::ports::TicketRepository;

use crate::app_process::OPERATOR_CHAT;

/// One ticket every ten minutes, in microseconds.
const EVERY_US: i64 = 600 * 1_000_000;

/// The store over `path`, configured as the app configures it.
pub fn open_store(path: &Path) -> anyhow::Result<SqliteStore> {
    let mut config = StoreConfig::new(path.to_string_lossy());
    config.outbox_destinations = vec![OPERATOR_CHAT.to_string()];
    SqliteStore::open(config).with_context(|| format!("cannot open {}", path.display()))
}

/// Creates `path` with `tickets` tickets (one visitor and one message each); returns how long
/// it took.
pub fn seed(path: &Path, tickets: u32) -> anyhow::Result<Duration> {
    let started = Instant::now();
    drop(open_store(path)?);
    let now_us = chrono::Utc::now().timestamp_micros();
    let base = now_us - i64::from(tickets) * EVERY_US;
    let every = EVERY_US;
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .with_context(|| format!("cannot open {}", path.display()))?;
    conn.batch_execute(&format!(
        "PRAGMA journal_mode = WAL;
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
                  MIN({now_us}, {base} + x * {every} + ((x * 31) % 48) * 3600000000),
                  CASE WHEN st >= 15
                       THEN MIN({now_us}, {base} + x * {every} + ((x * 31) % 48) * 3600000000)
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
    .context("cannot seed the tickets (has the schema changed? see seed.rs)")?;
    drop(conn);
    let counts = open_store(path)?
        .status_counts()
        .context("cannot count the seeded tickets")?;
    ensure!(
        counts.total() == u64::from(tickets),
        "seeded {tickets} tickets but the store counts {}",
        counts.total()
    );
    Ok(started.elapsed())
}
