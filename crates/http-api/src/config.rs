//! What the application configures: allowed origins, trusted proxies, limits, deadlines,
//! workers and the process's open-file limit.

use std::net::IpAddr;
use std::time::Duration;

use crate::wire;

/// The HTTP adapter's settings. `Default` gives a same-origin-only server, no trusted proxy,
/// the default [`Limits`] and [`Deadlines`], two workers and an assumed limit of 1,024 open
/// files.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins (`https://shop.example.com`) whose pages may call the API and open the
    /// WebSocket. Empty: same-origin only. `"*"`: any origin (tokens are bearer headers, not
    /// cookies, so this is safe-ish, but discouraged).
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact addresses). Their
    /// connections are not capped per address: every client comes through them.
    pub trusted_proxies: Vec<IpAddr>,
    /// Size, flood and connection limits.
    pub limits: Limits,
    /// How long each phase of a request may take.
    pub deadlines: Deadlines,
    /// How many actix worker threads serve requests.
    pub workers: usize,
    /// The process's limit on open files (`RLIMIT_NOFILE`, after the application raised it):
    /// the server accepts at most this many connections minus [`FD_RESERVE`], and stops
    /// accepting (the kernel queues new ones) rather than run out of file descriptors.
    pub open_files: u64,
}

/// File descriptors kept for everything that is not a client connection: the listener, the
/// runtimes' epoll and event fds, SQLite's files (three per pooled connection), the Telegram
/// client's connections, the standard streams (about 50 are open at idle).
pub const FD_RESERVE: u64 = 256;

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            deadlines: Deadlines::default(),
            workers: 2,
            open_files: 1_024,
        }
    }
}

impl HttpConfig {
    /// The most connections the whole server holds at once: the open-file limit minus the
    /// reserve (at least one per worker).
    pub fn max_connections(&self) -> usize {
        let budget = self.open_files.saturating_sub(FD_RESERVE);
        usize::try_from(budget)
            .unwrap_or(usize::MAX)
            .max(self.workers.max(1))
    }
}

/// A token bucket: `burst` requests at once, then `per_second` on average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// The bucket's size: how many requests may come at once.
    pub burst: u32,
    /// How many tokens come back per second.
    pub per_second: f64,
}

/// Request size, flood and connection limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Messages one visitor (token) may send, over HTTP and WebSocket together.
    pub messages_per_visitor: RateLimit,
    /// API requests and WebSocket frames one client address may make (generous: a whole
    /// office may share one address).
    pub requests_per_ip: RateLimit,
    /// Visitors one client address may create.
    pub visitors_per_ip: RateLimit,
    /// The largest JSON body or WebSocket message accepted, in bytes. The default admits
    /// every message within the character limits, however it is encoded
    /// ([`wire::MAX_MESSAGE_JSON_BYTES`]).
    pub max_body_bytes: usize,
    /// The largest Telegram update the webhook reads, in bytes.
    pub max_webhook_bytes: usize,
    /// How many frames may wait for one socket before it is disconnected as too slow.
    pub socket_queue: usize,
    /// Connections (HTTP and WebSocket) one client address may hold at once; more are
    /// closed as soon as they are accepted. Trusted proxies are exempt.
    pub connections_per_ip: usize,
    /// WebSockets one visitor (token) may hold: opening one more closes the oldest.
    pub sockets_per_visitor: usize,
}

/// The largest webhook update read: Telegram's updates are a few KiB (a 4,096-character text
/// escaped as `\uXXXX` is 24 KiB; with the message it replies to, a quote and entities, well
/// under 100 KiB).
pub const MAX_WEBHOOK_BYTES: usize = 256 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            messages_per_visitor: RateLimit {
                burst: 20,
                per_second: 1.0,
            },
            requests_per_ip: RateLimit {
                burst: 300,
                per_second: 30.0,
            },
            visitors_per_ip: RateLimit {
                burst: 30,
                per_second: 0.5,
            },
            max_body_bytes: wire::MAX_MESSAGE_JSON_BYTES,
            max_webhook_bytes: MAX_WEBHOOK_BYTES,
            socket_queue: 256,
            // An office behind one NAT: 100 people with the widget open in two tabs each, and
            // a browser's few parallel requests besides; an attacker from one address holds
            // a quarter of the 1,024 files of a default limit at most.
            connections_per_ip: 256,
            // Shoppers open many product tabs, each with the widget; every frame goes to every
            // socket of the visitor, so this also bounds the fan-out of one message.
            sockets_per_visitor: 16,
        }
    }
}

/// How long each phase of a connection may take. A connection that misses one is closed (a
/// request head or body with `408`, the others without an answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// A request's head (request line and headers) must be complete this long after its first
    /// byte (for the first request of a connection: after the connection is accepted).
    pub request_head: Duration,
    /// A request's body must be complete this long after its head.
    pub request_body: Duration,
    /// An idle connection between two requests is closed after this long.
    pub keep_alive: Duration,
    /// A response (or WebSocket frame) that the client does not take for this long closes the
    /// connection: the server waits this long at most with unsent data.
    pub write_stall: Duration,
    /// After a response that closes the connection, how long the rest of the request is read
    /// and discarded before the connection is closed.
    pub linger: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            request_head: Duration::from_secs(5),
            request_body: Duration::from_secs(10),
            keep_alive: Duration::from_secs(5),
            write_stall: Duration::from_secs(20),
            linger: Duration::from_secs(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_cap_keeps_a_reserve_of_files() {
        let config = HttpConfig {
            open_files: 65_536,
            ..HttpConfig::default()
        };
        assert_eq!(config.max_connections(), 65_536 - 256);
    }

    #[test]
    fn a_tiny_file_limit_still_leaves_one_connection_per_worker() {
        let config = HttpConfig {
            open_files: 100,
            workers: 2,
            ..HttpConfig::default()
        };
        assert_eq!(config.max_connections(), 2);
    }
}
