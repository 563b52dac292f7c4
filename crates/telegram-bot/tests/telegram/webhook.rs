//! Webhook mode: the secret is enforced, updates are applied once, polling is off.

use serde_json::json;
use telegram_bot::{TelegramMode, WebhookOutcome};
use ticket_domain::ports::{InboundClaim, InboundLog};

use crate::helpers::{spawn_app_with, Options, TestApp, OPERATOR, PATIENCE, SECRET};

async fn webhook_app() -> TestApp {
    spawn_app_with(Options {
        mode: TelegramMode::Webhook {
            url: "https://support.example.com/telegram/webhook".into(),
            secret: SECRET.into(),
        },
        ..Options::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_secret_is_enforced() {
    let app = webhook_app().await;
    let update = app.telegram.text_update(OPERATOR, "/help", None);
    let id = update["update_id"].as_i64().unwrap();
    let body = serde_json::to_vec(&update).unwrap();

    let missing = app.bot().handle_webhook(None, &body).await;
    let wrong = app
        .bot()
        .handle_webhook(Some("s3cret-Token_43"), &body)
        .await;
    let prefix = app.bot().handle_webhook(Some("s3cret"), &body).await;

    assert_eq!(missing, WebhookOutcome::Unauthorized);
    assert_eq!(wrong, WebhookOutcome::Unauthorized);
    assert_eq!(prefix, WebhookOutcome::Unauthorized);
    assert_eq!(missing.status_code(), 401);
    assert!(app.telegram.sent_to(OPERATOR).is_empty(), "nothing changed");

    let right = app.bot().handle_webhook(Some(SECRET), &body).await;
    assert_eq!(right, WebhookOutcome::Accepted);
    let claim = app
        .store
        .claim(
            id,
            chrono::DateTime::UNIX_EPOCH,
            std::time::Duration::from_secs(60),
        )
        .unwrap();
    assert_eq!(claim, InboundClaim::Done, "recorded as handled");
    app.wait_for_operator_message("AIDE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_body_that_is_not_an_update_is_a_bad_request() {
    let app = webhook_app().await;

    let not_json = app.bot().handle_webhook(Some(SECRET), b"<html>").await;
    let no_id = app
        .bot()
        .handle_webhook(Some(SECRET), br#"{"message":{}}"#)
        .await;

    assert_eq!(not_json, WebhookOutcome::BadRequest);
    assert_eq!(no_id, WebhookOutcome::BadRequest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_posted_twice_to_the_webhook_has_one_effect() {
    let app = webhook_app().await;
    let ticket = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let notification = app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_until_remembered(&notification);
    let update =
        app.telegram
            .text_update(OPERATOR, "Une seule fois", Some(notification.message_id));
    let body = serde_json::to_vec(&update).unwrap();

    let first = app.bot().handle_webhook(Some(SECRET), &body).await;
    let second = app.bot().handle_webhook(Some(SECRET), &body).await;

    assert_eq!(
        (first, second),
        (WebhookOutcome::Accepted, WebhookOutcome::Accepted)
    );
    assert_eq!(app.operator_replies_on(ticket), vec!["Une seule fois"]);
    assert_eq!(app.operator_messages_containing("Réponse envoyée").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_sets_the_webhook_and_never_polls() {
    let app = webhook_app().await;

    let call = app
        .telegram
        .wait_for_call("setWebhook", |c| c.status == 200, PATIENCE)
        .expect("setWebhook is called at start-up");

    assert_eq!(
        call.body["url"],
        "https://support.example.com/telegram/webhook"
    );
    assert_eq!(call.body["secret_token"], SECRET);
    assert_eq!(
        call.body["allowed_updates"],
        json!(["message", "callback_query"])
    );
    assert!(app.telegram.calls("getUpdates").is_empty());
    assert!(app.telegram.calls("deleteWebhook").is_empty());
}
