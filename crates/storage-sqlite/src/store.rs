//! Opening the store: the file, the migrations, the connection pool (reads), the writer
//! (writes, see [`crate::writer`]) and the PRAGMAs every connection gets; and the two ways the
//! port implementations use a connection (a read transaction, a write in the writer's group
//! commit).

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::{Connection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use ticket_domain::ports::RepositoryError;

use crate::config::{StoreConfig, Synchronous};
use crate::writer::{Reopen, Writer};
use storage_schema::error::{Fail, Res, StorageError};

/// The migrations of the top-level `migrations/` directory, compiled in.
const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Tickets, messages, the notification outbox and the operator chats' state in one SQLite
/// file. Cheap to clone: clones share one connection pool.
///
/// Every method blocks the calling thread on SQLite; async callers use `spawn_blocking`.
/// Reads use the pool's connections; writes queue for the store's one writer thread, which
/// commits the writes waiting together (group commit).
#[derive(Clone)]
pub struct SqliteStore {
    pool: Pool<ConnectionManager<SqliteConnection>>,
    writer: Writer,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("pool", &self.pool.state())
            .finish()
    }
}

/// The PRAGMAs of every new connection of the pool.
#[derive(Debug, Clone, Copy)]
struct Pragmas {
    busy_timeout: Duration,
    synchronous: Synchronous,
}

impl Pragmas {
    fn apply(&self, conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
        // busy_timeout first: the journal-mode switch may itself have to wait for a lock.
        // temp_store: the savepoint of each write of a group keeps its undo pages in memory
        // rather than in a temporary file (one `pwrite` per page changed).
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
             PRAGMA synchronous = {}; PRAGMA temp_store = MEMORY;",
            self.busy_timeout.as_millis(),
            self.synchronous.as_sql(),
        ))
    }
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        self.apply(conn).map_err(diesel::r2d2::Error::QueryError)
    }
}

impl SqliteStore {
    /// Opens (creating it when missing) the database file, applies the pending migrations and
    /// fills the connection pool.
    pub fn open(config: StoreConfig) -> Result<Self, StorageError> {
        let path = config.path().to_owned();
        let open_error = |source: Box<dyn std::error::Error + Send + Sync>| StorageError::Open {
            database: path.clone(),
            source,
        };
        if path.is_empty() || path.starts_with(":memory:") || path.contains("mode=memory") {
            return Err(open_error(
                "an in-memory database is one database per connection: give a file".into(),
            ));
        }
        let pragmas = Pragmas {
            busy_timeout: config.busy_timeout,
            synchronous: config.synchronous,
        };

        // Migrate on the writer's connection before the pool opens the others.
        let connect = {
            let path = path.clone();
            move || -> Result<SqliteConnection, String> {
                let mut conn = SqliteConnection::establish(&path).map_err(|e| e.to_string())?;
                pragmas.apply(&mut conn).map_err(|e| e.to_string())?;
                Ok(conn)
            }
        };
        let mut conn = connect().map_err(|e| open_error(e.into()))?;
        conn.run_pending_migrations(MIGRATIONS)
            .map_err(StorageError::Migrate)?;
        let reopen: Reopen = Box::new(connect);
        let writer = Writer::start(conn, reopen).map_err(|e| open_error(e.into()))?;

        let pool = Pool::builder()
            .max_size(config.pool_size.max(1))
            .connection_customizer(Box::new(pragmas))
            .build(ConnectionManager::new(path.clone()))
            .map_err(|e| open_error(e.into()))?;
        Ok(Self { pool, writer })
    }

    /// Checks that the database answers (`SELECT 1`), for health checks.
    pub fn ping(&self) -> Result<(), StorageError> {
        let mut conn = self.pool.get().map_err(|e| StorageError::Pool(e.into()))?;
        diesel::sql_query("SELECT 1")
            .execute(&mut conn)
            .map_err(|e| StorageError::Query(e.into()))?;
        Ok(())
    }

    /// Runs `f` in a read transaction (`BEGIN DEFERRED`: one consistent snapshot).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&mut SqliteConnection) -> Res<T>,
    ) -> Result<T, RepositoryError> {
        let mut conn = self.pool.get().map_err(Fail::from)?;
        let conn: &mut SqliteConnection = &mut conn;
        Ok(conn.transaction(f)?)
    }

    /// Runs `f`, which runs one statement, as [`Self::read`] does (a transaction costs SQLite
    /// nothing more).
    pub(crate) fn read_single<T>(
        &self,
        f: impl FnOnce(&mut SqliteConnection) -> Res<T>,
    ) -> Result<T, RepositoryError> {
        self.read(f)
    }

    /// Runs `f` on the writer, in a savepoint of the next group's `BEGIN IMMEDIATE`
    /// transaction, and returns once that group is committed: `f`'s changes are durable (or
    /// undone, with the error, if `f` failed or the group could not commit). `BEGIN IMMEDIATE`
    /// takes the write lock at once, so that another process writing the same file makes the
    /// writer wait on `busy_timeout` instead of failing with "database is locked".
    pub(crate) fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut SqliteConnection) -> Res<T> + Send + 'static,
    ) -> Result<T, RepositoryError> {
        self.writer.write(f)
    }
}

/// The outbox's claiming lock: none is needed, every write runs on the one writer, inside
/// `BEGIN IMMEDIATE` (which also excludes the writers of other processes).
pub(crate) fn writes_are_serialised(_: &mut SqliteConnection) -> Res<()> {
    Ok(())
}
