//! The HTTP side's Prometheus metrics, registered in the application's one `Registry` and
//! encoded by `prometheus-client`, and the middleware that counts and times every request.

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use tracing::Instrument;

use crate::connection::AddressSlots;
use crate::ws::VisitorHub;

/// Upper bounds of the request duration histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The route label of requests that matched no route (bounded label values).
const UNMATCHED: &str = "unmatched";

/// The content type of the OpenMetrics text `prometheus-client` encodes.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The labels of a request counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteStatus {
    route: String,
    status: u16,
}

/// The label of a request timed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct Route {
    route: String,
}

fn duration_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// The HTTP adapter's own metrics (handles to what the registry encodes).
#[derive(Debug, Clone)]
pub struct Metrics {
    messages_received: Counter,
    tickets_created: Counter,
    requests: Family<RouteStatus, Counter>,
    durations: Family<Route, Histogram, fn() -> Histogram>,
}

impl Metrics {
    /// The metrics, registered in `registry`.
    pub fn register(registry: &mut Registry) -> Self {
        let metrics = Self {
            messages_received: Counter::default(),
            tickets_created: Counter::default(),
            requests: Family::default(),
            durations: Family::new_with_constructor(duration_histogram),
        };
        registry.register(
            "chat_messages_received",
            "Visitor messages stored (HTTP and WebSocket; repeated client ids excluded)",
            metrics.messages_received.clone(),
        );
        registry.register(
            "chat_tickets_created",
            "Tickets created by a visitor's first message",
            metrics.tickets_created.clone(),
        );
        registry.register(
            "chat_http_requests",
            "HTTP requests answered",
            metrics.requests.clone(),
        );
        registry.register(
            "chat_http_request_duration_seconds",
            "Time to answer HTTP requests",
            metrics.durations.clone(),
        );
        metrics
    }

    /// A visitor message was stored (not a repeated client id).
    pub fn message_received(&self, created_ticket: bool) {
        self.messages_received.inc();
        if created_ticket {
            self.tickets_created.inc();
        }
    }

    /// Records one answered request.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let route = route.to_owned();
        self.durations
            .get_or_create(&Route {
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RouteStatus { route, status })
            .inc();
    }
}

/// The figures read at the moment `/metrics` is asked: sockets and connections.
#[derive(Debug)]
pub struct Live {
    /// The live sockets.
    pub hub: VisitorHub,
    /// The open connections per client address.
    pub connections: Arc<AddressSlots>,
}

impl Collector for Live {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let websockets = ConstGauge::new(gauge_value(self.hub.connection_count()));
        websockets.encode(encoder.encode_descriptor(
            "chat_websocket_connections",
            "Open visitor WebSockets.",
            None,
            websockets.metric_type(),
        )?)?;
        let open = ConstGauge::new(gauge_value(self.connections.open()));
        open.encode(encoder.encode_descriptor(
            "chat_http_connections",
            "Open client connections (HTTP and WebSocket).",
            None,
            open.metric_type(),
        )?)?;
        let refused = ConstCounter::new(self.connections.refused());
        refused.encode(encoder.encode_descriptor(
            "chat_http_connections_refused",
            "Connections closed at once because their address held the connection cap.",
            None,
            refused.metric_type(),
        )?)
    }
}

/// A count as a gauge's value (a count past `i64::MAX` cannot happen; it would read as the
/// largest).
fn gauge_value(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Middleware: counts every request by route pattern and status, and times it.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    // The path only: the query may hold the WebSocket's token.
    let span = tracing::info_span!(
        "http_request",
        method = %req.method(),
        path = %req.path(),
        status = tracing::field::Empty,
    );
    let result = next.call(req).instrument(span.clone()).await;
    if let Some(metrics) = metrics {
        let (route, status) = match &result {
            Ok(response) => (
                response.request().match_pattern(),
                response.status().as_u16(),
            ),
            Err(error) => (None, error.as_response_error().status_code().as_u16()),
        };
        let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
        let route = if status == 404 {
            UNMATCHED.to_owned()
        } else {
            route
        };
        let seconds = started.elapsed().as_secs_f64();
        span.record("status", status);
        tracing::debug!(parent: &span, status, millis = seconds * 1_000.0, "request served");
        metrics.request(&route, status, seconds);
    }
    result
}

/// `GET /metrics`: every metric of the application's registry, ours included.
pub async fn get(registry: web::Data<Registry>) -> HttpResponse {
    let mut body = String::new();
    if let Err(error) = prometheus_client::encoding::text::encode(&mut body, &registry) {
        tracing::error!(%error, "cannot encode the metrics");
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_has_every_family() {
        let mut registry = Registry::default();
        let metrics = Metrics::register(&mut registry);
        metrics.message_received(true);
        metrics.message_received(false);
        metrics.request("/api/v1/messages", 201, 0.02);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
        for expected in [
            "# HELP chat_messages_received Visitor messages stored (HTTP and WebSocket; repeated \
             client ids excluded).\n# TYPE chat_messages_received counter\n\
             chat_messages_received_total 2\n",
            "chat_tickets_created_total 1\n",
            "chat_http_requests_total{route=\"/api/v1/messages\",status=\"201\"} 1\n",
            "# TYPE chat_http_request_duration_seconds histogram\n",
            "chat_http_request_duration_seconds_bucket{le=\"0.01\",route=\"/api/v1/messages\"} 0\n",
            "chat_http_request_duration_seconds_bucket{le=\"0.025\",route=\"/api/v1/messages\"} 1\n",
            "chat_http_request_duration_seconds_count{route=\"/api/v1/messages\"} 1\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }
}
