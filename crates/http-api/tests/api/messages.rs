//! `POST /api/v1/messages`.

use serde_json::{json, Value};
use ticket_domain::ports::TicketRepository;
use ticket_domain::ticket::{Device, Status, TicketNumber};

use http_api::MAX_MESSAGE_JSON_BYTES;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

#[tokio::test]
async fn a_visitors_first_message_creates_a_ticket_and_notifies_the_operator() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;

    let response = app
        .client
        .post(app.url("/api/v1/messages"))
        .bearer_auth(&token)
        .header(
            "user-agent",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148",
        )
        .json(&json!({
            "text": " Bonjour, vos tarifs ? ", "client_id": "c-1", "page": "/prix",
            "name": "Jean Dupont", "email": "jean@email.com"
        }))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["ticket"], "T1001");
    let message = &body["message"];
    assert_eq!(message["author"], "visitor");
    assert_eq!(message["text"], "Bonjour, vos tarifs ?");
    assert!(message["id"].is_i64());
    assert!(chrono::DateTime::parse_from_rfc3339(message["sent_at"].as_str().unwrap()).is_ok());
    assert_eq!(message.as_object().unwrap().len(), 4, "{message}");
    assert_eq!(app.notifier.count(), 1);
    let ticket = app
        .store
        .ticket(TicketNumber::parse("T1001").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(ticket.status, Status::Open);
    assert_eq!(ticket.visitor.name.unwrap().as_str(), "Jean Dupont");
    assert_eq!(ticket.visitor.email.unwrap().as_str(), "jean@email.com");
    assert_eq!(ticket.last_device, Some(Device::Mobile));
    assert_eq!(ticket.last_page.unwrap().as_str(), "/prix");
}

#[tokio::test]
async fn the_same_client_id_again_returns_the_first_message_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let body = json!({"text": "Bonjour", "client_id": "retry-1"});
    let first: Value = app.post_message(&token, &body).await.json().await.unwrap();

    let again = app.post_message(&token, &body).await;

    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(app.notifier.count(), 1);
    let conversation: Value = app.conversation(&token, None).await.json().await.unwrap();
    assert_eq!(conversation["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_message_on_a_closed_ticket_reopens_it() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    app.operator_closes("T1001").await;

    let body = app.say(&token, "Encore une question").await;

    assert_eq!(body["ticket"], "T1001");
    let conversation: Value = app.conversation(&token, None).await.json().await.unwrap();
    assert_eq!(conversation["status"], "open");
}

#[tokio::test]
async fn bad_input_is_refused_with_a_specific_code() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let cases = [
        (json!({"text": "   "}), "invalid_text"),
        (json!({}), "invalid_text"),
        (json!({"text": "é".repeat(4_001)}), "invalid_text"),
        (json!({"text": 42}), "invalid_json"),
        (json!({"text": "hi", "email": "jean@"}), "invalid_email"),
        (json!({"text": "hi", "name": " "}), "invalid_name"),
        (
            json!({"text": "hi", "page": "a".repeat(2_049)}),
            "invalid_page",
        ),
        (
            json!({"text": "hi", "client_id": "with space"}),
            "invalid_client_id",
        ),
    ];
    for (body, code) in cases {
        let response = app.post_message(&token, &body).await;
        assert_eq!(response.status(), 400, "{code}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], code, "{body}");
        assert!(error["error"]["message"].as_str().unwrap().len() > 5);
    }
}

#[tokio::test]
async fn four_thousand_characters_are_accepted() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let response = app
        .post_message(&token, &json!({"text": "é".repeat(4_000)}))
        .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn a_refused_message_writes_nothing() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;

    let response = app
        .post_message(
            &token,
            &json!({"text": "Bonjour", "email": "not-an-address"}),
        )
        .await;

    assert_eq!(response.status(), 400);
    let conversation: Value = app.conversation(&token, None).await.json().await.unwrap();
    assert_eq!(
        conversation,
        json!({"ticket": null, "status": null, "messages": []})
    );
    assert_eq!(app.notifier.count(), 0);
}

#[tokio::test]
async fn malformed_json_is_invalid_json() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let response = app
        .client
        .post(app.url("/api/v1/messages"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"text\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_json");
}

/// `n` times an emoji, each written as JSON escapes (12 bytes for one character).
fn escaped_emoji(n: usize) -> String {
    r"\ud83d\ude00".repeat(n)
}

async fn post_json_text(app: &TestApp, token: &str, body: String) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/messages"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_message_at_every_limit_in_the_widest_encoding_is_accepted() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let email = format!(
        "{}@{}.{}.{}.fr",
        "a".repeat(64),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(58)
    );
    let body = format!(
        r#"{{"text": "{}", "client_id": "{}", "page": "/{}", "name": "{}", "email": "{}"}}"#,
        escaped_emoji(4_000),
        r"\u0041".repeat(64),
        escaped_emoji(2_047),
        escaped_emoji(100),
        email,
    );

    let response = post_json_text(&app, &token, body).await;

    assert_eq!(response.status(), 201);
    let sent: Value = response.json().await.unwrap();
    assert_eq!(
        sent["message"]["text"].as_str().unwrap().chars().count(),
        4_000
    );
}

#[tokio::test]
async fn a_text_one_character_too_long_gets_the_texts_own_error_however_encoded() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;

    let body = format!(r#"{{"text": "{}"}}"#, escaped_emoji(4_001));
    let response = post_json_text(&app, &token, body).await;

    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_text");
}

#[tokio::test]
async fn a_body_over_the_byte_limit_is_payload_too_large_and_names_that_limit() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let response = app
        .post_message(&token, &json!({"text": "a".repeat(MAX_MESSAGE_JSON_BYTES)}))
        .await;
    assert_eq!(response.status(), 413);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "payload_too_large");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{MAX_MESSAGE_JSON_BYTES} bytes")),
        "{message}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_unsupported() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let response = app
        .client
        .post(app.url("/api/v1/messages"))
        .bearer_auth(&token)
        .body("text=hi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn a_missing_or_forged_token_is_unauthorized() {
    let app = spawn_app().await;
    let forged = "0".repeat(64);
    for auth in [
        None,
        Some("Bearer nonsense"),
        Some(&*format!("Bearer {forged}")),
    ] {
        let mut request = app
            .client
            .post(app.url("/api/v1/messages"))
            .json(&json!({"text": "hi"}));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{auth:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "unauthorized");
    }
}

#[tokio::test]
async fn a_flooding_visitor_gets_429_with_retry_after() {
    let app = spawn_app_with(
        |config| {
            config.limits.messages_per_visitor.burst = 3;
            config.limits.messages_per_visitor.per_second = 0.01;
        },
        None,
    )
    .await;
    let token = app.new_visitor().await;
    for i in 0..3 {
        app.say(&token, &format!("message {i}")).await;
    }

    let response = app
        .post_message(&token, &json!({"text": "one too many"}))
        .await;

    assert_eq!(response.status(), 429);
    assert!(
        response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "rate_limited");
    let other = app.new_visitor().await;
    app.say(&other, "another visitor is not limited").await;
}
