//! The Telegram webhook as the HTTP adapter asks for it: the bot decides whether a call is
//! Telegram's (before its body is read) and handles the update.

use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use http_api::{WebhookHandler, WebhookReply};
use telegram_bot::{TelegramBot, WebhookOutcome};

/// [`WebhookHandler`] over the bot.
pub struct TelegramWebhook(pub TelegramBot);

impl WebhookHandler for TelegramWebhook {
    fn authorizes(&self, secret: Option<&str>) -> bool {
        self.0.authorizes_webhook(secret)
    }

    fn handle(&self, secret: Option<&str>, body: Bytes) -> BoxFuture<'static, WebhookReply> {
        let bot = self.0.clone();
        let secret = secret.map(str::to_owned);
        async move {
            match bot.handle_webhook(secret.as_deref(), &body).await {
                WebhookOutcome::Accepted => WebhookReply::Accepted,
                WebhookOutcome::Unauthorized => WebhookReply::Unauthorized,
                WebhookOutcome::BadRequest => WebhookReply::BadRequest,
            }
        }
        .boxed()
    }
}
