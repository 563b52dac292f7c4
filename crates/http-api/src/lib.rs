#![doc = include_str!("../README.md")]

mod app_data;
mod auth;
mod body_deadline;
mod client_ip;
mod config;
mod connection;
mod cors;
mod error;
mod health;
mod metrics;
mod rate_limit;
mod routes;
mod server;
mod state;
mod static_files;
mod wire;
#[cfg(test)]
mod wire_properties;
mod ws;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use ticket_domain::service::DynVisitorService;

pub use config::{Deadlines, HttpConfig, Limits, RateLimit, FD_RESERVE, MAX_WEBHOOK_BYTES};
pub use routes::{WebhookHandler, WebhookReply};
pub use wire::MAX_MESSAGE_JSON_BYTES;
pub use ws::{VisitorHub, CLIENT_TIMEOUT, HEARTBEAT_INTERVAL};

/// How long a graceful stop waits for requests in flight, in seconds.
pub const SHUTDOWN_TIMEOUT_SECS: u64 = 5;

/// Whether the database answers (called on a blocking thread by `GET /healthz`).
pub type HealthCheck = Arc<dyn Fn() -> bool + Send + Sync>;

/// What the HTTP adapter needs from the application.
pub struct HttpDeps {
    /// The visitor use cases, built with `hub` as their visitor channel.
    pub visitors: Arc<DynVisitorService>,
    /// The hub of live sockets (the same one the use cases push to).
    pub hub: VisitorHub,
    /// The database check of `GET /healthz`.
    pub health: HealthCheck,
    /// The application's metrics registry (outbox, Telegram, …): the adapter registers its
    /// own in it and serves them all on `GET /metrics`.
    pub metrics: prometheus_client::registry::Registry,
    /// The Telegram webhook: `POST /telegram/webhook` exists only when given.
    pub webhook: Option<Arc<dyn WebhookHandler>>,
}

/// Starts serving on `listener` (bound by the caller: port 0 in tests).
///
/// The returned server must be awaited (or spawned) on a Tokio/actix runtime. Actix's own
/// signal handling is off: on SIGTERM the application calls [`VisitorHub::close_all`] and
/// `server.handle().stop(true)`; requests in flight get [`SHUTDOWN_TIMEOUT_SECS`].
pub fn start(listener: TcpListener, config: HttpConfig, deps: HttpDeps) -> std::io::Result<Server> {
    let data = app_data::AppData::new(&config, deps);
    server::serve(listener, &config, data)
}
