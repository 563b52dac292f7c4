//! The hub of live sockets, without actors: one thread owns the map from visitors to their
//! sockets; cloneable [`VisitorHub`] handles send it commands.
//!
//! A plain thread rather than a task, so that the hub can be made before any runtime exists
//! and be pushed to from the blocking threads the use cases run on; it never blocks on a
//! socket: every delivery is a `try_send` into the socket's bounded queue, and a socket whose
//! queue is full is kicked (its client resumes when it reconnects).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc as std_mpsc, Arc};

use ticket_domain::ports::{VisitorChannel, VisitorEvent};
use ticket_domain::visitor::VisitorId;
use tokio::sync::{mpsc, oneshot};

use super::frames::Outbound;

/// Why the hub closes a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kick {
    /// Its queue was full: the client reads too slowly.
    TooSlow,
    /// The server is shutting down.
    ShuttingDown,
}

/// What a socket task receives from the hub.
#[derive(Debug)]
pub struct Connection {
    /// The socket's id in the hub.
    pub id: u64,
    /// The visitor it belongs to.
    pub visitor: VisitorId,
    /// Live events, in the order the hub got them.
    pub events: mpsc::Receiver<Outbound>,
    /// Fires when the hub drops the socket.
    pub kick: oneshot::Receiver<Kick>,
}

enum Command {
    Connect {
        visitor: VisitorId,
        id: u64,
        events: mpsc::Sender<Outbound>,
        kick: oneshot::Sender<Kick>,
    },
    Disconnect {
        visitor: VisitorId,
        id: u64,
    },
    Push {
        visitor: VisitorId,
        event: VisitorEvent,
    },
    CloseAll,
}

#[derive(Debug, Default)]
struct Shared {
    next_id: AtomicU64,
    connections: AtomicUsize,
    closed: AtomicBool,
}

/// The live sockets of every visitor; implements [`VisitorChannel`]. Cheap to clone: every
/// clone talks to the same hub.
#[derive(Debug, Clone)]
pub struct VisitorHub {
    commands: std_mpsc::Sender<Command>,
    shared: Arc<Shared>,
}

impl Default for VisitorHub {
    fn default() -> Self {
        Self::new()
    }
}

impl VisitorHub {
    /// Starts the hub's thread. It stops when the last handle is dropped.
    pub fn new() -> Self {
        let (commands, receiver) = std_mpsc::channel();
        let shared = Arc::new(Shared::default());
        let state = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("visitor-hub".into())
            .spawn(move || run(&receiver, &state));
        if let Err(error) = spawned {
            // Without its thread the hub delivers nothing and refuses sockets; visitors still
            // read their messages over HTTP.
            tracing::error!(%error, "cannot start the visitor hub thread");
        }
        Self { commands, shared }
    }

    /// How many sockets are open.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Closes every socket with a close frame ("going away") and refuses new ones: call it when
    /// the server shuts down, before stopping it.
    pub fn close_all(&self) {
        self.shared.closed.store(true, Ordering::Relaxed);
        let _ = self.commands.send(Command::CloseAll);
    }

    /// Whether [`VisitorHub::close_all`] was called.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Relaxed)
    }

    /// Registers a new socket of `visitor` with a queue of `queue` frames. Registration is
    /// ordered with pushes: any push made after this call reaches the socket.
    pub(crate) fn connect(&self, visitor: VisitorId, queue: usize) -> Connection {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let (events_tx, events) = mpsc::channel(queue.max(1));
        let (kick_tx, kick) = oneshot::channel();
        let _ = self.commands.send(Command::Connect {
            visitor,
            id,
            events: events_tx,
            kick: kick_tx,
        });
        Connection {
            id,
            visitor,
            events,
            kick,
        }
    }

    /// Forgets a socket that closed.
    pub(crate) fn disconnect(&self, visitor: VisitorId, id: u64) {
        let _ = self.commands.send(Command::Disconnect { visitor, id });
    }
}

impl VisitorChannel for VisitorHub {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        let _ = self.commands.send(Command::Push { visitor, event });
    }
}

struct Socket {
    id: u64,
    events: mpsc::Sender<Outbound>,
    kick: Option<oneshot::Sender<Kick>>,
}

impl Socket {
    fn kick(mut self, why: Kick) {
        if let Some(kick) = self.kick.take() {
            let _ = kick.send(why);
        }
    }
}

