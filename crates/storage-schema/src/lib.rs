//! What the storage backends (`storage-sqlite`, `storage-postgres`) share, so that each keeps
//! only what its database needs of its own (opening, transactions, locking, tuning): the tables
//! as diesel sees them ([`schema`]), the rows and their conversions to and from domain values
//! ([`rows`]), the errors ([`error`]), the hand-written SQL of each dialect ([`sql`]), the
//! ticket counts ([`counts`]), and the queries and port implementations written once for both
//! connections ([`shared_storage!`]). The two migration directories create these same tables.

pub mod counts;
pub mod error;
pub mod postgres_url;
pub mod rows;
pub mod schema;
mod shared;
pub mod sql;
pub mod ticket_updates;

/// The crates the code of [`shared_storage!`] names, so that it expands the same in every
/// backend.
#[doc(hidden)]
pub mod __private {
    pub use chrono;
    pub use diesel;
    pub use serde_json;
    pub use ticket_domain;
    pub use tracing;
}
