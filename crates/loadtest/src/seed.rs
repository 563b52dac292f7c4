//! A database with many tickets, made while the app is not running, with the storage crate's
//! sample data (the distribution of its benchmarks, the newest ticket now).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use storage_sqlite::{sample_data, SqliteStore, StoreConfig};

/// The store's configuration for `path`, as the app configures it.
fn config(path: &Path) -> StoreConfig {
    StoreConfig::new(path.to_string_lossy())
}

/// The store over `path`, configured as the app configures it.
pub fn open_store(path: &Path) -> anyhow::Result<SqliteStore> {
    SqliteStore::open(config(path)).with_context(|| format!("cannot open {}", path.display()))
}

/// Creates `path` with `tickets` sample tickets (`storage_sqlite::sample_data`), the newest
/// one now; returns how long it took.
pub fn seed(path: &Path, tickets: u32) -> anyhow::Result<Duration> {
    let started = Instant::now();
    sample_data::seed(config(path), tickets, chrono::Utc::now())
        .with_context(|| format!("cannot seed {} with {tickets} tickets", path.display()))?;
    Ok(started.elapsed())
}
