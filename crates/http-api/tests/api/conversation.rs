//! `GET /api/v1/conversation`.

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with};

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

#[tokio::test]
async fn a_long_conversation_comes_in_answers_of_about_a_megabyte() {
    let app = spawn_app_with(
        |config| {
            config.limits.messages_per_visitor.burst = 1_000;
            config.limits.requests_per_ip.burst = 1_000;
        },
        None,
    )
    .await;
    let token = app.new_visitor().await;
    // 100 messages of 16,000 bytes each: 1.6 MB of text.
    let text = json!({"text": "😀".repeat(4_000)});
    let statuses: Vec<u16> = futures_util::stream::iter(0..100)
        .map(|_| async { app.post_message(&token, &text).await.status().as_u16() })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(statuses.iter().all(|&status| status == 201), "{statuses:?}");

    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let page: Value = app.conversation(&token, after).await.json().await.unwrap();
        let ids: Vec<i64> = page["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        let Some(&last) = ids.last() else { break };
        pages.push(ids.len());
        after = Some(last);
    }

    assert_eq!(pages.iter().sum::<usize>(), 100);
    assert!(pages.len() >= 2, "{pages:?}");
    assert!(pages[0] * 16_000 <= 1024 * 1024, "{pages:?}");
}
