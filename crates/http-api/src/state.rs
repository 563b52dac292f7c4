//! What every handler shares: the visitor use cases, the hub, the limiters and the metrics.

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::web;
use ticket_domain::service::{DynVisitorService, SentVisitorMessage, VisitorMessage};
use ticket_domain::visitor::{TokenHash, VisitorId};

use crate::client_ip;
use crate::config::{Deadlines, HttpConfig};
use crate::connection::AddressSlots;
use crate::cors::Origins;
use crate::error::ApiError;
use crate::metrics::{self, Metrics};
use crate::rate_limit::{RateLimiter, RetryAfter};
use crate::ws::VisitorHub;
use crate::{HealthCheck, HttpDeps, WebhookHandler};

/// The state of the app, shared by every worker.
pub struct AppState {
    /// The visitor use cases (call them only inside `web::block`).
    pub visitors: Arc<DynVisitorService>,
    /// The live sockets.
    pub hub: VisitorHub,
    /// The database check of `/healthz`.
    pub health: HealthCheck,
    /// Every metric `/metrics` serves, ours and the application's.
    pub registry: prometheus_client::registry::Registry,
    /// The Telegram webhook, when mounted.
    pub webhook: Option<Arc<dyn WebhookHandler>>,
    /// Our metrics.
    pub metrics: Metrics,
    /// Who may call the API.
    pub origins: Origins,
    /// Whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// The largest body accepted.
    pub max_body_bytes: usize,
    /// The largest webhook update read.
    pub max_webhook_bytes: usize,
    /// The per-socket queue length.
    pub socket_queue: usize,
    /// The sockets one visitor may hold.
    pub sockets_per_visitor: usize,
    /// The deadlines of a request's phases.
    pub deadlines: Deadlines,
    /// The open connections per client address.
    pub connections: Arc<AddressSlots>,
    per_visitor: RateLimiter<String>,
    per_ip: RateLimiter<IpAddr>,
    visitors_per_ip: RateLimiter<IpAddr>,
}

impl AppState {
    /// Builds the state from the configuration and the application's dependencies.
    pub fn new(config: &HttpConfig, deps: HttpDeps) -> Self {
        let limits = &config.limits;
        let connections = AddressSlots::new(limits.connections_per_ip, &config.trusted_proxies);
        let mut registry = deps.metrics;
        let metrics = Metrics::register(&mut registry);
        registry.register_collector(Box::new(metrics::Live {
            hub: deps.hub.clone(),
            connections: connections.clone(),
        }));
        Self {
            visitors: deps.visitors,
            hub: deps.hub,
            health: deps.health,
            registry,
            webhook: deps.webhook,
            metrics,
            origins: Origins::new(&config.allowed_origins),
            trusted_proxies: config.trusted_proxies.clone(),
            max_body_bytes: limits.max_body_bytes,
            max_webhook_bytes: limits.max_webhook_bytes,
            socket_queue: limits.socket_queue.max(1),
            sockets_per_visitor: limits.sockets_per_visitor.max(1),
            deadlines: config.deadlines,
            connections,
            per_visitor: RateLimiter::new(limits.messages_per_visitor),
            per_ip: RateLimiter::new(limits.requests_per_ip),
            visitors_per_ip: RateLimiter::new(limits.visitors_per_ip),
        }
    }

    /// One more API request (or WebSocket frame) from `ip`.
    pub fn limit_ip(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.per_ip
            .check(&client_ip::limit_key(ip))
            .map_err(rate_limited)
    }

    /// One more visitor created from `ip`.
    pub fn limit_new_visitor(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.visitors_per_ip
            .check(&client_ip::limit_key(ip))
            .map_err(rate_limited)
    }

    /// One more message from the visitor with this token.
    pub fn limit_message(&self, token: &TokenHash) -> Result<(), ApiError> {
        self.per_visitor.check(&token.0).map_err(rate_limited)
    }

    /// Sends a validated visitor message on a blocking thread, and counts it.
    pub async fn send_message(
        &self,
        visitor: VisitorId,
        message: VisitorMessage,
    ) -> Result<SentVisitorMessage, ApiError> {
        let visitors = self.visitors.clone();
        let sent = web::block(move || visitors.send_message(visitor, message)).await??;
        if !sent.duplicate {
            self.metrics.message_received(sent.created_ticket);
        }
        Ok(sent)
    }
}

fn rate_limited(RetryAfter(retry_after): RetryAfter) -> ApiError {
    ApiError::RateLimited { retry_after }
}
