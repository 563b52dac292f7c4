//! What the storage benchmarks and the append-latency example share: a database of 100,000
//! tickets seeded with raw SQL, and the visitor message they append.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use storage_sqlite::{SqliteStore, StoreConfig, Synchronous};
use ticket_domain::ports::NewVisitorMessage;
use ticket_domain::values::{ClientId, MessageText, Page};
use ticket_domain::visitor::VisitorId;

/// How many tickets the database holds.
pub const TICKETS: i64 = 100_000;
/// The first ticket's creation, in seconds since the epoch (2024-01-01).
const BASE_SECS: i64 = 1_704_067_200;
/// One ticket every ten minutes: 100,000 tickets span about two years.
const EVERY_SECS: i64 = 600;

/// Seeds `TICKETS` tickets (one visitor and one message each) in one transaction of raw
/// inserts. Statuses: 5 % open, 10 % pending, 85 % closed; priorities: 10 % low, 60 % medium,
/// 20 % high, 10 % urgent; 90 % of the answered tickets have a first response within 2 hours.
pub fn seed(path: &Path) {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).expect("connection");
    let base = BASE_SECS * 1_000_000;
    let every = EVERY_SECS * 1_000_000;
    conn.batch_execute(&format!(
        "BEGIN;
         CREATE TEMP TABLE seq AS
           WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {TICKETS})
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
                  {base} + x * {every} + ((x * 31) % 48) * 3600000000,
                  CASE WHEN st >= 15 THEN {base} + x * {every} + ((x * 31) % 48) * 3600000000 END,
                  CASE WHEN st >= 5 AND x % 10 <> 0
                       THEN {base} + x * {every} + ((x * 13) % 7200) * 1000000 END,
                  CASE WHEN st >= 5 AND x % 10 <> 0 THEN ((x * 13) % 7200) * 1000000 END,
                  '/page/' || (x % 50)
           FROM seq;
         INSERT INTO messages (ticket_number, author, text, sent_at, page)
           SELECT 1000 + x, 'visitor', 'Question ' || x, {base} + x * {every}, '/page/' || (x % 50)
           FROM seq;
         DROP TABLE seq;
         COMMIT;"
    ))
    .expect("seed");
}

/// The instant right after the last seeded ticket.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(BASE_SECS + (TICKETS + 1) * EVERY_SECS, 0).expect("instant")
}

/// Opens the store with one outbox destination.
pub fn open(path: &Path, synchronous: Synchronous) -> SqliteStore {
    let mut config = StoreConfig::new(path.to_string_lossy());
    config.synchronous = synchronous;
    config.outbox_destinations = vec!["123456789".to_owned()];
    SqliteStore::open(config).expect("store")
}

/// The `i`-th appended message: one of the first 1,000 visitors, a new client id each time.
pub fn message(i: i64) -> NewVisitorMessage {
    NewVisitorMessage {
        visitor: VisitorId(1 + i % 1_000),
        text: MessageText::new("Bonjour, j'ai une question sur ma commande").expect("text"),
        client_id: Some(ClientId::new(&format!("bench-{i}")).expect("client id")),
        page: Some(Page::new("/commande").expect("page")),
        device: None,
        name: None,
        email: None,
        at: now() + TimeDelta::milliseconds(i),
    }
}
