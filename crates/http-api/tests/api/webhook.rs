//! `POST /telegram/webhook`: the secret is checked before the body is read, the body is
//! capped at what Telegram sends, and the handler gets the rest.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use http_api::{WebhookHandler, WebhookReply};
use serde_json::Value;

use crate::helpers::{spawn_app_with, TestApp};
use crate::raw::{head, Raw};

/// The documented cap on an update.
const MAX_UPDATE_BYTES: usize = 256 * 1024;

/// A handler whose secret is `s3cret`, counting the bodies it is given.
#[derive(Default)]
struct FakeBot {
    handled: AtomicUsize,
}

impl WebhookHandler for FakeBot {
    fn authorizes(&self, secret: Option<&str>) -> bool {
        secret == Some("s3cret")
    }

    fn handle(&self, secret: Option<&str>, body: Bytes) -> BoxFuture<'static, WebhookReply> {
        self.handled.fetch_add(1, Ordering::SeqCst);
        let reply = match (secret, serde_json::from_slice::<Value>(&body)) {
            (Some("s3cret"), Ok(_)) => WebhookReply::Accepted,
            (Some("s3cret"), Err(_)) => WebhookReply::BadRequest,
            _ => WebhookReply::Unauthorized,
        };
        async move { reply }.boxed()
    }
}

async fn app_with_bot() -> (TestApp, Arc<FakeBot>) {
    let bot = Arc::new(FakeBot::default());
    let app = spawn_app_with(|_| {}, Some(bot.clone() as Arc<dyn WebhookHandler>)).await;
    (app, bot)
}

async fn post(app: &TestApp, secret: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut request = app.client.post(app.url("/telegram/webhook")).body(body);
    if let Some(secret) = secret {
        request = request.header("x-telegram-bot-api-secret-token", secret);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_webhook_passes_the_secret_and_body_to_the_handler() {
    let (app, bot) = app_with_bot().await;

    assert_eq!(
        post(&app, Some("s3cret"), b"{}".to_vec()).await.status(),
        200
    );
    assert_eq!(
        post(&app, Some("s3cret"), b"nope".to_vec()).await.status(),
        400
    );
    assert_eq!(
        post(&app, Some("wrong"), b"{}".to_vec()).await.status(),
        401
    );
    assert_eq!(post(&app, None, b"{}".to_vec()).await.status(), 401);

    assert_eq!(bot.handled.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_call_without_the_secret_is_refused_before_its_body_is_sent() {
    let (app, bot) = app_with_bot().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(&head(
        "POST",
        "/telegram/webhook",
        &[
            "X-Telegram-Bot-Api-Secret-Token: guess",
            "Content-Length: 1048576",
        ],
    ))
    .await;

    // Not a byte of the body is sent: the answer cannot have waited for it.
    let response = raw.response().await.expect("an answer");

    assert_eq!(response.status, 401);
    assert!(
        response.head.contains("connection: close"),
        "{}",
        response.head
    );
    assert!(raw.closed_within(Duration::from_secs(3)).await);
    assert_eq!(bot.handled.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_update_is_capped_at_what_telegram_sends() {
    let (app, bot) = app_with_bot().await;
    let padded = |size: usize| {
        let mut body = b"{\"update_id\": 1, \"pad\": \"".to_vec();
        body.resize(size - 2, b'a');
        body.extend_from_slice(b"\"}");
        body
    };

    let fits = post(&app, Some("s3cret"), padded(MAX_UPDATE_BYTES)).await;
    let too_big = post(&app, Some("s3cret"), padded(MAX_UPDATE_BYTES + 1)).await;

    assert_eq!(fits.status(), 200);
    assert_eq!(too_big.status(), 413);
    let body: Value = too_big.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(bot.handled.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_oversized_chunked_update_is_refused_while_it_is_read() {
    let (app, bot) = app_with_bot().await;
    let mut raw = Raw::connect(app.addr).await;
    raw.send(&head(
        "POST",
        "/telegram/webhook",
        &[
            "X-Telegram-Bot-Api-Secret-Token: s3cret",
            "Transfer-Encoding: chunked",
        ],
    ))
    .await;
    let chunk = [
        format!("{:x}\r\n", 16 * 1024).into_bytes(),
        vec![b' '; 16 * 1024],
        b"\r\n".to_vec(),
    ]
    .concat();
    for _ in 0..(MAX_UPDATE_BYTES / chunk.len() + 2) {
        if raw.try_send(&chunk).await.is_err() {
            break;
        }
    }

    let response = raw.response().await.expect("an answer");

    assert_eq!(response.status, 413);
    assert_eq!(bot.handled.load(Ordering::SeqCst), 0);
}
