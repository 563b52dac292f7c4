//! The dedicated connections of this crate (one to publish, one to listen, one to hold the
//! leader lock): made with a connection timeout, and with TCP keep-alives short enough that
//! the server notices a dead instance (and releases its lock) within seconds.

use diesel::connection::SimpleConnection;
use diesel::{Connection, ConnectionResult, PgConnection};
use storage_schema::postgres_url::with_client_settings;

/// The session settings of every dedicated connection: the server probes an idle peer after
/// 5 s, every 2 s, and drops it after 3 unanswered probes (about 11 s at worst).
const SESSION_SETTINGS: &str = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; \
     SET tcp_keepalives_count = 3; SET statement_timeout = '10s';";

/// A new dedicated connection to `url`, configured.
pub(crate) fn connect(url: &str) -> ConnectionResult<PgConnection> {
    let mut conn = PgConnection::establish(&with_client_settings(url))?;
    conn.batch_execute(SESSION_SETTINGS)
        .map_err(|error| diesel::ConnectionError::BadConnection(error.to_string()))?;
    Ok(conn)
}
