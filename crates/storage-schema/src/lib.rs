//! What the storage backends (`storage-sqlite`, `storage-postgres`) share, so that each keeps
//! only what its database needs of its own (queries, locking, tuning): the tables as diesel sees
//! them ([`schema`]), the rows and their conversions to and from domain values ([`rows`]), and
//! the errors ([`error`]). The two migration directories create these same tables.

pub mod error;
pub mod rows;
pub mod schema;
