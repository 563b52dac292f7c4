//! The connection pool: r2d2 over libpq connections, each configured once (statement and lock
//! timeouts). A connection is not checked with a `SELECT 1` each time it is handed out (a
//! round trip per transaction, two per visitor message); instead, a connection on which a
//! statement found the server gone is marked dead, and the pool drops it when it comes back
//! and opens another.

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::{Connection, ConnectionError, PgConnection};

/// A connection of the pool.
pub(crate) struct PooledPg {
    /// The connection.
    pub(crate) conn: PgConnection,
    /// A statement found the server gone: the pool drops it.
    dead: bool,
}

impl PooledPg {
    /// Marks the connection dead: the pool drops it when it comes back.
    pub(crate) fn mark_dead(&mut self) {
        self.dead = true;
    }
}

/// Opens the connections of the pool.
#[derive(Debug)]
pub(crate) struct Manager {
    /// The URL, with the client settings.
    pub(crate) url: String,
    /// The session settings of every connection.
    pub(crate) session: String,
}

impl ManageConnection for Manager {
    type Connection = PooledPg;
    type Error = ConnectionError;

    fn connect(&self) -> Result<PooledPg, ConnectionError> {
        let mut conn = PgConnection::establish(&self.url)?;
        conn.batch_execute(&self.session)
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
        Ok(PooledPg { conn, dead: false })
    }

    fn is_valid(&self, pooled: &mut PooledPg) -> Result<(), ConnectionError> {
        pooled
            .conn
            .ping()
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, pooled: &mut PooledPg) -> bool {
        pooled.dead || std::thread::panicking() || pooled.conn.is_broken()
    }
}
