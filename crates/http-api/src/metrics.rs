//! Prometheus counters of the HTTP side, rendered in the text exposition format, and the
//! middleware that counts and times every request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use tracing::Instrument;

use crate::state::AppState;

/// Upper bounds of the request duration histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The route label of requests that matched no route (bounded label values).
const UNMATCHED: &str = "unmatched";

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Requests {
    by_route_status: BTreeMap<(String, u16), u64>,
    durations: BTreeMap<String, Histogram>,
}

/// The figures `/metrics` reads at the moment it is asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Open visitor WebSockets.
    pub websockets: usize,
    /// Open client connections.
    pub connections: usize,
    /// Connections refused for the per-address cap since the start.
    pub refused_connections: u64,
}

/// The HTTP adapter's own metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    messages_received: AtomicU64,
    tickets_created: AtomicU64,
    requests: Mutex<Requests>,
}

impl Metrics {
    /// A visitor message was stored (not a repeated client id).
    pub fn message_received(&self, created_ticket: bool) {
        self.messages_received.fetch_add(1, Ordering::Relaxed);
        if created_ticket {
            self.tickets_created.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Records one answered request.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        *requests
            .by_route_status
            .entry((route.to_owned(), status))
            .or_default() += 1;
        let histogram = requests.durations.entry(route.to_owned()).or_default();
        for (count, bound) in histogram.counts.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *count += 1;
            }
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    /// Everything, in the Prometheus text format, with the figures of the moment.
    pub fn render(&self, now: &Gauges) -> String {
        let mut out = String::new();
        counter(
            &mut out,
            "chat_messages_received_total",
            "Visitor messages stored (HTTP and WebSocket; repeated client ids excluded).",
            self.messages_received.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "chat_tickets_created_total",
            "Tickets created by a visitor's first message.",
            self.tickets_created.load(Ordering::Relaxed),
        );
        header(
            &mut out,
            "chat_websocket_connections",
            "Open visitor WebSockets.",
            "gauge",
        );
        let _ = writeln!(out, "chat_websocket_connections {}", now.websockets);
        header(
            &mut out,
            "chat_http_connections",
            "Open client connections (HTTP and WebSocket).",
            "gauge",
        );
        let _ = writeln!(out, "chat_http_connections {}", now.connections);
        counter(
            &mut out,
            "chat_http_connections_refused_total",
            "Connections closed at once because their address held the connection cap.",
            now.refused_connections,
        );
        let requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        header(
            &mut out,
            "chat_http_requests_total",
            "HTTP requests answered.",
            "counter",
        );
        for ((route, status), count) in &requests.by_route_status {
            let _ = writeln!(
                out,
                "chat_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
            );
        }
        let name = "chat_http_request_duration_seconds";
        header(&mut out, name, "Time to answer HTTP requests.", "histogram");
        for (route, histogram) in &requests.durations {
            for (count, bound) in histogram.counts.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "{name}_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let (count, sum) = (histogram.count, histogram.sum);
            let _ = writeln!(
                out,
                "{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(out, "{name}_sum{{route=\"{route}\"}} {sum}");
            let _ = writeln!(out, "{name}_count{{route=\"{route}\"}} {count}");
        }
        out
    }
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn counter(out: &mut String, name: &str, help: &str, value: u64) {
    header(out, name, help, "counter");
    let _ = writeln!(out, "{name} {value}");
}

/// Middleware: counts every request by route pattern and status, and times it.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // The path only: the query may hold the WebSocket's token.
    let span = tracing::info_span!(
        "http_request",
        method = %req.method(),
        path = %req.path(),
        status = tracing::field::Empty,
    );
    let result = next.call(req).instrument(span.clone()).await;
    if let Some(state) = state {
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
        state.metrics.request(&route, status, seconds);
    }
    result
}

/// `GET /metrics`: ours, then the application's.
pub async fn get(state: web::Data<AppState>) -> HttpResponse {
    let mut body = state.metrics.render(&Gauges {
        websockets: state.hub.connection_count(),
        connections: state.connections.open(),
        refused_connections: state.connections.refused(),
    });
    body.push_str(&(state.extra_metrics)());
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_has_every_family() {
        let metrics = Metrics::default();
        metrics.message_received(true);
        metrics.message_received(false);
        metrics.request("/api/v1/messages", 201, 0.02);
        let text = metrics.render(&Gauges {
            websockets: 3,
            connections: 5,
            refused_connections: 2,
        });
        assert!(text.contains("chat_messages_received_total 2\n"));
        assert!(text.contains("chat_tickets_created_total 1\n"));
        assert!(text.contains("chat_websocket_connections 3\n"));
        assert!(text.contains("chat_http_connections 5\n"));
        assert!(text.contains("chat_http_connections_refused_total 2\n"));
        assert!(text
            .contains("chat_http_requests_total{route=\"/api/v1/messages\",status=\"201\"} 1\n"));
        assert!(text.contains(
            "chat_http_request_duration_seconds_bucket{route=\"/api/v1/messages\",le=\"0.01\"} 0\n"
        ));
        assert!(text.contains(
            "chat_http_request_duration_seconds_bucket{route=\"/api/v1/messages\",le=\"0.025\"} 1\n"
        ));
        assert!(text
            .contains("chat_http_request_duration_seconds_count{route=\"/api/v1/messages\"} 1\n"));
    }
}
