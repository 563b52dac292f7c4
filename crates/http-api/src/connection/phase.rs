//! What a connection is doing, shared by its stream (which enforces the deadline between two
//! requests) and the middleware (which sees each request start and each response end).
//!
//! actix closes an idle kept-alive connection after its keep-alive time and bounds the head of
//! a connection's *first* request; nothing bounds the head of a later one once its first byte
//! has come (the keep-alive timer stops at that byte). This phase does: after a response, the
//! next head must be complete within [`Deadlines::request_head`] of its first byte, and by
//! keep-alive + head at the latest.

use std::cell::Cell;
use std::rc::Rc;
use std::task::Waker;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::Deadlines;

/// A connection's phase, shared by its stream and its requests (one worker thread).
pub type PhaseHandle = Rc<ConnectionPhase>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A request is being served; before the first one, actix's own head timer runs.
    Request,
    /// A response ended: the next request's head must be complete by `until`.
    Between { until: Instant },
    /// The next request's first byte came: its head must be complete by `until`.
    Head { until: Instant },
}

/// See the module's documentation.
pub struct ConnectionPhase {
    phase: Cell<Phase>,
    /// [`Deadlines::request_head`].
    head: Duration,
    /// From a response to the next head's end at the latest: keep-alive + head.
    between: Duration,
    /// [`Deadlines::linger`].
    linger: Duration,
    /// The task reading the connection, woken when a deadline starts.
    reader: Cell<Option<Waker>>,
}

impl ConnectionPhase {
    /// A new connection: its first request's head is actix's to time.
    pub fn new(deadlines: Deadlines) -> PhaseHandle {
        Rc::new(Self {
            phase: Cell::new(Phase::Request),
            head: deadlines.request_head,
            between: deadlines.keep_alive + deadlines.request_head,
            linger: deadlines.linger,
            reader: Cell::new(None),
        })
    }

    /// A request's head was read: nothing to time until its response ends (its body has its
    /// own deadline).
    pub fn request_started(&self) {
        self.phase.set(Phase::Request);
    }

    /// A response was handed over whole. After one that closes the connection, the rest of
    /// the request is discarded for the linger time only.
    pub fn response_ended(&self, closing: bool) {
        let wait = if closing { self.linger } else { self.between };
        self.phase.set(Phase::Between {
            until: Instant::now() + wait,
        });
        // The reader may be parked without a timer: let it see the deadline.
        if let Some(reader) = self.reader.take() {
            reader.wake();
        }
    }

    /// Bytes came from the client.
    pub fn bytes_read(&self) {
        if let Phase::Between { until } = self.phase.get() {
            let head = Instant::now() + self.head;
            self.phase.set(Phase::Head {
                until: until.min(head),
            });
        }
    }

    /// When reading must have produced a whole request head, if a deadline runs.
    pub fn read_deadline(&self) -> Option<Instant> {
        match self.phase.get() {
            Phase::Request => None,
            Phase::Between { until } | Phase::Head { until } => Some(until),
        }
    }

    /// The reader is waiting for bytes with this waker.
    pub fn park_reader(&self, waker: &Waker) {
        let kept = match self.reader.take() {
            Some(known) if known.will_wake(waker) => known,
            _ => waker.clone(),
        };
        self.reader.set(Some(kept));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase() -> PhaseHandle {
        ConnectionPhase::new(Deadlines::default())
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_timed_during_a_request() {
        let phase = phase();
        assert_eq!(phase.read_deadline(), None);
        phase.response_ended(false);
        phase.request_started();
        assert_eq!(phase.read_deadline(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_response_the_next_head_has_keep_alive_plus_head_time() {
        let phase = phase();
        let now = Instant::now();
        phase.response_ended(false);
        assert_eq!(phase.read_deadline(), Some(now + Duration::from_secs(10)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_head_has_its_own_time_from_its_first_byte() {
        let phase = phase();
        phase.response_ended(false);
        tokio::time::advance(Duration::from_secs(1)).await;
        let first_byte = Instant::now();
        phase.bytes_read();
        assert_eq!(
            phase.read_deadline(),
            Some(first_byte + Duration::from_secs(5))
        );
        // More bytes do not extend it.
        tokio::time::advance(Duration::from_secs(2)).await;
        phase.bytes_read();
        assert_eq!(
            phase.read_deadline(),
            Some(first_byte + Duration::from_secs(5))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_first_byte_keeps_the_overall_deadline() {
        let phase = phase();
        let ended = Instant::now();
        phase.response_ended(false);
        tokio::time::advance(Duration::from_secs(8)).await;
        phase.bytes_read();
        assert_eq!(phase.read_deadline(), Some(ended + Duration::from_secs(10)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_closing_response_leaves_the_linger_time_only() {
        let phase = phase();
        let now = Instant::now();
        phase.response_ended(true);
        assert_eq!(phase.read_deadline(), Some(now + Duration::from_secs(1)));
    }
}
