//! Everything around the API: errors of unknown routes, CORS, health, metrics, widget files.

use std::sync::atomic::Ordering;

use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn an_unknown_route_is_a_json_404() {
    let app = spawn_app().await;
    for path in ["/nope", "/api/v1/nope", "/telegram/webhook"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/messages"),
        (reqwest::Method::DELETE, "/api/v1/visitors"),
        (reqwest::Method::POST, "/widget.js"),
        (reqwest::Method::POST, "/api/v1/ws"),
    ] {
        let response = app
            .client
            .request(method, app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
    }
}

async fn preflight(app: &crate::helpers::TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/messages"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_is_answered() {
    let app = spawn_app_with(
        |config| config.allowed_origins = vec!["https://shop.example.com".into()],
        None,
    )
    .await;

    let response = preflight(&app, "https://shop.example.com").await;

    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://shop.example.com"
    );
    assert_eq!(headers["access-control-allow-methods"], "GET, POST");
    assert_eq!(
        headers["access-control-allow-headers"],
        "authorization, content-type"
    );
    assert!(headers.contains_key("access-control-max-age"));
    assert_eq!(headers["vary"], "origin");
}

#[tokio::test]
async fn a_preflight_from_another_origin_is_forbidden() {
    let app = spawn_app().await;
    let response = preflight(&app, "https://evil.example").await;
    assert_eq!(response.status(), 403);
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "origin_not_allowed");
}

#[tokio::test]
async fn api_answers_to_an_allowed_origin_carry_cors_headers() {
    let app = spawn_app_with(|config| config.allowed_origins = vec!["*".into()], None).await;

    let response = app
        .client
        .post(app.url("/api/v1/visitors"))
        .header("origin", "https://anywhere.example")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["access-control-expose-headers"], "retry-after");
}

#[tokio::test]
async fn healthz_says_whether_the_database_answers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"status": "ok"})
    );

    app.healthy.store(false, Ordering::SeqCst);

    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn metrics_expose_every_family_in_prometheus_text() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    app.say(&token, "Encore").await;
    let _ws = app.ws(&token).await;
    app.wait_for_sockets(1).await;

    let response = app.client.get(app.url("/metrics")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    let text = response.text().await.unwrap();
    for expected in [
        "chat_messages_received_total 2\n",
        "chat_tickets_created_total 1\n",
        "chat_websocket_connections 1\n",
        "# TYPE chat_http_connections gauge\n",
        "chat_http_connections_refused_total 0\n",
        "chat_http_requests_total{route=\"/api/v1/messages\",status=\"201\"} 2\n",
        "# TYPE chat_http_request_duration_seconds histogram\n",
        "chat_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/api/v1/messages\"} 2\n",
        "chat_outbox_backlog 0\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[tokio::test]
async fn the_widget_is_served_cached_and_compressed_on_request() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/widget.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(headers["cache-control"], "public, max-age=3600");
    assert_eq!(headers["content-encoding"], "gzip");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let revalidated = app
        .client
        .get(app.url("/widget.js"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
}

#[tokio::test]
async fn the_stylesheet_and_the_demo_page_are_served() {
    let app = spawn_app().await;
    let css = app.client.get(app.url("/widget.css")).send().await.unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
    let page = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    assert!(page.text().await.unwrap().contains("/widget.js"));
}

#[tokio::test]
async fn api_json_is_compressed_on_request() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, &"long message ".repeat(200)).await;
    let response = app
        .client
        .get(app.url("/api/v1/conversation"))
        .bearer_auth(&token)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn flooding_from_one_ip_is_limited_across_the_api() {
    let app = spawn_app_with(
        |config| {
            config.limits.requests_per_ip.burst = 3;
            config.limits.requests_per_ip.per_second = 0.01;
        },
        None,
    )
    .await;
    let token = app.new_visitor().await;
    app.conversation(&token, None).await;
    app.conversation(&token, None).await;

    let response = app.conversation(&token, None).await;

    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
}
