//! Webhook mode: the handler the HTTP adapter calls for `POST /telegram/webhook`.

use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::config::TelegramMode;
use crate::core::Core;
use crate::updates::update_id;

/// What the HTTP adapter answers Telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// `200 OK`: the update was handled (or was a duplicate, or was skipped as undecodable).
    Accepted,
    /// `401 Unauthorized`: the secret header is missing or wrong (or the bot is not in webhook
    /// mode). Nothing was changed.
    Unauthorized,
    /// `400 Bad Request`: the body is not an update.
    BadRequest,
}

impl WebhookOutcome {
    /// The HTTP status code to answer with.
    pub fn status_code(self) -> u16 {
        match self {
            Self::Accepted => 200,
            Self::Unauthorized => 401,
            Self::BadRequest => 400,
        }
    }
}

impl Core {
    /// Whether `secret_header` is this bot's webhook secret (compared in constant time). False
    /// when the bot is not in webhook mode.
    pub(crate) fn authorizes_webhook(&self, secret_header: Option<&str>) -> bool {
        let TelegramMode::Webhook { secret, .. } = &self.mode else {
            return false;
        };
        secret_header.is_some_and(|given| bool::from(given.as_bytes().ct_eq(secret.as_bytes())))
    }

    /// Checks the secret, then handles the update before answering, so that Telegram's `200`
    /// confirms a committed effect.
    pub(crate) async fn handle_webhook(
        &self,
        secret_header: Option<&str>,
        body: &[u8],
    ) -> WebhookOutcome {
        if !self.authorizes_webhook(secret_header) {
            tracing::debug!("webhook call with a missing or wrong secret refused");
            return WebhookOutcome::Unauthorized;
        }
        let Ok(raw) = serde_json::from_slice::<Value>(body) else {
            return WebhookOutcome::BadRequest;
        };
        let Some(id) = update_id(&raw) else {
            return WebhookOutcome::BadRequest;
        };
        self.handle_raw_update(id, raw).await;
        WebhookOutcome::Accepted
    }
}
