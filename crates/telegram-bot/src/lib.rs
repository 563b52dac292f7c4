#![doc = include_str!("../README.md")]

mod announcements;
mod api_failure;
mod backoff;
mod callbacks;
mod client;
mod config;
mod core;
mod forum;
mod keyboard;
mod lifecycle;
mod metrics;
mod notifier;
mod outbox_worker;
mod poller;
mod shutdown;
mod split;
mod topic_sync;
mod topics;
mod updates;
mod webhook;

pub use config::{BotToken, TelegramConfig, TelegramMode, TelegramSetupError, DEFAULT_API_URL};
pub use metrics::TelegramMetrics;
pub use notifier::TelegramNotifier;
pub use webhook::WebhookOutcome;

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ticket_domain::ports::{Clock, InboundLog, NotificationOutbox};
use ticket_domain::service::DynOperatorService;

use crate::client::TelegramClient;
use crate::core::Core;
use crate::metrics::Counters;

/// The timeout of ordinary Bot API calls.
const API_TIMEOUT: Duration = Duration::from_secs(15);
/// The timeout of `getUpdates`: longer than the long poll itself.
const POLL_CLIENT_TIMEOUT: Duration = Duration::from_secs(poller::POLL_TIMEOUT_SECS as u64 + 10);

/// The operator side on Telegram. Cheap to clone (every clone is the same bot).
#[derive(Clone)]
pub struct TelegramBot {
    core: Arc<Core>,
}

impl TelegramBot {
    /// Builds the adapter; nothing is called on Telegram before [`TelegramBot::run`].
    ///
    /// `notifier` must be the one given to the visitor service: it wakes this bot's outbox
    /// worker. `operator_service` holds the chat store used to route replies; `inbound`
    /// applies each update once, across every instance sharing the storage.
    pub fn new(
        config: TelegramConfig,
        operator_service: Arc<DynOperatorService>,
        outbox: Arc<dyn NotificationOutbox>,
        inbound: Arc<dyn InboundLog>,
        clock: Arc<dyn Clock>,
        notifier: TelegramNotifier,
    ) -> Result<Self, TelegramSetupError> {
        config.validate()?;
        if config.operator_chats.is_empty() {
            tracing::warn!(
                "TELEGRAM_OPERATOR_CHAT_IDS is empty: every chat is refused; send /start to \
                 the bot and read its chat id in the log"
            );
        }
        let counters = Arc::new(Counters::default());
        let api = TelegramClient::new(config.bot_url(), API_TIMEOUT, Arc::clone(&counters))?;
        let poll_api =
            TelegramClient::new(config.bot_url(), POLL_CLIENT_TIMEOUT, Arc::clone(&counters))?;
        let core = Core {
            operator_chats: config.operator_chats.iter().copied().collect(),
            mode: config.mode,
            locale: config.locale,
            service: operator_service,
            outbox,
            inbound,
            clock,
            api,
            poll_api,
            wake: notifier.wake_handle(),
            counters,
            bot_username: RwLock::new(None),
            refused: Mutex::new(HashSet::new()),
            in_flight: Mutex::new(HashSet::new()),
            forums: forum::Forums::default(),
            topic_changes: topic_sync::TopicChanges::default(),
            announce_new_tickets: config.announce_new_tickets,
            announcements: announcements::Announcements::default(),
        };
        Ok(Self {
            core: Arc::new(core),
        })
    }

    /// Starts the adapter on the current Tokio runtime: the outbox worker at once, the
    /// start-up calls (`deleteWebhook` or `setWebhook`, `getMe`, `setMyCommands`) in the
    /// background, retried on failure, and the long poll in polling mode. None of it waits
    /// for Telegram to be reachable.
    ///
    /// When `shutdown` resolves, polling stops at once and the outbox gets one last delivery
    /// pass of at most about 3 seconds; the returned handle then completes.
    pub fn run(
        &self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(lifecycle::run(Arc::clone(&self.core), shutdown))
    }

    /// Whether a webhook call carrying `secret_header` (the `X-Telegram-Bot-Api-Secret-Token`
    /// header) is Telegram's: the HTTP adapter asks this before it reads a byte of the body.
    pub fn authorizes_webhook(&self, secret_header: Option<&str>) -> bool {
        self.core.authorizes_webhook(secret_header)
    }

    /// Handles a webhook call: `secret_header` is the `X-Telegram-Bot-Api-Secret-Token`
    /// header, `body` the request body. The update is handled before this returns.
    pub async fn handle_webhook(&self, secret_header: Option<&str>, body: &[u8]) -> WebhookOutcome {
        self.core.handle_webhook(secret_header, body).await
    }

    /// The counters so far.
    pub fn metrics(&self) -> TelegramMetrics {
        self.core.counters.snapshot()
    }

    /// Registers the adapter's counters (`telegram_…_total`) in the application's metrics
    /// registry, which reads their live values on every scrape.
    pub fn register_metrics(&self, registry: &mut prometheus_client::registry::Registry) {
        self.core.counters.register(registry);
    }
}

impl std::fmt::Debug for TelegramBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramBot")
            .field("mode", &self.core.mode)
            .field("operator_chats", &self.core.operator_chats)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// The HTTP adapter boxes the webhook future as `Send`.
    #[allow(dead_code)]
    fn the_webhook_future_is_send(bot: &TelegramBot) {
        assert_send(&bot.handle_webhook(None, b""));
    }
}
