//! Caps on connections: per client address (trusted proxies exempt), and for the whole server
//! under its open-file limit.

use std::time::Duration;

use http_api::FD_RESERVE;

use http_api::HttpConfig;

use crate::helpers::{spawn_app_with, TestApp, PATIENCE};
use crate::raw::{head, Raw};

/// An app with at most `cap` connections per address, where held connections stay open.
async fn capped(cap: usize, tune: impl FnOnce(&mut HttpConfig)) -> TestApp {
    spawn_app_with(
        |config| {
            config.limits.connections_per_ip = cap;
            config.deadlines.keep_alive = Duration::from_secs(60);
            tune(config);
        },
        None,
    )
    .await
}

/// Holds `n` idle connections from `local`, each checked to be open.
async fn hold(server: std::net::SocketAddr, local: &str, n: usize) -> Vec<Raw> {
    let mut held = Vec::new();
    for _ in 0..n {
        let mut raw = Raw::connect_from(server, local).await;
        raw.send(&head("GET", "/healthz", &[])).await;
        assert_eq!(raw.response().await.expect("an answer").status, 200);
        held.push(raw);
    }
    held
}

#[tokio::test]
async fn an_address_over_its_connection_cap_is_closed_at_once() {
    let app = capped(3, |_| {}).await;
    let mut held = hold(app.addr, "127.0.0.1", 3).await;

    let mut extra = Raw::connect(app.addr).await;

    assert!(extra.closed_within(Duration::from_secs(2)).await);
    drop(held.pop());
    // The server gives the slot back once it has seen the connection close.
    let started = std::time::Instant::now();
    loop {
        let mut again = Raw::connect(app.addr).await;
        if again.try_send(&head("GET", "/healthz", &[])).await.is_ok() {
            if let Some(response) = again.response().await {
                assert_eq!(response.status, 200);
                break;
            }
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the slot was never given back"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn another_address_is_served_while_one_holds_its_cap() {
    let app = capped(3, |_| {}).await;
    let _held = hold(app.addr, "127.0.0.1", 3).await;

    let mut other = Raw::connect_from(app.addr, "127.0.0.2").await;
    other.send(&head("GET", "/healthz", &[])).await;

    assert_eq!(other.response().await.expect("an answer").status, 200);
}

#[tokio::test]
async fn websockets_count_against_the_cap() {
    let app = capped(3, |_| {}).await;
    let token = app.new_visitor().await;
    let mut sockets = Vec::new();
    for _ in 0..2 {
        let stream = Raw::connect_from(app.addr, "127.0.0.2").await.into_stream();
        let url = format!("{}/api/v1/ws?token={token}", app.ws_base);
        sockets.push(tokio_tungstenite::client_async(url, stream).await.unwrap());
    }
    let _held = hold(app.addr, "127.0.0.2", 1).await;

    let mut extra = Raw::connect_from(app.addr, "127.0.0.2").await;

    assert!(extra.closed_within(Duration::from_secs(2)).await);
}

#[tokio::test]
async fn a_trusted_proxy_is_not_capped() {
    let app = capped(2, |config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;

    let held = hold(app.addr, "127.0.0.1", 6).await;

    assert_eq!(held.len(), 6);
}

#[tokio::test]
async fn past_the_open_file_budget_the_server_stops_accepting_until_a_connection_ends() {
    let app = capped(256, |config| {
        config.workers = 1;
        config.open_files = FD_RESERVE + 3;
    })
    .await;
    let mut held = Vec::new();
    for local in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
        held.extend(hold(app.addr, local, 1).await);
    }

    // Accepted by the kernel, queued, not served while three are held.
    let mut queued = Raw::connect_from(app.addr, "127.0.0.5").await;
    queued.send(&head("GET", "/healthz", &[])).await;
    let waiting = tokio::time::timeout(Duration::from_millis(500), queued.response()).await;
    assert!(waiting.is_err(), "a fourth connection was served");

    drop(held.pop());

    assert_eq!(queued.response().await.expect("an answer").status, 200);
}
