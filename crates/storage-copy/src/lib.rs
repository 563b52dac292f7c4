//! `app copy-database`: copies every visitor, ticket, message (with the member of the team who
//! wrote it), internal note, outbox entry and operator chat state (forum topics included) of a
//! SQLite database into an empty PostgreSQL database, ids and ticket numbers included, so that
//! an install that outgrows one machine keeps its history and its numbering.
//!
//! Both databases must be migrated to the same version first (opening each store does it).
//! The source is read in one read transaction (a consistent snapshot even if an instance still
//! writes to it, though it should be stopped: what it writes after the snapshot is not
//! copied); the target is written in one transaction that first locks every table and refuses
//! a target holding any row, so that a copy is whole or not at all, and never mixes two
//! installs. The sequences behind ids and ticket numbers are then set past the copied rows.

mod copy;
mod rows;

pub use copy::{copy, CopyError, CopyReport};
