//! Throwaway databases for tests (feature `testing`): each [`TestDatabase`] is a new database
//! on the server of `TEST_POSTGRES_URL`, dropped when it is dropped.
//!
//! `TEST_POSTGRES_URL` names a role that may create databases (`scripts/with-postgres` starts
//! a server and sets it; see docs/testing.md). When it is unset, [`TestDatabase::create`]
//! prints why the test is skipped and returns `None`, unless `REQUIRE_POSTGRES=1` (set by
//! CI), which makes a missing or unreachable server fail the test.

use std::sync::atomic::{AtomicU32, Ordering};

use diesel::{Connection, PgConnection, RunQueryDsl};
use storage_schema::postgres_url::{redacted, with_client_settings, with_database};

use crate::{PostgresConfig, PostgresStore};

/// The variable naming the test server.
pub const URL_VARIABLE: &str = "TEST_POSTGRES_URL";

/// The variable that turns a missing server into a failure.
pub const REQUIRED_VARIABLE: &str = "REQUIRE_POSTGRES";

/// Why a test database could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TestDatabaseError(String);

/// A database of its own for one test, dropped (connections and all) when this is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

/// Whether PostgreSQL tests must run rather than skip.
fn required() -> bool {
    std::env::var(REQUIRED_VARIABLE).is_ok_and(|value| value == "1")
}

/// Whether a test server is configured; when it is not, says on stderr that the test is
/// skipped.
///
/// # Panics
///
/// When no server is configured but `REQUIRE_POSTGRES=1`.
#[allow(clippy::print_stderr)]
pub fn configured() -> bool {
    if std::env::var_os(URL_VARIABLE).is_some() {
        return true;
    }
    assert!(
        !required(),
        "{REQUIRED_VARIABLE}=1 but {URL_VARIABLE} is not set"
    );
    eprintln!(
        "skipped: PostgreSQL tests need {URL_VARIABLE} (run scripts/with-postgres, see \
         docs/testing.md)"
    );
    false
}

impl TestDatabase {
    /// A new empty database, or `None` (after saying so on stderr) when no server is
    /// configured and none is required.
    ///
    /// # Panics
    ///
    /// When the server is configured (or required) but cannot be reached or refuses to create
    /// the database: a broken setup must not pass as a skipped test.
    pub fn create() -> Option<Self> {
        if !configured() {
            return None;
        }
        let admin_url = std::env::var(URL_VARIABLE).ok()?;
        Some(Self::create_on(&admin_url).unwrap_or_else(|e| panic!("{e}")))
    }

    /// A new empty database on the server of `admin_url` (a role that may create databases).
    pub fn create_on(admin_url: &str) -> Result<Self, TestDatabaseError> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "chat_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let mut admin = PgConnection::establish(&with_client_settings(admin_url))
            .map_err(|e| TestDatabaseError(format!("cannot reach {}: {e}", redacted(admin_url))))?;
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .map_err(|e| TestDatabaseError(format!("cannot create the database {name}: {e}")))?;
        let url = with_database(admin_url, &name);
        Ok(Self {
            admin_url: admin_url.to_owned(),
            name,
            url,
        })
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A store on the database, with a small pool.
    ///
    /// # Panics
    ///
    /// When the store cannot be opened.
    pub fn open(&self) -> PostgresStore {
        let mut config = PostgresConfig::new(&self.url);
        config.pool_size = 4;
        PostgresStore::open(config).unwrap_or_else(|e| panic!("store on {}: {e:?}", self.name))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let dropped = PgConnection::establish(&with_client_settings(&self.admin_url)).and_then(
            |mut admin| {
                diesel::sql_query(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .execute(&mut admin)
                .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
            },
        );
        if let Err(error) = dropped {
            tracing::warn!(database = %self.name, %error, "test database not dropped");
        }
    }
}
