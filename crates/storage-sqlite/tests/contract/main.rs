//! The ports' contract suite (crate `storage-contract`, shared with every backend), run against
//! [`SqliteStore`] on real database files, and the tests only SQLite needs (concurrency,
//! restarts, atomicity, corrupt rows).

mod sqlite;
mod sqlite_setup;

use std::path::{Path, PathBuf};

use diesel::{Connection, SqliteConnection};
use tempfile::TempDir;

use storage_contract::support::Fixture;
use storage_sqlite::{SqliteStore, StoreConfig};

/// Opens the store of `path`.
fn open_sqlite(path: &Path) -> SqliteStore {
    SqliteStore::open(StoreConfig::new(path.to_string_lossy())).expect("store opened")
}

/// A temporary directory and a database path in it.
pub fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("chat.db");
    (dir, path)
}

/// A connection of its own to the file, to change it behind the store's back.
pub fn raw(path: &Path) -> SqliteConnection {
    SqliteConnection::establish(&path.to_string_lossy()).expect("raw connection")
}

/// A fresh SQLite store in its own temporary directory.
fn sqlite_fixture(destinations: &[&str]) -> Fixture<SqliteStore> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("contract.db");
    let store = open_sqlite(&path);
    Fixture::new(
        store,
        destinations,
        Box::new(move || open_sqlite(&path)),
        Box::new(dir),
    )
}

/// The whole contract suite, against SQLite.
mod contract_on_sqlite {
    storage_contract::contract_tests!(crate::sqlite_fixture);
}
