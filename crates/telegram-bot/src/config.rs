//! The adapter's configuration, as typed values the `app` crate reads from the environment.

use std::fmt;

use ticket_domain::render::Locale;

/// Telegram's Bot API, the default of `TELEGRAM_API_URL`.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";

/// The bot's token (`TELEGRAM_BOT_TOKEN`): a secret, never printed (`Debug` shows `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl BotToken {
    /// Wraps a token as BotFather gave it (`123456:ABC-DEF…`); white space around it is dropped.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into().trim().to_owned())
    }

    /// The token itself, for building the API URL only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How updates reach the bot (`TELEGRAM_MODE`).
#[derive(Clone, PartialEq, Eq, Default)]
pub enum TelegramMode {
    /// `polling` (the default): the bot long-polls `getUpdates`.
    #[default]
    Polling,
    /// `webhook`: Telegram posts updates to `url`, which the HTTP adapter serves at
    /// `POST /telegram/webhook`, with `secret` in the `X-Telegram-Bot-Api-Secret-Token` header.
    Webhook {
        /// The public HTTPS URL of the webhook (`TELEGRAM_WEBHOOK_URL`).
        url: String,
        /// The shared secret (`TELEGRAM_WEBHOOK_SECRET`): 1 to 256 characters among `A-Z`,
        /// `a-z`, `0-9`, `_` and `-`.
        secret: String,
    },
}

impl fmt::Debug for TelegramMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Polling => f.write_str("Polling"),
            Self::Webhook { url, .. } => f
                .debug_struct("Webhook")
                .field("url", url)
                .field("secret", &"***")
                .finish(),
        }
    }
}

/// Everything the Telegram adapter needs to know.
#[derive(Debug, Clone)]
pub struct TelegramConfig {
    /// `TELEGRAM_BOT_TOKEN`.
    pub token: BotToken,
    /// `TELEGRAM_API_URL`, [`DEFAULT_API_URL`] by default; the client calls
    /// `{api_url}/bot{token}/{method}`.
    pub api_url: String,
    /// `TELEGRAM_OPERATOR_CHAT_IDS`: the chats notified and the only ones obeyed. May be empty
    /// while setting up (every chat is refused, and `/start` logs the chat id to add).
    pub operator_chats: Vec<i64>,
    /// `TELEGRAM_MODE` with its webhook settings.
    pub mode: TelegramMode,
    /// The language of the buttons and of the command menu (the texts come from the domain).
    pub locale: Locale,
}

/// Why the adapter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TelegramSetupError {
    /// `TELEGRAM_BOT_TOKEN` is empty or contains characters a token never has.
    #[error("TELEGRAM_BOT_TOKEN is empty or malformed")]
    InvalidToken,
    /// `TELEGRAM_API_URL` is not an `http://` or `https://` URL.
    #[error("TELEGRAM_API_URL must start with http:// or https:// (got {0:?})")]
    InvalidApiUrl(String),
    /// `TELEGRAM_WEBHOOK_URL` is not an `https://` URL.
    #[error("TELEGRAM_WEBHOOK_URL must be an https:// URL (got {0:?})")]
    InvalidWebhookUrl(String),
    /// `TELEGRAM_WEBHOOK_SECRET` is empty, too long or has characters Telegram refuses.
    #[error("TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters among A-Z a-z 0-9 _ -")]
    InvalidWebhookSecret,
    /// The HTTP client could not be built.
    #[error("the HTTP client for Telegram could not be built: {0}")]
    HttpClient(#[source] reqwest::Error),
}

impl TelegramConfig {
    /// Checks the values Telegram would refuse later, naming the variable at fault.
    pub fn validate(&self) -> Result<(), TelegramSetupError> {
        let token = self.token.expose();
        let token_ok = !token.is_empty()
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b":_-".contains(&b));
        if !token_ok {
            return Err(TelegramSetupError::InvalidToken);
        }
        if !(self.api_url.starts_with("http://") || self.api_url.starts_with("https://")) {
            return Err(TelegramSetupError::InvalidApiUrl(self.api_url.clone()));
        }
        if let TelegramMode::Webhook { url, secret } = &self.mode {
            if !url.starts_with("https://") {
                return Err(TelegramSetupError::InvalidWebhookUrl(url.clone()));
            }
            let secret_ok = (1..=256).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !secret_ok {
                return Err(TelegramSetupError::InvalidWebhookSecret);
            }
        }
        Ok(())
    }

    /// `{api_url}/bot{token}`, the base every method is appended to.
    pub(crate) fn bot_url(&self) -> String {
        format!(
            "{}/bot{}",
            self.api_url.trim_end_matches('/'),
            self.token.expose()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(mode: TelegramMode) -> TelegramConfig {
        TelegramConfig {
            token: BotToken::new("123:abc-DEF_1"),
            api_url: "http://127.0.0.1:9/".to_owned(),
            operator_chats: vec![42],
            mode,
            locale: Locale::Fr,
        }
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let printed = format!(
            "{:?}",
            config(TelegramMode::Webhook {
                url: "https://example.com/telegram/webhook".into(),
                secret: "s3cret-value".into(),
            })
        );
        assert!(!printed.contains("123:abc"), "{printed}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("***"));
    }

    #[test]
    fn the_bot_url_joins_the_api_url_and_the_token() {
        assert_eq!(
            config(TelegramMode::Polling).bot_url(),
            "http://127.0.0.1:9/bot123:abc-DEF_1"
        );
    }

    #[test]
    fn bad_values_are_rejected_naming_the_variable() {
        let mut bad_token = config(TelegramMode::Polling);
        bad_token.token = BotToken::new(" ");
        assert!(matches!(
            bad_token.validate(),
            Err(TelegramSetupError::InvalidToken)
        ));
        let bad_secret = config(TelegramMode::Webhook {
            url: "https://example.com/hook".into(),
            secret: "has space".into(),
        });
        assert!(bad_secret
            .validate()
            .unwrap_err()
            .to_string()
            .contains("TELEGRAM_WEBHOOK_SECRET"));
        let plain_http = config(TelegramMode::Webhook {
            url: "http://example.com/hook".into(),
            secret: "ok".into(),
        });
        assert!(matches!(
            plain_http.validate(),
            Err(TelegramSetupError::InvalidWebhookUrl(_))
        ));
        assert!(config(TelegramMode::Polling).validate().is_ok());
    }
}
