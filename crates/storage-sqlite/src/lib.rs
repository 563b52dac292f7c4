#![doc = include_str!("../README.md")]

mod chats;
mod checkpointer;
mod config;
mod counts;
mod inbound;
mod listing;
mod messages;
mod outbox;
#[cfg(test)]
mod plans;
mod repository;
#[cfg(feature = "sample-data")]
pub mod sample_data;
mod stats;
mod store;
mod ticket_updates;
mod tickets;
mod transaction;
mod visitors;
mod writer;

pub use config::{StoreConfig, Synchronous};
pub use storage_schema::error::StorageError;
pub use store::SqliteStore;
