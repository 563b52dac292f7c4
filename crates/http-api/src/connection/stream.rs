//! A client's TCP stream as the HTTP dispatcher sees it, with two deadlines the dispatcher
//! does not have: the head of a request after the first ([`ConnectionPhase`]) and a write the
//! client does not take (a client that stops reading would otherwise hold its connection, and
//! the response waiting for it, forever). A missed deadline fails the read or write with
//! `TimedOut`, which ends the connection. The stream also holds the connection's slot in the
//! per-address count, released when the connection ends.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::rt::net::TcpStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{sleep_until, Instant, Sleep};

use super::per_address::Slot;
use super::phase::{ConnectionPhase, PhaseHandle};
use crate::config::Deadlines;

/// See the module's documentation.
pub struct GuardedStream {
    io: TcpStream,
    phase: PhaseHandle,
    write_stall: Duration,
    /// Since when the client has not taken what the server writes.
    stalled_since: Option<Instant>,
    /// Allocated only while a deadline runs (an idle WebSocket has none).
    read_timer: Option<Pin<Box<Sleep>>>,
    write_timer: Option<Pin<Box<Sleep>>>,
    _slot: Slot,
}

impl GuardedStream {
    /// Wraps an accepted connection that holds `slot`.
    pub fn new(io: TcpStream, slot: Slot, deadlines: Deadlines) -> Self {
        Self {
            io,
            phase: ConnectionPhase::new(deadlines),
            write_stall: deadlines.write_stall,
            stalled_since: None,
            read_timer: None,
            write_timer: None,
            _slot: slot,
        }
    }

    /// The connection's phase, for its requests.
    pub fn phase(&self) -> PhaseHandle {
        PhaseHandle::clone(&self.phase)
    }
}

/// `Pending` until `at` (waking the task then), or the timeout error once it has passed.
fn wait_until(
    timer: &mut Option<Pin<Box<Sleep>>>,
    cx: &mut Context<'_>,
    at: Instant,
    why: &'static str,
) -> Poll<io::Error> {
    let timer = match timer {
        Some(timer) => {
            if timer.deadline() != at {
                timer.as_mut().reset(at);
            }
            timer
        }
        None => timer.insert(Box::pin(sleep_until(at))),
    };
    match timer.as_mut().poll(cx) {
        Poll::Ready(()) => Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, why)),
        Poll::Pending => Poll::Pending,
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.phase.bytes_read();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            // The dispatcher reads until `Pending`: a head trickling in meets the deadline
            // between every two reads.
            Poll::Pending => {
                this.phase.park_reader(cx.waker());
                let Some(at) = this.phase.read_deadline() else {
                    this.read_timer = None;
                    return Poll::Pending;
                };
                let why = "the request head was not complete in time";
                wait_until(&mut this.read_timer, cx, at, why).map(Err)
            }
        }
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.stalled_since = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let since = *this.stalled_since.get_or_insert_with(Instant::now);
                let why = "the client did not take the response in time";
                wait_until(&mut this.write_timer, cx, since + this.write_stall, why).map(Err)
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
