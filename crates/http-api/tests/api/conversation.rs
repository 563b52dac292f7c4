//! `GET /api/v1/conversation`.

use serde_json::{json, Value};

use crate::helpers::spawn_app;

#[tokio::test]
async fn before_the_first_message_there_is_no_ticket() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;

    let response = app.conversation(&token, None).await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ticket": null, "status": null, "messages": []})
    );
}

#[tokio::test]
async fn the_conversation_lists_every_message_oldest_first() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    app.operator_replies("T1001", "Bonjour ! Que puis-je pour vous ?")
        .await;
    app.say(&token, "Vos tarifs ?").await;

    let body: Value = app.conversation(&token, None).await.json().await.unwrap();

    assert_eq!(body["ticket"], "T1001");
    assert_eq!(body["status"], "open");
    let messages = body["messages"].as_array().unwrap();
    let authors: Vec<&str> = messages
        .iter()
        .map(|m| m["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["visitor", "operator", "visitor"]);
    let ids: Vec<i64> = messages.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn after_returns_only_newer_messages() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let first = app.say(&token, "un").await;
    app.say(&token, "deux").await;
    app.say(&token, "trois").await;

    let after = first["message"]["id"].as_i64().unwrap();
    let body: Value = app
        .conversation(&token, Some(after))
        .await
        .json()
        .await
        .unwrap();

    let texts: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["deux", "trois"]);
}

#[tokio::test]
async fn one_visitor_never_sees_another_ones_conversation() {
    let app = spawn_app().await;
    let alice = app.new_visitor().await;
    let bob = app.new_visitor().await;
    app.say(&alice, "secret").await;

    let body: Value = app.conversation(&bob, None).await.json().await.unwrap();

    assert_eq!(body["ticket"], Value::Null);
}

#[tokio::test]
async fn a_bad_after_is_invalid_query() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let response = app
        .client
        .get(app.url("/api/v1/conversation?after=abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_query");
}

#[tokio::test]
async fn the_conversation_needs_a_token() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/conversation"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
