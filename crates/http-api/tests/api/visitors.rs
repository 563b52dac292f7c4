//! `POST /api/v1/visitors`.

use serde_json::Value;
use ticket_domain::ports::TicketRepository;
use ticket_domain::visitor::TokenHash;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_new_visitor_gets_a_256_bit_token_stored_only_as_its_hash() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/visitors"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(app
        .store
        .find_visitor(&TokenHash(token.to_owned()))
        .unwrap()
        .is_none());
    let hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(token.as_bytes()))
    };
    assert!(app.store.find_visitor(&TokenHash(hash)).unwrap().is_some());
}

#[tokio::test]
async fn creating_visitors_is_limited_per_ip_with_retry_after() {
    let app = spawn_app_with(
        |config| {
            config.limits.visitors_per_ip.burst = 2;
            config.limits.visitors_per_ip.per_second = 0.01;
        },
        None,
    )
    .await;
    app.new_visitor().await;
    app.new_visitor().await;

    let response = app
        .client
        .post(app.url("/api/v1/visitors"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let app = spawn_app_with(
        |config| {
            config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
            config.limits.visitors_per_ip.burst = 1;
            config.limits.visitors_per_ip.per_second = 0.01;
        },
        None,
    )
    .await;
    let create = |ip: &'static str| {
        app.client
            .post(app.url("/api/v1/visitors"))
            .header("x-forwarded-for", format!("6.6.6.6, {ip}"))
            .send()
    };

    assert_eq!(create("203.0.113.1").await.unwrap().status(), 201);
    assert_eq!(create("203.0.113.2").await.unwrap().status(), 201);
    assert_eq!(create("203.0.113.1").await.unwrap().status(), 429);
}
