//! Errors: [`StorageError`] for opening a store, and [`Fail`], which turns diesel and r2d2
//! errors into [`RepositoryError`] at the edge of the ports.

use ticket_domain::ports::RepositoryError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why the store could not be opened or reached.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database could not be opened, reached or configured.
    #[error("cannot open the database {database}")]
    Open {
        /// The file, or the server's URL without its password.
        database: String,
        /// Why.
        #[source]
        source: BoxError,
    },
    /// The migrations could not be applied.
    #[error("cannot apply the database migrations")]
    Migrate(#[source] BoxError),
    /// No connection could be had from the pool.
    #[error("no database connection available")]
    Pool(#[source] BoxError),
    /// A query failed.
    #[error("database query failed")]
    Query(#[source] BoxError),
}

/// Stored data that does not make a valid domain value (a bad status, a ticket number below
/// 1001, an invalid e-mail address, …): the database was changed outside this crate.
#[derive(Debug, thiserror::Error)]
#[error("corrupt {what} in the database: {value:?}")]
pub struct CorruptData {
    /// What kind of value.
    pub what: &'static str,
    /// The value found.
    pub value: String,
}

/// The error of the storage crates' internal functions: a domain error, or a storage failure already
/// boxed. Exists because `From<diesel::result::Error> for RepositoryError` would break the
/// orphan rule, and diesel's transactions need such a conversion.
#[derive(Debug)]
pub struct Fail(
    /// The error, as the ports report it.
    pub RepositoryError,
);

/// The result of the crates' internal functions.
pub type Res<T> = Result<T, Fail>;

impl Fail {
    /// Corrupt stored data.
    pub fn corrupt(what: &'static str, value: impl ToString) -> Self {
        Self::storage(CorruptData {
            what,
            value: value.to_string(),
        })
    }

    /// A storage failure.
    pub fn storage(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(RepositoryError::Storage(Box::new(error)))
    }
}

impl From<diesel::result::Error> for Fail {
    fn from(error: diesel::result::Error) -> Self {
        Self::storage(error)
    }
}

impl From<diesel::r2d2::PoolError> for Fail {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::storage(error)
    }
}

impl From<RepositoryError> for Fail {
    fn from(error: RepositoryError) -> Self {
        Self(error)
    }
}

impl From<Fail> for RepositoryError {
    fn from(fail: Fail) -> Self {
        fail.0
    }
}
