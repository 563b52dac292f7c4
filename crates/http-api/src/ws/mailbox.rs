//! A socket's mailbox: the bounded queue of live frames the hub fills and the socket's task
//! empties, and the hub's order to close the socket.
//!
//! One small allocation per socket that grows only while frames wait (a channel would
//! allocate its first block of slots up front: with 10,000 idle sockets that block was
//! 1.7 KB of each socket's 19 KB). The hub never blocks on it: a full mailbox gets its socket
//! kicked.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

use super::frames::Outbound;

/// Why the hub closes a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kick {
    /// Its queue was full: the client reads too slowly.
    TooSlow,
    /// The server is shutting down.
    ShuttingDown,
    /// Its visitor opened more sockets than allowed: this was the oldest.
    TooManySockets,
    /// Events from other instances may have been missed (their channel was interrupted): the
    /// client resumes from storage when it reconnects.
    EventsInterrupted,
}

/// What the socket's task takes from its mailbox.
#[derive(Debug)]
pub(crate) enum Delivery {
    /// The next live frame, in the order the hub queued them.
    Frame(Outbound),
    /// The hub dropped the socket; the frames still queued are dropped (the client resumes).
    Kicked(Kick),
}

/// Whether the hub could queue a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Offer {
    /// Queued.
    Queued,
    /// The mailbox was full: the socket is now kicked as too slow.
    Full,
    /// The socket was kicked before.
    Kicked,
}

#[derive(Debug, Default)]
struct Contents {
    frames: VecDeque<Outbound>,
    kicked: Option<Kick>,
}

/// Shared by the hub (which offers and kicks) and the socket's task (which takes).
#[derive(Debug)]
pub(crate) struct Mailbox {
    contents: Mutex<Contents>,
    ready: Notify,
    capacity: usize,
}

impl Mailbox {
    /// An empty mailbox holding at most `capacity` frames (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            contents: Mutex::new(Contents::default()),
            ready: Notify::new(),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Contents> {
        // Nothing holding the lock can panic half-way; a poisoned lock is still consistent.
        self.contents.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `frame`; a full mailbox kicks its socket as too slow instead.
    pub(crate) fn offer(&self, frame: Outbound) -> Offer {
        let offer = {
            let mut contents = self.lock();
            if contents.kicked.is_some() {
                return Offer::Kicked;
            }
            if contents.frames.len() >= self.capacity {
                contents.kicked = Some(Kick::TooSlow);
                contents.frames = VecDeque::new();
                Offer::Full
            } else {
                contents.frames.push_back(frame);
                Offer::Queued
            }
        };
        self.ready.notify_one();
        offer
    }

    /// Tells the socket to close; the first reason given wins.
    pub(crate) fn kick(&self, why: Kick) {
        {
            let mut contents = self.lock();
            contents.kicked.get_or_insert(why);
            contents.frames = VecDeque::new();
        }
        self.ready.notify_one();
    }

    /// The next frame, or the kick; waits until there is one.
    pub(crate) async fn next(&self) -> Delivery {
        loop {
            if let Some(delivery) = self.try_next() {
                return delivery;
            }
            // A notification sent since `try_next` is kept as a permit: no wake-up is lost.
            self.ready.notified().await;
        }
    }

    fn try_next(&self) -> Option<Delivery> {
        let mut contents = self.lock();
        if let Some(kick) = contents.kicked {
            return Some(Delivery::Kicked(kick));
        }
        let frame = contents.frames.pop_front()?;
        if contents.frames.is_empty() && contents.frames.capacity() > 4 {
            // A burst is over: give its memory back.
            contents.frames = VecDeque::new();
        }
        Some(Delivery::Frame(frame))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn frame(n: i64) -> Outbound {
        Outbound {
            message_id: Some(ticket_domain::ticket::MessageId(n)),
            text: format!("frame {n}").into(),
        }
    }

    fn id(delivery: Delivery) -> Option<i64> {
        match delivery {
            Delivery::Frame(frame) => frame.message_id.map(|id| id.0),
            Delivery::Kicked(_) => None,
        }
    }

    #[tokio::test]
    async fn frames_come_out_in_order() {
        let mailbox = Mailbox::new(8);
        for n in 1..=3 {
            assert_eq!(mailbox.offer(frame(n)), Offer::Queued);
        }
        for n in 1..=3 {
            assert_eq!(id(mailbox.next().await), Some(n));
        }
    }

    #[tokio::test]
    async fn a_waiting_task_wakes_up_for_a_frame_offered_later() {
        let mailbox = Arc::new(Mailbox::new(8));
        let taker = tokio::spawn({
            let mailbox = Arc::clone(&mailbox);
            async move { id(mailbox.next().await) }
        });
        tokio::task::yield_now().await;
        std::thread::spawn({
            let mailbox = Arc::clone(&mailbox);
            move || mailbox.offer(frame(7))
        })
        .join()
        .unwrap();
        assert_eq!(taker.await.unwrap(), Some(7));
    }

    #[tokio::test]
    async fn a_full_mailbox_kicks_its_socket_and_drops_what_waits() {
        let mailbox = Mailbox::new(2);
        assert_eq!(mailbox.offer(frame(1)), Offer::Queued);
        assert_eq!(mailbox.offer(frame(2)), Offer::Queued);
        assert_eq!(mailbox.offer(frame(3)), Offer::Full);
        assert_eq!(mailbox.offer(frame(4)), Offer::Kicked);
        assert!(matches!(
            mailbox.next().await,
            Delivery::Kicked(Kick::TooSlow)
        ));
    }

    #[tokio::test]
    async fn the_first_kick_wins() {
        let mailbox = Mailbox::new(2);
        mailbox.kick(Kick::ShuttingDown);
        mailbox.kick(Kick::TooSlow);
        assert!(matches!(
            mailbox.next().await,
            Delivery::Kicked(Kick::ShuttingDown)
        ));
    }
}
