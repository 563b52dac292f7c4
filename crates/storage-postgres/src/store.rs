//! Opening the store: the connection pool, the migrations (applied by one instance at a time,
//! under an advisory lock), and the two ways the port implementations use a connection (a
//! read-only snapshot, a write transaction run again on conflicts).

use diesel::r2d2::Pool;
use diesel::{Connection, PgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use storage_schema::error::{Fail, Res, StorageError};
use storage_schema::postgres_url::{redacted, with_client_settings};
use ticket_domain::ports::RepositoryError;

use crate::config::PostgresConfig;
use crate::pool::Manager;
use crate::retry;

/// The migrations of the top-level `migrations-postgres/` directory, compiled in.
const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations-postgres");

/// The advisory lock held while migrating, so that instances starting together on an empty
/// database do not create the tables twice ("tgmigrat").
const MIGRATION_LOCK: i64 = 0x7467_6d69_6772_6174;

/// The advisory lock of the outbox's claiming transactions ("tgoutbox"), held until their
/// commit: two delivery workers (of any instances) never claim the same entries.
const OUTBOX_CLAIMS_LOCK: i64 = 0x7467_6f75_7462_6f78;

/// Tickets, messages, the notification outbox and the operator chats' state in one
/// PostgreSQL database, which several instances may share. Cheap to clone: clones share one
/// connection pool.
///
/// Every method blocks the calling thread on the server; async callers use `spawn_blocking`.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool<Manager>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("pool", &self.pool.state())
            .finish()
    }
}

impl PostgresStore {
    /// Connects, applies the pending migrations (waiting for another instance doing the same)
    /// and fills the connection pool.
    pub fn open(config: PostgresConfig) -> Result<Self, StorageError> {
        let shown = redacted(&config.url);
        let open_error = |source: Box<dyn std::error::Error + Send + Sync>| StorageError::Open {
            database: shown.clone(),
            source,
        };
        let url = with_client_settings(&config.url);
        let mut conn = PgConnection::establish(&url).map_err(|e| open_error(e.into()))?;
        migrate(&mut conn)?;
        drop(conn);

        let timeout_ms = config.statement_timeout.as_millis();
        let pool = Pool::builder()
            .max_size(config.pool_size.max(1))
            // Every connection is opened at start (r2d2's default): a pool that grows under
            // load opens its connections while requests queue for them.
            .connection_timeout(config.checkout_timeout)
            // Dead connections are noticed by the statement that fails on them (`PooledPg`).
            .test_on_check_out(false)
            .build(Manager {
                url,
                session: format!(
                    "SET statement_timeout = {timeout_ms}; SET lock_timeout = {timeout_ms};"
                ),
            })
            .map_err(|e| open_error(e.into()))?;
        Ok(Self { pool })
    }

    /// Checks that the database answers (`SELECT 1`), for health checks.
    pub fn ping(&self) -> Result<(), StorageError> {
        let mut pooled = self.pool.get().map_err(|e| StorageError::Pool(e.into()))?;
        let pinged = diesel::sql_query("SELECT 1").execute(&mut pooled.conn);
        if let Err(error) = pinged {
            pooled.mark_dead();
            return Err(StorageError::Query(error.into()));
        }
        Ok(())
    }

    /// Runs `f` in a read-only `REPEATABLE READ` transaction: one consistent snapshot, as on
    /// SQLite.
    pub(crate) fn read<T>(
        &self,
        mut f: impl FnMut(&mut PgConnection) -> Res<T>,
    ) -> Result<T, RepositoryError> {
        self.on_live_connection(|conn| {
            conn.build_transaction()
                .repeatable_read()
                .read_only()
                .run(&mut f)
        })
    }

    /// Runs `f`, which runs one statement, without a transaction around it: one statement is
    /// one snapshot by itself, and `BEGIN` and `COMMIT` would be two more round trips (on the
    /// lookup of a visitor's token, which every visitor request makes).
    pub(crate) fn read_single<T>(
        &self,
        f: impl FnMut(&mut PgConnection) -> Res<T>,
    ) -> Result<T, RepositoryError> {
        self.on_live_connection(f)
    }

    /// Runs `f` in a `READ COMMITTED` transaction and returns once it is committed; runs it
    /// again (a bounded number of times, after a short random pause) when it failed because of
    /// a concurrent transaction ([`retry::is_transient`]).
    pub(crate) fn write<T: Send + 'static>(
        &self,
        mut f: impl FnMut(&mut PgConnection) -> Res<T> + Send + 'static,
    ) -> Result<T, RepositoryError> {
        self.on_live_connection(|conn| {
            let mut attempt = 1;
            loop {
                match conn.build_transaction().read_committed().run(&mut f) {
                    Err(Fail(error))
                        if attempt < retry::MAX_ATTEMPTS && retry::is_transient(&error) =>
                    {
                        tracing::debug!(attempt, %error, "transaction conflicted; running it again");
                        std::thread::sleep(retry::pause(attempt));
                        attempt += 1;
                    }
                    result => return result,
                }
            }
        })
    }

    /// Runs `run` on a connection of the pool, and again on another one when the server was
    /// gone from the one it had ([`retry::is_disconnection`]: nothing of a transaction on a
    /// dead connection was committed). After a restart of the server every pooled connection
    /// is dead: each is found and replaced in turn.
    fn on_live_connection<T>(
        &self,
        mut run: impl FnMut(&mut PgConnection) -> Res<T>,
    ) -> Result<T, RepositoryError> {
        let mut reconnects = 0;
        loop {
            let mut pooled = self.pool.get().map_err(Fail::from)?;
            match run(&mut pooled.conn) {
                Err(Fail(error)) if retry::is_disconnection(&error) => {
                    pooled.mark_dead();
                    if reconnects > self.pool.max_size() {
                        return Err(error);
                    }
                    tracing::info!(%error, "a pooled connection was dead; running again on another");
                    reconnects += 1;
                }
                result => return Ok(result?),
            }
        }
    }
}

/// Applies the pending migrations under [`MIGRATION_LOCK`].
fn migrate(conn: &mut PgConnection) -> Result<(), StorageError> {
    let lock = |conn: &mut PgConnection, sql: &str| {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
            .execute(conn)
            .map_err(|e| StorageError::Migrate(e.into()))
    };
    lock(conn, "SELECT pg_advisory_lock($1)")?;
    let migrated = conn
        .run_pending_migrations(MIGRATIONS)
        .map(drop)
        .map_err(StorageError::Migrate);
    lock(conn, "SELECT pg_advisory_unlock($1)")?;
    migrated
}

/// The outbox's claiming lock: [`OUTBOX_CLAIMS_LOCK`], until the commit.
pub(crate) fn lock_outbox_claims(conn: &mut PgConnection) -> Res<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(OUTBOX_CLAIMS_LOCK)
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The migration directories' names (their versions), sorted.
    fn versions(dir: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&root)
            .expect("migrations directory")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_databases_have_the_same_migrations() {
        assert_eq!(versions("migrations-postgres"), versions("migrations"));
    }
}
