//! Every phase of a request has a deadline: a client that stops half-way (or never reads)
//! loses its connection instead of holding it forever.

use std::time::{Duration, Instant};

use http_api::HttpConfig;
use serde_json::Value;

use crate::helpers::{spawn_app_with, TestApp};
use crate::raw::{head, Raw};

/// Short deadlines, so that the tests wait little.
fn quick(config: &mut HttpConfig) {
    config.deadlines.request_head = Duration::from_millis(300);
    config.deadlines.request_body = Duration::from_millis(500);
    config.deadlines.keep_alive = Duration::from_millis(300);
    config.deadlines.write_stall = Duration::from_millis(500);
}

async fn quick_app() -> TestApp {
    spawn_app_with(quick, None).await
}

#[tokio::test]
async fn a_body_that_stops_coming_is_answered_408_and_the_connection_closed() {
    let app = quick_app().await;
    let token = app.new_visitor().await;
    let mut raw = Raw::connect(app.addr).await;
    let auth = format!("Authorization: Bearer {token}");
    raw.send(&head(
        "POST",
        "/api/v1/messages",
        &[
            &auth,
            "Content-Type: application/json",
            "Content-Length: 100",
        ],
    ))
    .await;
    raw.send(br#"{"text": "Bonj"#).await;
    let started = Instant::now();

    let response = raw.response().await.expect("an answer");

    assert_eq!(response.status, 408);
    let body: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(body["error"]["code"], "request_timeout");
    assert!(
        response.head.contains("connection: close"),
        "{}",
        response.head
    );
    assert!(raw.closed_within(Duration::from_secs(3)).await);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_chunked_body_that_stops_coming_is_answered_408_and_closed() {
    let app = quick_app().await;
    let token = app.new_visitor().await;
    let mut raw = Raw::connect(app.addr).await;
    let auth = format!("Authorization: Bearer {token}");
    raw.send(&head(
        "POST",
        "/api/v1/messages",
        &[
            &auth,
            "Content-Type: application/json",
            "Transfer-Encoding: chunked",
        ],
    ))
    .await;
    raw.send(b"4\r\n{\"te\r\n").await;

    let response = raw.response().await.expect("an answer");

    assert_eq!(response.status, 408);
    assert!(raw.closed_within(Duration::from_secs(3)).await);
}

#[tokio::test]
async fn a_first_request_whose_head_stops_coming_is_answered_408_and_closed() {
    let app = quick_app().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        .await;

    let response = raw.response().await.expect("an answer");

    assert_eq!(response.status, 408);
    assert!(raw.closed_within(Duration::from_secs(3)).await);
}

#[tokio::test]
async fn a_later_request_whose_head_stops_coming_is_closed() {
    let app = quick_app().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(&head("GET", "/healthz", &[])).await;
    assert_eq!(raw.response().await.expect("an answer").status, 200);

    raw.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        .await;

    assert!(raw.closed_within(Duration::from_secs(3)).await);
}

#[tokio::test]
async fn a_later_head_trickling_in_is_closed_at_its_deadline() {
    let app = quick_app().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(&head("GET", "/healthz", &[])).await;
    assert_eq!(raw.response().await.expect("an answer").status, 200);
    raw.send(b"GET /healthz HTTP/1.1\r\n").await;
    let started = Instant::now();

    // One header line every 100 ms: never idle, never complete.
    let mut closed = false;
    for n in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if raw
            .try_send(format!("X-Slow-{n}: 1\r\n").as_bytes())
            .await
            .is_err()
        {
            closed = true;
            break;
        }
        if raw.closed_within(Duration::from_millis(1)).await {
            closed = true;
            break;
        }
    }

    assert!(closed, "the trickling head was never cut");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let app = quick_app().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(&head("GET", "/healthz", &[])).await;
    assert_eq!(raw.response().await.expect("an answer").status, 200);

    assert!(raw.closed_within(Duration::from_secs(3)).await);
}

#[tokio::test]
async fn a_client_that_does_not_read_its_responses_is_disconnected() {
    let app = quick_app().await;
    let widget = app
        .client
        .get(app.url("/widget.js"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len();
    let mut raw = Raw::connect_with(app.addr, "127.0.0.1", Some(4 * 1024)).await;
    // 1,000 requests at once (pipelined): about 27 MB of answers, more than the kernel
    // buffers between the two ends hold.
    let requests = head("GET", "/widget.js", &[]).repeat(1_000);
    raw.send(&requests).await;

    // The client reads nothing for longer than the write deadline, then everything it can.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = raw.read_to_close().await;

    assert!(
        received < 1_000 * widget,
        "every answer ({received} bytes) was kept waiting for the client"
    );
}
