//! The publishing thread: takes what this instance's use cases announced (after their commit)
//! from a bounded queue, batches what queued up while the previous `NOTIFY` ran, and sends one
//! `pg_notify` per batch on its own connection. A batch it cannot send after reconnecting is
//! dropped, and the next batch asks every instance to make its sockets resume from storage,
//! so that nothing is missed for good.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use diesel::sql_types::Text;
use diesel::{PgConnection, RunQueryDsl};

use crate::connect::connect;
use crate::wire::{Batch, Event, CHANNEL, MAX_EVENTS};

/// How many attempts a batch gets (each on a fresh connection after a failure).
const ATTEMPTS: u32 = 3;
/// The pause between attempts.
const RETRY_PAUSE: Duration = Duration::from_millis(200);

/// What the ports' implementations hand the publisher.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A visitor event.
    Event(Event),
    /// A notification was queued in the outbox.
    Outbox,
    /// Events were dropped before reaching the queue (it was full).
    Dropped,
}

/// Publishes until every sender is gone. `conn` is the connection made at start-up.
pub(crate) fn run(
    url: &str,
    instance: u64,
    mut conn: Option<PgConnection>,
    queue: &Receiver<Outgoing>,
) {
    let mut resume = false;
    while let Ok(first) = queue.recv() {
        let mut batch = Batch::new(instance);
        batch.resume = resume;
        add(&mut batch, first);
        while batch.events.len() < MAX_EVENTS {
            match queue.try_recv() {
                Ok(next) => add(&mut batch, next),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        resume = !publish(url, &mut conn, &batch);
    }
}

fn add(batch: &mut Batch, outgoing: Outgoing) {
    match outgoing {
        Outgoing::Event(event) => batch.events.push(event),
        Outgoing::Outbox => batch.outbox = true,
        Outgoing::Dropped => batch.resume = true,
    }
}

/// Sends `batch`; whether it was sent.
fn publish(url: &str, conn: &mut Option<PgConnection>, batch: &Batch) -> bool {
    let payload = match serde_json::to_string(batch) {
        Ok(payload) => payload,
        Err(error) => {
            tracing::error!(%error, "cannot encode a batch of live events");
            return false;
        }
    };
    for attempt in 1..=ATTEMPTS {
        if conn.is_none() {
            match connect(url) {
                Ok(fresh) => *conn = Some(fresh),
                Err(error) => {
                    tracing::warn!(%error, attempt, "cannot connect to publish live events");
                    std::thread::sleep(RETRY_PAUSE);
                    continue;
                }
            }
        }
        let Some(connection) = conn.as_mut() else {
            continue;
        };
        let sent = diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<Text, _>(CHANNEL)
            .bind::<Text, _>(&payload)
            .execute(connection);
        match sent {
            Ok(_) => return true,
            Err(error) => {
                tracing::warn!(%error, attempt, "cannot publish live events; reconnecting");
                *conn = None;
                std::thread::sleep(RETRY_PAUSE);
            }
        }
    }
    tracing::error!(
        events = batch.events.len(),
        "live events dropped: the other instances' sockets will resume from storage"
    );
    false
}
