//! The whole loop with Telegram: visitor → notification → operator reply → visitor's sockets.

use fake_telegram::FakeTelegram;
use serde_json::json;

use crate::helpers::{RunningApp, OPERATOR, PATIENCE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_message_reaches_the_operator_and_the_reply_reaches_every_tab() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start();
    let app = RunningApp::start_with_telegram(dir.path().join("tickets.db"), &telegram.api_url());
    let token = app.new_visitor().await;

    let (status, body) = app
        .send(&token, json!({"text": "Bonjour, vos offres m'intéressent", "client_id": "c-1", "page": "/prix", "name": "Jean Dupont"}))
        .await;

    assert_eq!(status, 201, "{body}");
    assert_eq!(body["ticket"], "T1001");
    let notification = telegram
        .wait_for_sent(|m| m.text.starts_with("🆕 NOUVEAU TICKET T1001"), PATIENCE)
        .expect("the operator is notified");
    assert_eq!(notification.chat_id, OPERATOR);
    assert!(notification
        .text
        .contains("👤 Client: Jean Dupont\n💬 Message: Bonjour, vos offres m'intéressent\n"));
    assert!(notification.text.contains("🌐 Page: /prix\n📱 Mobile\n"));

    let mut first_tab = app.socket(&token).await;
    let mut second_tab = app.socket(&token).await;
    telegram.push_reply(
        OPERATOR,
        "Bonjour Jean, que puis-je pour vous ?",
        notification.message_id,
    );

    for tab in [&mut first_tab, &mut second_tab] {
        let frame = tab.next_operator_message().await;
        assert_eq!(frame["ticket"], "T1001");
        assert_eq!(
            frame["message"]["text"],
            "Bonjour Jean, que puis-je pour vous ?"
        );
    }
    let confirmation = telegram
        .wait_for_sent(
            |m| m.text.starts_with("✅ Réponse envoyée au ticket T1001"),
            PATIENCE,
        )
        .expect("the operator sees where the reply went");
    assert_eq!(confirmation.chat_id, OPERATOR);
    let conversation = app.conversation(&token).await;
    assert_eq!(conversation["status"], "pending");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_socket_gets_exactly_the_replies_it_missed() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start();
    let app = RunningApp::start_with_telegram(dir.path().join("tickets.db"), &telegram.api_url());
    let token = app.new_visitor().await;
    let (_, body) = app
        .send(&token, json!({"text": "Bonjour", "client_id": "c-1"}))
        .await;
    let last_seen = body["message"]["id"].as_i64().unwrap();
    telegram
        .wait_for_sent(|m| m.text.contains("T1001"), PATIENCE)
        .expect("notified");

    // The visitor is offline while the operator answers twice.
    telegram.push_text(OPERATOR, "/reply T1001 Première réponse");
    telegram.push_text(OPERATOR, "/reply T1001 Seconde réponse");
    telegram
        .wait_for_sent(
            |m| m.text.contains("Réponse envoyée") && m.text.contains("T1001"),
            PATIENCE,
        )
        .expect("first reply stored");
    assert!(telegram.wait_until(
        |t| t
            .sent_messages()
            .iter()
            .filter(|m| m.text.contains("Réponse envoyée"))
            .count()
            == 2,
        PATIENCE
    ));

    let mut socket = app.socket(&token).await;
    socket.resume(last_seen).await;

    let first = socket.next_operator_message().await;
    let second = socket.next_operator_message().await;
    assert_eq!(first["message"]["text"], "Première réponse");
    assert_eq!(second["message"]["text"], "Seconde réponse");
    // Nothing more: a third reply arrives live, right after the two replayed ones.
    telegram.push_text(OPERATOR, "/reply T1001 Troisième");
    assert_eq!(
        socket.next_operator_message().await["message"]["text"],
        "Troisième"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_send_is_stored_and_notified_once() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start();
    let app = RunningApp::start_with_telegram(dir.path().join("tickets.db"), &telegram.api_url());
    let token = app.new_visitor().await;
    let message = json!({"text": "Bonjour", "client_id": "same-id"});

    let (first, first_body) = app.send(&token, message.clone()).await;
    let (second, second_body) = app.send(&token, message).await;

    assert_eq!((first, second), (201, 200));
    assert_eq!(first_body, second_body);
    telegram
        .wait_for_sent(|m| m.text.contains("NOUVEAU TICKET T1001"), PATIENCE)
        .expect("notified");
    // A later message is notified; by then a duplicate notification would have come first.
    app.send(
        &token,
        json!({"text": "Encore là ?", "client_id": "other-id"}),
    )
    .await;
    telegram
        .wait_for_sent(|m| m.text.contains("RÉPONSE TICKET T1001"), PATIENCE)
        .expect("follow-up notified");
    let notifications = telegram
        .sent_messages()
        .into_iter()
        .filter(|m| m.text.contains("TICKET T1001"))
        .count();
    assert_eq!(notifications, 2);
    assert_eq!(
        app.conversation(&token).await["messages"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
