//! What the application configures: allowed origins, trusted proxies, limits, workers.

use std::net::IpAddr;

use crate::wire;

/// The HTTP adapter's settings. `Default` gives a same-origin-only server, no trusted proxy,
/// the default [`Limits`] and two workers.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins (`https://shop.example.com`) whose pages may call the API and open the
    /// WebSocket. Empty: same-origin only. `"*"`: any origin (tokens are bearer headers, not
    /// cookies, so this is safe-ish, but discouraged).
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact addresses).
    pub trusted_proxies: Vec<IpAddr>,
    /// Body size and rate limits.
    pub limits: Limits,
    /// How many actix worker threads serve requests.
    pub workers: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            workers: 2,
        }
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

/// Request size and flood limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Messages one visitor (token) may send, over HTTP and WebSocket together.
    pub messages_per_visitor: RateLimit,
    /// API requests and WebSocket messages one client IP may make (generous: a whole office
    /// may share one address).
    pub requests_per_ip: RateLimit,
    /// Visitors one client IP may create.
    pub visitors_per_ip: RateLimit,
    /// The largest JSON body or WebSocket message accepted, in bytes. The default admits
    /// every message within the character limits, however it is encoded
    /// ([`wire::MAX_MESSAGE_JSON_BYTES`]).
    pub max_body_bytes: usize,
    /// How many frames may wait for one socket before it is disconnected as too slow.
    pub socket_queue: usize,
    /// WebSockets one visitor (token) may hold: opening one more closes the oldest.
    pub sockets_per_visitor: usize,
}

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
            socket_queue: 256,
            // Shoppers open many product tabs, each with the widget; every frame goes to every
            // socket of the visitor, so this also bounds the fan-out of one message.
            sockets_per_visitor: 16,
        }
    }
}
