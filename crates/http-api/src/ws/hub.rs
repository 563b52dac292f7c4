//! The hub of live sockets, without actors: one thread owns the map from visitors to their
//! sockets; cloneable [`VisitorHub`] handles send it commands.
//!
//! A plain thread rather than a task, so that the hub can be made before any runtime exists
//! and be pushed to from the blocking threads the use cases run on; it never blocks on a
//! socket: every delivery is an offer to the socket's bounded [`Mailbox`], and a socket whose
//! mailbox is full is kicked (its client resumes when it reconnects).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc as std_mpsc, Arc};

use super::frames::Outbound;
use super::mailbox::{Kick, Mailbox, Offer};
use ticket_domain::ports::{VisitorChannel, VisitorEvent};
use ticket_domain::visitor::VisitorId;

/// What a socket task receives from the hub.
#[derive(Debug)]
pub(crate) struct Connection {
    /// The socket's id in the hub.
    pub(crate) id: u64,
    /// The visitor it belongs to.
    pub(crate) visitor: VisitorId,
    /// Live frames, in the order the hub got them, and the hub's kick.
    pub(crate) mailbox: Arc<Mailbox>,
}

enum Command {
    Connect {
        visitor: VisitorId,
        id: u64,
        mailbox: Arc<Mailbox>,
        most: usize,
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
    ResumeAll,
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

    /// Closes every socket with a reason that makes its client reconnect and resume from
    /// storage at once ([`Kick::EventsInterrupted`]), and keeps accepting new ones: for when
    /// live events from other instances may have been missed.
    pub fn resume_all(&self) {
        let _ = self.commands.send(Command::ResumeAll);
    }

    /// Whether [`VisitorHub::close_all`] was called.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Relaxed)
    }

    /// Registers a new socket of `visitor` with a queue of `queue` frames. Registration is
    /// ordered with pushes: any push made after this call reaches the socket. When the visitor
    /// already has `most` sockets, its oldest is closed ([`Kick::TooManySockets`]): a visitor
    /// who opens one more tab expects that one to work, and the oldest is the likeliest to be
    /// forgotten.
    pub(crate) fn connect(&self, visitor: VisitorId, queue: usize, most: usize) -> Connection {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let mailbox = Arc::new(Mailbox::new(queue));
        let _ = self.commands.send(Command::Connect {
            visitor,
            id,
            mailbox: Arc::clone(&mailbox),
            most: most.max(1),
        });
        Connection {
            id,
            visitor,
            mailbox,
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
    mailbox: Arc<Mailbox>,
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
                mailbox,
                most,
            } => {
                if closing {
                    mailbox.kick(Kick::ShuttingDown);
                } else {
                    let list = sockets.entry(visitor).or_default();
                    // Oldest first: sockets are pushed in the order they connect.
                    let excess = (list.len() + 1).saturating_sub(most);
                    for oldest in list.drain(..excess) {
                        oldest.mailbox.kick(Kick::TooManySockets);
                    }
                    list.push(Socket { id, mailbox });
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
                    socket.mailbox.kick(Kick::ShuttingDown);
                }
            }
            Command::ResumeAll => {
                for socket in sockets.drain().flat_map(|(_, list)| list) {
                    socket.mailbox.kick(Kick::EventsInterrupted);
                }
            }
        }
        sockets.retain(|_, list| !list.is_empty());
        let open = sockets.values().map(Vec::len).sum();
        shared.connections.store(open, Ordering::Relaxed);
    }
}

