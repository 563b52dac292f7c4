#![doc = include_str!("../README.md")]

mod chats;
mod config;
mod error;
mod listing;
mod messages;
mod outbox;
mod repository;
mod rows;
mod schema;
mod stats;
mod store;
mod tickets;
mod visitors;

pub use config::{StoreConfig, Synchronous};
pub use error::StorageError;
pub use store::SqliteStore;
