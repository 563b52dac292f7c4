//! The durable outbox: transient failures retried, 429 honoured, permanent errors given up
//! without blocking the queue, pending notifications delivered after a restart.

use std::time::Duration;

use fake_telegram::Failure;
use ticket_domain::ports::{NotificationOutbox, OutboxBacklog};

use crate::helpers::{spawn_app, spawn_app_with, Options, OPERATOR, PATIENCE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_failing_twice_with_500_is_delivered_once() {
    let app = spawn_app().await;
    app.telegram
        .fail_next("sendMessage", vec![Failure::Status500, Failure::Status500]);

    app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_for_empty_outbox();

    assert_eq!(app.send_message_statuses(), [500, 500, 200]);
    assert_eq!(app.operator_messages_containing("T1001").len(), 1);
    app.wait_for_notifications_sent(1);
    assert!(app.bot().metrics().api_errors_total >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_retried_no_sooner_than_retry_after() {
    let app = spawn_app().await;
    app.telegram.fail_next(
        "sendMessage",
        vec![Failure::TooManyRequests { retry_after: 2 }],
    );

    app.visitor_writes(None, "Bonjour", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_for_empty_outbox();

    let calls = app.telegram.call_log("sendMessage");
    assert_eq!(calls[0].status, 429);
    assert_eq!(calls[1].status, 200);
    assert!(calls[1].at.duration_since(calls[0].at) >= Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_502_page_is_retried() {
    let app = spawn_app().await;
    app.telegram
        .fail_next("sendMessage", vec![Failure::Html502]);

    app.visitor_writes(None, "Bonjour", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_for_empty_outbox();

    assert_eq!(app.send_message_statuses(), [502, 200]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_400_is_given_up_and_does_not_block_the_next_notification() {
    let app = spawn_app().await;
    app.telegram.fail_next(
        "sendMessage",
        vec![Failure::BadRequest("chat not found".into())],
    );

    app.visitor_writes(Some("Jean Dupont"), "Premier", "/");
    assert!(app
        .telegram
        .wait_for_call("sendMessage", |c| c.status == 400, PATIENCE)
        .is_some());
    app.visitor_writes(Some("Marie Martin"), "Second", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1002");
    app.wait_for_empty_outbox();

    assert_eq!(
        app.store.backlog().unwrap(),
        OutboxBacklog {
            pending: 0,
            failed: 1
        }
    );
    assert!(app.operator_messages_containing("T1001").is_empty());
    assert_eq!(app.telegram.call_log("sendMessage").len(), 2);
    assert_eq!(app.bot().metrics().notifications_failed_total, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_of_one_chat_keep_their_order_across_retries() {
    let app = spawn_app().await;
    app.telegram
        .fail_next("sendMessage", vec![Failure::Status500]);

    app.visitor_writes(Some("Jean Dupont"), "Premier", "/");
    app.visitor_writes(Some("Marie Martin"), "Second", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1002");
    app.wait_for_empty_outbox();

    // Separate messages, or one digest when both wait for the retry: T1001 comes first.
    let received: String = app
        .telegram
        .sent_to(OPERATOR)
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    let first = received.find("NOUVEAU TICKET T1001").unwrap();
    let second = received.find("NOUVEAU TICKET T1002").unwrap();
    assert!(first < second, "T1001 first, then T1002: {received}");
    assert_eq!(received.matches("NOUVEAU TICKET").count(), 2, "each once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_notifications_are_sent_after_a_restart() {
    // Telegram unreachable: nothing listens on this port.
    let unreachable = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}", unreachable.local_addr().unwrap());
    drop(unreachable);
    let mut app = spawn_app_with(Options {
        api_url: Some(dead_url),
        ..Options::default()
    })
    .await;

    // The visitor is served while Telegram is unreachable.
    let ticket = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    assert_eq!(ticket.to_string(), "T1001");
    assert_eq!(app.store.backlog().unwrap().pending, 1);
    app.restart().await;

    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_for_empty_outbox();
    assert_eq!(app.operator_messages_containing("T1001").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_of_one_ticket_waiting_together_are_merged_into_one_message() {
    let mut app = spawn_app().await;
    app.stop().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Premier", "/prix");
    app.same_visitor_writes(visitor, None, "Second", "/prix");

    app.restart().await;
    app.wait_for_operator_message("RÉPONSE TICKET T1001");
    app.wait_for_empty_outbox();

    let sent = app.telegram.sent_to(OPERATOR);
    assert_eq!(sent.len(), 1, "one Telegram message for both");
    let (first, second) = sent[0]
        .text
        .split_once("\n\n📝 RÉPONSE TICKET T1001")
        .unwrap();
    assert!(first.starts_with("🆕 NOUVEAU TICKET T1001") && first.contains("Premier"));
    assert!(second.contains("💬 Message: Second"));
    app.wait_for_notifications_sent(2);
}
