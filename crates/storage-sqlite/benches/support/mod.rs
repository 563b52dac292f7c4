//! What the storage benchmarks and the append-latency example share: a database of 100,000
//! sample tickets, and the visitor message they append.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use storage_sqlite::{sample_data, SqliteStore, StoreConfig, Synchronous};
use ticket_domain::ports::{transact, NewVisitorMessage, RecordedVisitorMessage};
use ticket_domain::service::transactions;
use ticket_domain::values::{ClientId, MessageText, Page};
use ticket_domain::visitor::VisitorId;

/// How many tickets the database holds.
pub const TICKETS: i64 = 100_000;
/// The first ticket's creation, in seconds since the epoch (2024-01-01).
const BASE_SECS: i64 = 1_704_067_200;
/// One ticket every ten minutes (as `storage_sqlite::sample_data` makes them): 100,000
/// tickets span about two years.
const EVERY_SECS: i64 = 600;

/// Seeds `TICKETS` sample tickets (`storage_sqlite::sample_data`), the newest one
/// `EVERY_SECS` before [`now`].
pub fn seed(path: &Path) {
    let newest = now() - TimeDelta::seconds(EVERY_SECS);
    let tickets = u32::try_from(TICKETS).expect("ticket count");
    sample_data::seed(StoreConfig::new(path.to_string_lossy()), tickets, newest).expect("seed");
}

/// The instant right after the last seeded ticket.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(BASE_SECS + (TICKETS + 1) * EVERY_SECS, 0).expect("instant")
}

/// Opens the store.
pub fn open(path: &Path, synchronous: Synchronous) -> SqliteStore {
    let mut config = StoreConfig::new(path.to_string_lossy());
    config.synchronous = synchronous;
    SqliteStore::open(config).expect("store")
}

/// Appends the `i`-th message as the visitor use case does (the domain's transaction), with
/// one operator chat to notify.
pub fn append(store: &SqliteStore, i: i64) -> RecordedVisitorMessage {
    let new = message(i);
    transact(store, move |tx| {
        transactions::record_visitor_message(tx, &new, &["123456789".to_owned()])
    })
    .expect("stored")
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
