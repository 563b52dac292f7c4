//! What the handlers share: the visitor use cases, the hub, the limiters and the limits
//! (the CORS origins, the metrics and the visitor lookup of `auth` are registered on their own:
//! see `app_data`).

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::web;
use ticket_domain::service::{DynVisitorService, SentVisitorMessage, VisitorMessage};
use ticket_domain::visitor::{TokenHash, VisitorId};

use crate::client_ip;
use crate::config::{Deadlines, HttpConfig};
use crate::connection::AddressSlots;
use crate::error::ApiError;
use crate::metrics::Metrics;
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
    /// The Telegram webhook, when mounted.
    pub webhook: Option<Arc<dyn WebhookHandler>>,
    /// Our metrics (the counter of messages received).
    pub metrics: Metrics,
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
    /// Builds the state from the configuration, the application's dependencies (its metrics
    /// registry aside), our metrics and the connection slots.
    pub fn new(
        config: &HttpConfig,
        deps: HttpDeps,
        metrics: Metrics,
        connections: Arc<AddressSlots>,
    ) -> Self {
        let limits = &config.limits;
        Self {
            visitors: deps.visitors,
            hub: deps.hub,
            health: deps.health,
            webhook: deps.webhook,
            metrics,
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