/// The hub's loop: the only owner of the sockets map.
fn run(commands: &std_mpsc::Receiver<Command>, shared: &Shared) {
    let mut sockets: HashMap<VisitorId, Vec<Socket>> = HashMap::new();
    let mut closing = false;
    while let Ok(command) = commands.recv() {
        match command {
            Command::Connect {
                visitor,
                id,
                events,
                kick,
            } => {
                let socket = Socket {
                    id,
                    events,
                    kick: Some(kick),
                };
                if closing {
                    socket.kick(Kick::ShuttingDown);
                } else {
                    sockets.entry(visitor).or_default().push(socket);
                }
            }
            Command::Disconnect { visitor, id } => {
                if let Some(list) = sockets.get_mut(&visitor) {
                    list.retain(|socket| socket.id != id);
                }
            }
            Command::Push { visitor, event } => {
                if let Some(list) = sockets.get_mut(&visitor) {
                    deliver(list, &Outbound::from(&event));
                }
            }
            Command::CloseAll => {
                closing = true;
                for socket in sockets.drain().flat_map(|(_, list)| list) {
                    socket.kick(Kick::ShuttingDown);
                }
            }
        }
        sockets.retain(|_, list| !list.is_empty());
        let open = sockets.values().map(Vec::len).sum();
        shared.connections.store(open, Ordering::Relaxed);
    }
}

/// Queues `frame` on every socket; a full queue gets its socket kicked, a closed one forgotten.
fn deliver(list: &mut Vec<Socket>, frame: &Outbound) {
    let mut kept = Vec::with_capacity(list.len());
    for socket in list.drain(..) {
        match socket.events.try_send(frame.clone()) {
            Ok(()) => kept.push(socket),
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::info!(socket = socket.id, "socket too slow: disconnecting it");
                socket.kick(Kick::TooSlow);
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
    *list = kept;
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ticket_domain::ticket::{Status, TicketNumber};

    use super::*;

    fn status_event() -> VisitorEvent {
        VisitorEvent::Status {
            ticket: TicketNumber::new(1001).unwrap(),
            status: Status::Closed,
        }
    }

    fn wait_for(what: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !what() {
            assert!(Instant::now() < deadline, "condition not reached in time");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn every_socket_of_the_visitor_gets_the_event_and_no_one_else() {
        let hub = VisitorHub::new();
        let mut tab1 = hub.connect(VisitorId(1), 8);
        let mut tab2 = hub.connect(VisitorId(1), 8);
        let mut other = hub.connect(VisitorId(2), 8);
        hub.push(VisitorId(1), status_event());
        wait_for(|| hub.connection_count() == 3);
        let got1 = tab1.events.blocking_recv().unwrap();
        let got2 = tab2.events.blocking_recv().unwrap();
        assert_eq!(got1.text, got2.text);
        assert!(got1.text.contains("\"closed\""));
        assert!(other.events.try_recv().is_err());
    }

    #[test]
    fn a_socket_whose_queue_is_full_is_kicked_as_too_slow() {
        let hub = VisitorHub::new();
        let slow = hub.connect(VisitorId(1), 2);
        for _ in 0..3 {
            hub.push(VisitorId(1), status_event());
        }
        assert_eq!(slow.kick.blocking_recv(), Ok(Kick::TooSlow));
        wait_for(|| hub.connection_count() == 0);
    }

    #[test]
    fn close_all_kicks_every_socket_and_refuses_new_ones() {
        let hub = VisitorHub::new();
        let open = hub.connect(VisitorId(1), 8);
        hub.close_all();
        assert_eq!(open.kick.blocking_recv(), Ok(Kick::ShuttingDown));
        assert!(hub.is_closed());
        let late = hub.connect(VisitorId(1), 8);
        assert_eq!(late.kick.blocking_recv(), Ok(Kick::ShuttingDown));
        assert_eq!(hub.connection_count(), 0);
    }

    #[test]
    fn a_disconnected_socket_is_forgotten() {
        let hub = VisitorHub::new();
        let conn = hub.connect(VisitorId(1), 8);
        wait_for(|| hub.connection_count() == 1);
        hub.disconnect(conn.visitor, conn.id);
        wait_for(|| hub.connection_count() == 0);
    }
}
