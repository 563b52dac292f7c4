//! The ports' contract suite (crate `storage-contract`, shared with every backend), run against
//! [`PostgresStore`] on a database of its own per test, and the tests only PostgreSQL needs:
//! several stores (as several instances would open) writing one database at once.
//!
//! Needs `TEST_POSTGRES_URL` (see docs/testing.md); without it every test says it is skipped.

mod postgres;

use storage_contract::support::Fixture;
use storage_postgres::testing::TestDatabase;
use storage_postgres::PostgresStore;

/// A fresh store on a database of its own.
fn postgres_fixture(destinations: &[&str]) -> Fixture<PostgresStore> {
    let database = TestDatabase::create().expect("a test database");
    let store = database.open();
    let url = database.url().to_owned();
    Fixture::new(
        store,
        destinations,
        Box::new(move || {
            let mut config = storage_postgres::PostgresConfig::new(&url);
            config.pool_size = 4;
            PostgresStore::open(config).expect("store reopened")
        }),
        Box::new(database),
    )
}

/// The whole contract suite, against PostgreSQL.
mod contract_on_postgres {
    storage_contract::contract_tests!(crate::postgres_fixture, if storage_postgres::testing::configured());
}
