#![doc = include_str!("../README.md")]

mod checkpointer;
mod config;
mod inbound;
#[cfg(test)]
mod plans;
#[cfg(feature = "sample-data")]
pub mod sample_data;
mod store;
mod transaction;
mod writer;

pub use config::{StoreConfig, Synchronous};
pub use storage_schema::error::StorageError;
pub use store::SqliteStore;

storage_schema::shared_storage!(
    conn = diesel::SqliteConnection,
    store = crate::SqliteStore,
    dialect = storage_schema::sql::Dialect::Sqlite,
    lock_outbox_claims = crate::store::writes_are_serialised,
);
