//! The dedicated connections of this crate (one to publish, one to listen, one to hold the
//! leader lock): made with a connection timeout, and with TCP keep-alives short enough that
//! the server notices a dead instance (and releases its lock) within seconds.

use diesel::connection::SimpleConnection;
use diesel::{Connection, ConnectionResult, PgConnection};

/// How long libpq may take to connect, when the URL does not say.
const CONNECT_TIMEOUT_SECS: u32 = 5;

/// The session settings of every dedicated connection: the server probes an idle peer after
/// 5 s, every 2 s, and drops it after 3 unanswered probes (about 11 s at worst).
const SESSION_SETTINGS: &str = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; \
     SET tcp_keepalives_count = 3; SET statement_timeout = '10s';";

/// A new dedicated connection to `url`, configured.
pub(crate) fn connect(url: &str) -> ConnectionResult<PgConnection> {
    let mut conn = PgConnection::establish(&with_connect_timeout(url))?;
    conn.batch_execute(SESSION_SETTINGS)
        .map_err(|error| diesel::ConnectionError::BadConnection(error.to_string()))?;
    Ok(conn)
}

/// `url` with libpq's `connect_timeout` (and keep-alives on the client side) added when it
/// does not set them.
fn with_connect_timeout(url: &str) -> String {
    let mut url = url.to_owned();
    for (key, value) in [
        ("connect_timeout", CONNECT_TIMEOUT_SECS.to_string()),
        ("keepalives_idle", "5".to_owned()),
        ("keepalives_interval", "2".to_owned()),
        ("keepalives_count", "3".to_owned()),
    ] {
        if !url.contains(&format!("{key}=")) {
            let separator = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{separator}{key}={value}");
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_added_unless_the_url_sets_them() {
        assert_eq!(
            with_connect_timeout("postgres://h/db"),
            "postgres://h/db?connect_timeout=5&keepalives_idle=5&keepalives_interval=2\
             &keepalives_count=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=require&connect_timeout=30"),
            "postgres://h/db?sslmode=require&connect_timeout=30&keepalives_idle=5\
             &keepalives_interval=2&keepalives_count=3"
        );
    }
}
