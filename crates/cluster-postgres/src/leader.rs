//! [`Leadership`]: which instance polls Telegram and runs the outbox worker when several share
//! one database. The leader holds a session-level advisory lock on a dedicated connection;
//! when it dies, its session ends (at once for a killed process, whose socket the kernel
//! closes; within about 11 s for a lost network, by the keep-alives of
//! [`crate::connect`]) and another instance's next attempt, at most a second later, wins.

use std::time::Duration;

use diesel::sql_types::{BigInt, Bool};
use diesel::{PgConnection, QueryableByName, RunQueryDsl};
use tokio::sync::watch;

use crate::connect::connect;

/// The advisory lock key of the Telegram poller's leadership (the ASCII of "tgpoller").
pub const POLLING_LEADER_KEY: i64 = 0x7467_706f_6c6c_6572;

/// How often a follower tries to take the lock, and the leader checks its connection.
const BEAT: Duration = Duration::from_secs(1);

/// This instance's standing in the election for one lock. Dropping it ends the campaign (and
/// releases the lock, with the connection).
#[derive(Debug)]
pub struct Leadership {
    leading: watch::Receiver<bool>,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

impl Leadership {
    /// Starts campaigning for the advisory lock `key` on `url` on a thread of its own: tries
    /// every second, and once leader checks every second that the lock's connection lives.
    pub fn campaign(url: &str, key: i64) -> Result<Self, std::io::Error> {
        let (report, leading) = watch::channel(false);
        let url = url.to_owned();
        std::thread::Builder::new()
            .name("leader-lock".into())
            .spawn(move || campaign(&url, key, &report))?;
        Ok(Self { leading })
    }

    /// Whether this instance leads now.
    pub fn is_leader(&self) -> bool {
        *self.leading.borrow()
    }

    /// Waits until this instance leads.
    pub async fn won(&mut self) {
        let _ = self.leading.wait_for(|leading| *leading).await;
    }

    /// Waits until this instance no longer leads (its lock's connection failed).
    pub async fn lost(&mut self) {
        let _ = self.leading.wait_for(|leading| !*leading).await;
    }
}

/// The campaign's loop, until the [`Leadership`] is dropped.
fn campaign(url: &str, key: i64, report: &watch::Sender<bool>) {
    let mut conn: Option<PgConnection> = None;
    let mut warned = false;
    while !report.is_closed() {
        let connection = match conn.as_mut() {
            Some(connection) => connection,
            None => match connect(url) {
                Ok(fresh) => conn.insert(fresh),
                Err(error) => {
                    if !warned {
                        tracing::warn!(%error, "cannot connect to campaign for leadership; retrying");
                        warned = true;
                    }
                    std::thread::sleep(BEAT);
                    continue;
                }
            },
        };
        let leading = *report.borrow();
        let checked = if leading {
            diesel::sql_query("SELECT 1")
                .execute(connection)
                .map(|_| true)
        } else {
            diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
                .bind::<BigInt, _>(key)
                .get_result::<Locked>(connection)
                .map(|row| row.locked)
        };
        match checked {
            Ok(now_leading) => {
                warned = false;
                if now_leading != leading {
                    if now_leading {
                        tracing::info!("this instance now leads: it polls Telegram and delivers");
                    }
                    report.send_replace(now_leading);
                }
            }
            Err(error) => {
                if leading {
                    tracing::warn!(%error, "the leader lock's connection failed: leading no more");
                    report.send_replace(false);
                } else if !warned {
                    tracing::warn!(%error, "cannot campaign for leadership; retrying");
                    warned = true;
                }
                conn = None;
            }
        }
        std::thread::sleep(BEAT);
    }
}
