//! [`Cluster`]: this instance's part of the live events shared by every instance on one
//! database, and the two port implementations it hands the use cases.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::Arc;

use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{OperatorNotifier, VisitorChannel, VisitorEvent};
use ticket_domain::visitor::VisitorId;

use crate::listener::{self, Targets};
use crate::publisher::{self, Outgoing};
use crate::wire::Event;

/// How many announcements may wait for the publisher; beyond, they are dropped and the other
/// instances' sockets resume from storage (see [`crate::publisher`]).
const QUEUE: usize = 16_384;

/// Why the cluster could not start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The database could not be reached.
    #[error("cannot connect to PostgreSQL for the live events of other instances")]
    Connect(#[source] diesel::ConnectionError),
    /// A thread could not be started.
    #[error("cannot start the live-events thread")]
    Thread(#[source] std::io::Error),
}

/// This instance's live events across instances: a publishing and a listening thread, each on
/// its own connection. The threads stop when the `Cluster` and every port it handed out are
/// dropped.
pub struct Cluster {
    outgoing: SyncSender<Outgoing>,
    local: Arc<dyn VisitorChannel>,
    stop: Arc<AtomicBool>,
}

impl Cluster {
    /// Connects to `url` (both connections are made before this returns, so that a wrong URL
    /// is reported at start-up) and starts the threads. Events of other instances go to
    /// `local` (this instance's sockets); `resume` must make every local socket resume from
    /// storage (called when events may have been missed); `wake_outbox` wakes this instance's
    /// outbox delivery (another instance queued a notification).
    pub fn start(
        url: &str,
        local: Arc<dyn VisitorChannel>,
        resume: Box<dyn Fn() + Send + Sync>,
        wake_outbox: Box<dyn Fn() + Send + Sync>,
    ) -> Result<Self, ClusterError> {
        let instance: u64 = rand::random();
        let publishing = crate::connect::connect(url).map_err(ClusterError::Connect)?;
        let listening = listener::listening(url).map_err(ClusterError::Connect)?;
        let (outgoing, queue) = mpsc::sync_channel(QUEUE);
        let stop = Arc::new(AtomicBool::new(false));

        let publisher_url = url.to_owned();
        std::thread::Builder::new()
            .name("events-publish".into())
            .spawn(move || publisher::run(&publisher_url, instance, Some(publishing), &queue))
            .map_err(ClusterError::Thread)?;

        let targets = Targets {
            channel: Arc::clone(&local),
            resume,
            wake_outbox,
        };
        let listener_url = url.to_owned();
        let listener_stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("events-listen".into())
            .spawn(move || {
                listener::run(
                    &listener_url,
                    instance,
                    Some(listening),
                    &targets,
                    &listener_stop,
                );
            })
            .map_err(ClusterError::Thread)?;

        Ok(Self {
            outgoing,
            local,
            stop,
        })
    }

    /// The visitor channel to give the use cases: pushes to this instance's sockets at once,
    /// and publishes to the others.
    pub fn visitor_channel(&self) -> ClusterChannel {
        ClusterChannel {
            local: Arc::clone(&self.local),
            outgoing: self.outgoing.clone(),
        }
    }

    /// The notifier to give the visitor use case: wakes `local` (this instance's outbox
    /// delivery) at once, and the other instances' through a notification.
    pub fn operator_notifier(&self, local: Arc<dyn OperatorNotifier>) -> ClusterNotifier {
        ClusterNotifier {
            local,
            outgoing: self.outgoing.clone(),
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Queues `outgoing` for the publisher without ever blocking; when the queue is full, the
/// publisher is told that something was dropped.
fn offer(queue: &SyncSender<Outgoing>, outgoing: Outgoing) {
    match queue.try_send(outgoing) {
        Ok(()) | Err(TrySendError::Disconnected(_)) => {}
        Err(TrySendError::Full(_)) => {
            tracing::warn!("the live-events queue is full: an event was dropped");
            // Best effort too: if even this does not fit, a later drop will say it.
            let _ = queue.try_send(Outgoing::Dropped);
        }
    }
}

/// [`VisitorChannel`] over every instance: this one's sockets at once, the others' through
/// PostgreSQL.
#[derive(Clone)]
pub struct ClusterChannel {
    local: Arc<dyn VisitorChannel>,
    outgoing: SyncSender<Outgoing>,
}

impl VisitorChannel for ClusterChannel {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        let published = Event::of(visitor, &event);
        self.local.push(visitor, event);
        offer(&self.outgoing, Outgoing::Event(published));
    }
}

/// [`OperatorNotifier`] over every instance: wakes this instance's outbox delivery at once and
/// the others' through PostgreSQL (the instance that holds the Telegram leadership delivers).
#[derive(Clone)]
pub struct ClusterNotifier {
    local: Arc<dyn OperatorNotifier>,
    outgoing: SyncSender<Outgoing>,
}

impl OperatorNotifier for ClusterNotifier {
    fn notify(&self, notification: &OperatorNotification) {
        self.local.notify(notification);
        offer(&self.outgoing, Outgoing::Outbox);
    }
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ClusterChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterChannel").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ClusterNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterNotifier").finish_non_exhaustive()
    }
}
