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

/// Whether `token` is of the form BotFather gives: the bot's numeric id, a colon, and a secret
/// of letters, digits, `_` and `-`.
fn is_bot_token(token: &str) -> bool {
    token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
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
    /// `TELEGRAM_FORUM_ANNOUNCE`: whether a forum's General topic gets a line for each new
    /// ticket (each ticket has its own topic anyway).
    pub announce_new_tickets: bool,
}

/// Why the adapter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TelegramSetupError {
    /// `TELEGRAM_BOT_TOKEN` is not of the form BotFather gives (`123456789:ABC-def_ghi`).
    #[error("not a bot token of the form 123456789:ABC-def_ghi (as given by @BotFather)")]
    InvalidToken,
    /// `TELEGRAM_API_URL` is not an `http://` or `https://` URL.
    #[error("“{0}” is not an http(s) URL")]
    InvalidApiUrl(String),
    /// `TELEGRAM_WEBHOOK_URL` is not an `https://` URL.
    #[error("webhook mode needs the public https:// URL of /telegram/webhook (got “{0}”)")]
    InvalidWebhookUrl(String),
    /// `TELEGRAM_WEBHOOK_SECRET` is empty, too long or has characters Telegram refuses.
    #[error("webhook mode needs a secret of 1 to 256 characters among A-Z, a-z, 0-9, _ and -")]
    InvalidWebhookSecret,
    /// The HTTP client could not be built.
    #[error("the HTTP client for Telegram could not be built: {0}")]
    HttpClient(#[source] reqwest::Error),
}

impl TelegramSetupError {
    /// The environment variable at fault (the flag has the same name in kebab case), if one is.
    pub fn variable(&self) -> Option<&'static str> {
        match self {
            Self::InvalidToken => Some("TELEGRAM_BOT_TOKEN"),
            Self::InvalidApiUrl(_) => Some("TELEGRAM_API_URL"),
            Self::InvalidWebhookUrl(_) => Some("TELEGRAM_WEBHOOK_URL"),
            Self::InvalidWebhookSecret => Some("TELEGRAM_WEBHOOK_SECRET"),
            Self::HttpClient(_) => None,
        }
    }
}

impl TelegramConfig {
    /// Checks the values Telegram would refuse later, naming the variable at fault.
    ///
    /// The one validation of the Telegram settings: the application calls it at start-up, and
    /// [`crate::TelegramBot::new`] again.
    pub fn validate(&self) -> Result<(), TelegramSetupError> {
        if !is_bot_token(self.token.expose()) {
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
            announce_new_tickets: true,
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
    fn a_token_is_the_bots_id_a_colon_and_a_secret() {
        let with_token = |token: &str| {
            let mut config = config(TelegramMode::Polling);
            config.token = BotToken::new(token);
            config.validate().is_ok()
        };
        assert!(with_token("123456789:ABC-def_ghi"));
        for bad in [
            "",
            "abc:def",
            "123456789",
            "123456789:",
            ":abc",
            "12:a b",
            "12:a/b",
        ] {
            assert!(!with_token(bad), "{bad:?}");
        }
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
        assert_eq!(
            bad_secret.validate().unwrap_err().variable(),
            Some("TELEGRAM_WEBHOOK_SECRET")
        );
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
