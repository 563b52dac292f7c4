//! Durable storage in PostgreSQL: the same ports, tables and rows as `storage-sqlite` (the
//! queries both share are written once, in `storage-schema`), for several instances of the
//! app sharing one database.
//!
//! What differs from SQLite, and why:
//! - Writes are `READ COMMITTED` transactions; the rows a use case reads and then changes (its
//!   visitor, its ticket) are read `FOR UPDATE`, so that concurrent use cases on one ticket run
//!   one after the other, whichever instance runs them. Conflicts that remain (two instances
//!   inserting the same key at once, a deadlock) are retried ([`retry`](crate)).
//! - Ticket numbers come from a one-row counter updated in the creating transaction (no gaps,
//!   no duplicates), not from `MAX(number) + 1`, which two instances could both read.
//! - The outbox's claims take an advisory lock, so that two delivery workers never claim the
//!   same entries; an incoming update's claim is one atomic upsert.
//! - Reads are read-only `REPEATABLE READ` transactions: one snapshot, as on SQLite.
//! - Migrations run under an advisory lock: instances starting together on an empty database
//!   create the schema once.

mod config;
mod inbound;
mod pool;
mod retry;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod transaction;

pub use config::PostgresConfig;
pub use storage_schema::error::StorageError;
pub use store::PostgresStore;

storage_schema::shared_storage!(
    conn = diesel::PgConnection,
    store = crate::PostgresStore,
    dialect = storage_schema::sql::Dialect::Postgres,
    lock_outbox_claims = crate::store::lock_outbox_claims,
);