/// Queues `frame` on every socket; a full mailbox gets its socket kicked and forgotten.
fn deliver(list: &mut Vec<Socket>, frame: &Outbound) {
    list.retain(|socket| match socket.mailbox.offer(frame.clone()) {
        Offer::Queued => true,
        Offer::Full => {
            tracing::info!(socket = socket.id, "socket too slow: disconnecting it");
            false
        }
        Offer::Kicked => false,
    });
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ticket_domain::ticket::{Status, TicketNumber};

    use super::super::mailbox::Delivery;
    use super::*;

    /// The next delivery of a socket, waited for from a test thread.
    fn next(conn: &Connection) -> Delivery {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(10), conn.mailbox.next()).await
            })
            .expect("a delivery in time")
    }

    fn text(delivery: Delivery) -> Arc<str> {
        match delivery {
            Delivery::Frame(frame) => frame.text,
            Delivery::Kicked(kick) => panic!("kicked: {kick:?}"),
        }
    }

    fn kick(delivery: Delivery) -> Kick {
        match delivery {
            Delivery::Kicked(kick) => kick,
            Delivery::Frame(frame) => panic!("a frame: {}", frame.text),
        }
    }

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
        let tab1 = hub.connect(VisitorId(1), 8, 16);
        let tab2 = hub.connect(VisitorId(1), 8, 16);
        let other = hub.connect(VisitorId(2), 8, 16);
        hub.push(VisitorId(1), status_event());
        wait_for(|| hub.connection_count() == 3);
        let got1 = text(next(&tab1));
        let got2 = text(next(&tab2));
        assert_eq!(got1, got2);
        assert!(got1.contains("\"closed\""));
        // A push for the visitor of `other` comes out first: nothing else was queued there.
        hub.push(VisitorId(2), status_event());
        assert!(text(next(&other)).contains("\"closed\""));
    }

    #[test]
    fn a_socket_whose_queue_is_full_is_kicked_as_too_slow() {
        let hub = VisitorHub::new();
        let slow = hub.connect(VisitorId(1), 2, 16);
        wait_for(|| hub.connection_count() == 1);
        for _ in 0..3 {
            hub.push(VisitorId(1), status_event());
        }
        // The hub forgets the socket when the third frame finds its mailbox full; only then
        // does the test read it (reading earlier would make room).
        wait_for(|| hub.connection_count() == 0);
        assert_eq!(kick(next(&slow)), Kick::TooSlow);
    }

    #[test]
    fn close_all_kicks_every_socket_and_refuses_new_ones() {
        let hub = VisitorHub::new();
        let open = hub.connect(VisitorId(1), 8, 16);
        hub.close_all();
        assert_eq!(kick(next(&open)), Kick::ShuttingDown);
        assert!(hub.is_closed());
        let late = hub.connect(VisitorId(1), 8, 16);
        assert_eq!(kick(next(&late)), Kick::ShuttingDown);
        assert_eq!(hub.connection_count(), 0);
    }

    #[test]
    fn resume_all_kicks_every_socket_and_accepts_new_ones() {
        let hub = VisitorHub::new();
        let open = hub.connect(VisitorId(1), 8, 16);
        hub.resume_all();
        assert_eq!(kick(next(&open)), Kick::EventsInterrupted);
        assert!(!hub.is_closed());
        let again = hub.connect(VisitorId(1), 8, 16);
        hub.push(VisitorId(1), status_event());
        assert!(text(next(&again)).contains("\"closed\""));
    }

    #[test]
    fn a_visitor_over_the_socket_cap_loses_its_oldest_socket() {
        let hub = VisitorHub::new();
        let oldest = hub.connect(VisitorId(1), 8, 2);
        let middle = hub.connect(VisitorId(1), 8, 2);
        let newest = hub.connect(VisitorId(1), 8, 2);
        let other = hub.connect(VisitorId(2), 8, 2);
        wait_for(|| hub.connection_count() == 3);
        assert_eq!(kick(next(&oldest)), Kick::TooManySockets);
        hub.push(VisitorId(1), status_event());
        assert!(text(next(&middle)).contains("\"closed\""));
        assert!(text(next(&newest)).contains("\"closed\""));
        hub.push(VisitorId(2), status_event());
        assert!(text(next(&other)).contains("\"closed\""));
    }

    #[test]
    fn a_disconnected_socket_is_forgotten() {
        let hub = VisitorHub::new();
        let conn = hub.connect(VisitorId(1), 8, 16);
        wait_for(|| hub.connection_count() == 1);
        hub.disconnect(conn.visitor, conn.id);
        wait_for(|| hub.connection_count() == 0);
    }
}
