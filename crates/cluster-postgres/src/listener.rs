//! The listening thread: `LISTEN`s on its own connection, reads the messages a notification
//! names, and pushes every event of another instance to this instance's sockets. When the
//! connection drops (PostgreSQL restarted, the backend was terminated, the network failed), it
//! reconnects with a backoff and then makes every socket resume from storage: events published
//! while it was away are not lost, the widgets read them when they reconnect.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::{ConnectionError, PgConnection};
use storage_schema::rows::{number, MessageRow};
use storage_schema::schema::messages;
use ticket_domain::ports::{VisitorChannel, VisitorEvent};
use ticket_domain::ticket::{Message, Status, TicketNumber};
use ticket_domain::visitor::VisitorId;

use crate::connect::connect;
use crate::wire::{Batch, Event, CHANNEL};

/// How often the connection is checked for notifications when it is idle.
const POLL: Duration = Duration::from_millis(5);
/// How often the connection is checked with a query (a dropped connection that sent nothing
/// is found this way).
const HEARTBEAT: Duration = Duration::from_secs(1);
/// The first pause before reconnecting.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// The longest pause between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Where received events go.
pub(crate) struct Targets {
    /// This instance's sockets.
    pub(crate) channel: Arc<dyn VisitorChannel>,
    /// Makes every socket of this instance resume from storage.
    pub(crate) resume: Box<dyn Fn() + Send + Sync>,
    /// Wakes this instance's outbox delivery.
    pub(crate) wake_outbox: Box<dyn Fn() + Send + Sync>,
}

/// Why listening stopped on a connection.
#[derive(Debug, thiserror::Error)]
enum Lost {
    #[error("the connection failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("a message of a notification cannot be read: {0:?}")]
    Unreadable(ticket_domain::ports::RepositoryError),
}

/// Listens until `stop` is set. `conn` is the connection made (and `LISTEN`ing) at start-up.
pub(crate) fn run(
    url: &str,
    instance: u64,
    mut conn: Option<PgConnection>,
    targets: &Targets,
    stop: &AtomicBool,
) {
    let mut backoff = FIRST_BACKOFF;
    // Whether events may have been missed since the last connection was lost.
    let mut interrupted = false;
    while !stop.load(Ordering::Relaxed) {
        let mut connection = match conn.take().map_or_else(|| listening(url), Ok) {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for other instances' events; retrying");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        backoff = FIRST_BACKOFF;
        if interrupted {
            tracing::info!("listening for other instances' events again; sockets resume");
            (targets.resume)();
            interrupted = false;
        }
        if let Err(lost) = listen(&mut connection, instance, targets, stop) {
            tracing::warn!(error = %lost, "lost the connection listening for other instances' events");
            interrupted = true;
        }
    }
}

/// A new connection, listening.
pub(crate) fn listening(url: &str) -> Result<PgConnection, ConnectionError> {
    let mut conn = connect(url)?;
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(&mut conn)
        .map_err(|error| ConnectionError::BadConnection(error.to_string()))?;
    Ok(conn)
}

/// Delivers notifications until the connection fails or `stop` is set.
fn listen(
    conn: &mut PgConnection,
    instance: u64,
    targets: &Targets,
    stop: &AtomicBool,
) -> Result<(), Lost> {
    let mut checked = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        let mut batches = Vec::new();
        for notification in conn.notifications_iter() {
            let notification = notification?;
            match serde_json::from_str::<Batch>(&notification.payload) {
                Ok(batch) if batch.from != instance => batches.push(batch),
                Ok(_own) => {}
                Err(error) => tracing::warn!(%error, "an unreadable live-event notification"),
            }
        }
        if batches.is_empty() {
            if checked.elapsed() >= HEARTBEAT {
                diesel::sql_query("SELECT 1").execute(conn)?;
                checked = Instant::now();
            }
            std::thread::sleep(POLL);
            continue;
        }
        deliver(conn, &batches, targets)?;
    }
    Ok(())
}

/// Pushes the events of `batches` in order, reading their messages in one query.
fn deliver(conn: &mut PgConnection, batches: &[Batch], targets: &Targets) -> Result<(), Lost> {
    if batches.iter().any(|batch| batch.resume) {
        (targets.resume)();
    }
    if batches.iter().any(|batch| batch.outbox) {
        (targets.wake_outbox)();
    }
    let ids: Vec<i64> = batches
        .iter()
        .flat_map(|batch| &batch.events)
        .filter_map(|event| match event {
            Event::Message { message, .. } => Some(*message),
            Event::Status { .. } => None,
        })
        .collect();
    let messages = read_messages(conn, &ids)?;
    for event in batches.iter().flat_map(|batch| &batch.events) {
        match event {
            Event::Message { visitor, message } => {
                // A message not found was rolled back after all or is not visible yet: it
                // cannot be, since events are published after their commit; skip it.
                if let Some((ticket, message)) = messages.get(message) {
                    targets.channel.push(
                        VisitorId(*visitor),
                        VisitorEvent::Message {
                            ticket: *ticket,
                            message: message.clone(),
                        },
                    );
                }
            }
            Event::Status {
                visitor,
                ticket,
                status,
            } => {
                let (Ok(ticket), Ok(status)) = (TicketNumber::new(*ticket), Status::parse(status))
                else {
                    tracing::warn!(ticket, status, "an unreadable status event");
                    continue;
                };
                targets
                    .channel
                    .push(VisitorId(*visitor), VisitorEvent::Status { ticket, status });
            }
        }
    }
    Ok(())
}

/// The messages with these ids, with their tickets.
fn read_messages(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (TicketNumber, Message)>, Lost> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, MessageRow)> = messages::table
        .filter(messages::id.eq_any(ids))
        .select((messages::ticket_number, MessageRow::as_select()))
        .load(conn)?;
    rows.into_iter()
        .map(|(ticket, row)| {
            let id = row.id;
            let ticket = number(ticket).map_err(|fail| Lost::Unreadable(fail.0))?;
            let message = row
                .into_message()
                .map_err(|fail| Lost::Unreadable(fail.0))?;
            Ok((id, (ticket, message)))
        })
        .collect()
}
