//! The test world: a fake Bot API on loopback, a real SQLite file, the domain services, and
//! the bot under test, which can be stopped and started again over the same database.

pub use crate::fixtures::{jan_15, RecordingChannel, TestClock};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fake_telegram::{FakeOptions, FakeTelegram, RateLimits, SentMessage};
use storage_sqlite::{SqliteStore, StoreConfig, Synchronous};
use telegram_bot::{BotToken, TelegramBot, TelegramConfig, TelegramMode, TelegramNotifier};
use ticket_domain::ports::{
    Clock, NotificationOutbox, OperatorChatStore, OperatorNotifier, TicketRepository, TicketStore,
    VisitorChannel,
};
use ticket_domain::render::Locale;
use ticket_domain::service::{
    DynOperatorService, DynVisitorService, OperatorService, VisitorMessage, VisitorService,
};
use ticket_domain::ticket::{Device, TicketNumber};
use ticket_domain::values::{DisplayName, MessageText, Page};
use ticket_domain::visitor::{TokenHash, VisitorId};

/// The operator's private chat.
pub const OPERATOR: i64 = 111_222_333;
/// A chat that is not an operator's.
pub const STRANGER: i64 = 999_888_777;
/// How long any wait may last before the test fails (never an upper bound on behaviour).
pub const PATIENCE: Duration = Duration::from_secs(30);
/// The webhook secret of webhook-mode tests.
pub const SECRET: &str = "s3cret-Token_42";

/// How a test wants the bot.
#[derive(Clone)]
pub struct Options {
    pub mode: TelegramMode,
    /// `None`: the fake's URL.
    pub api_url: Option<String>,
    /// Replaces the SQLite outbox the bot drains.
    pub outbox: Option<Arc<dyn NotificationOutbox>>,
    /// Where the store writes notifications.
    pub destinations: Vec<String>,
    /// `TELEGRAM_OPERATOR_CHAT_IDS`.
    pub operator_chats: Vec<i64>,
    /// `TELEGRAM_FORUM_ANNOUNCE`.
    pub announce_new_tickets: bool,
    /// The fake's rate limits (Telegram's unless a test says otherwise).
    pub telegram_limits: RateLimits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mode: TelegramMode::Polling,
            api_url: None,
            outbox: None,
            destinations: vec![OPERATOR.to_string()],
            operator_chats: vec![OPERATOR],
            announce_new_tickets: true,
            telegram_limits: RateLimits::telegram(),
        }
    }
}

/// One run of the bot and of the services around it.
pub struct Running {
    pub bot: TelegramBot,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<()>,
}

/// The world of a test: what survives a restart (database, clock, fake) and the current run.
pub struct TestApp {
    pub telegram: FakeTelegram,
    pub clock: Arc<TestClock>,
    pub channel: Arc<RecordingChannel>,
    pub store: SqliteStore,
    pub visitors: Arc<DynVisitorService>,
    pub operator: Arc<DynOperatorService>,
    pub options: Options,
    pub notifier: TelegramNotifier,
    pub run: Option<Running>,
    db: tempfile::TempDir,
    tokens: AtomicUsize,
}

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "telegram_bot=debug".into()),
        )
        .with_test_writer()
        .try_init();
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    init_tracing();
    let telegram = FakeTelegram::start_with(FakeOptions {
        limits: options.telegram_limits,
        ..FakeOptions::default()
    });
    let db = tempfile::tempdir().unwrap();
    let clock = Arc::new(TestClock::starting_at(jan_15(13, 30)));
    let channel = Arc::new(RecordingChannel::default());
    let (store, visitors, operator, notifier) =
        services(&db, &options.destinations, &clock, &channel);
    let mut app = TestApp {
        telegram,
        clock,
        channel,
        store,
        visitors,
        operator,
        options,
        notifier: notifier.clone(),
        run: None,
        db,
        tokens: AtomicUsize::new(0),
    };
    app.start_bot(notifier);
    app
}

type Services = (
    SqliteStore,
    Arc<DynVisitorService>,
    Arc<DynOperatorService>,
    TelegramNotifier,
);

/// Opens the store and builds both services over it, as `app` does.
fn services(
    db: &tempfile::TempDir,
    destinations: &[String],
    clock: &Arc<TestClock>,
    channel: &Arc<RecordingChannel>,
) -> Services {
    let path = db.path().join("chat.db").to_string_lossy().into_owned();
    let store = SqliteStore::open(StoreConfig {
        synchronous: Synchronous::Normal,
        ..StoreConfig::new(path)
    })
    .unwrap();
    let notifier = TelegramNotifier::new();
    let repository: Arc<dyn TicketStore> = Arc::new(store.clone());
    let chats: Arc<dyn OperatorChatStore> = Arc::new(store.clone());
    let clock: Arc<dyn Clock> = clock.clone();
    let channel: Arc<dyn VisitorChannel> = channel.clone();
    let wake: Arc<dyn OperatorNotifier> = Arc::new(notifier.clone());
    let visitors = VisitorService::new(
        Arc::clone(&repository),
        wake,
        Arc::clone(&channel),
        Arc::clone(&clock),
        destinations.to_vec(),
    );
    let operator = OperatorService::new(repository, chats, channel, clock, Locale::Fr);
    (store, Arc::new(visitors), Arc::new(operator), notifier)
}

impl TestApp {
    fn start_bot(&mut self, notifier: TelegramNotifier) {
        let config = TelegramConfig {
            token: BotToken::new("123456:TEST-token"),
            api_url: self
                .options
                .api_url
                .clone()
                .unwrap_or_else(|| self.telegram.api_url()),
            operator_chats: self.options.operator_chats.clone(),
            mode: self.options.mode.clone(),
            locale: Locale::Fr,
            announce_new_tickets: self.options.announce_new_tickets,
        };
        let outbox = self
            .options
            .outbox
            .clone()
            .unwrap_or_else(|| Arc::new(self.store.clone()));
        let bot = TelegramBot::new(
            config,
            Arc::clone(&self.operator),
            outbox,
            Arc::new(self.store.clone()),
            self.clock.clone(),
            notifier,
        )
        .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = bot.run(async move {
            let _ = stopped.await;
        });
        self.run = Some(Running {
            bot,
            stop: Some(stop),
            handle,
        });
    }

    /// The test clock's current instant.
    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Wakes the outbox worker as a visitor's message would.
    pub fn wake_bot(&self, notification: &ticket_domain::notification::OperatorNotification) {
        self.notifier.notify(notification);
    }

    pub fn bot(&self) -> &TelegramBot {
        &self.run.as_ref().expect("the bot is running").bot
    }

    /// Stops the bot and waits until it has stopped.
    pub async fn stop(&mut self) {
        if let Some(mut run) = self.run.take() {
            if let Some(stop) = run.stop.take() {
                let _ = stop.send(());
            }
            run.handle.await.unwrap();
        }
    }

    /// Stops everything, reopens the same database with fresh services (a new process), and
    /// starts a bot with `options`.
    pub async fn restart_with(&mut self, options: Options) {
        self.stop().await;
        self.options = options;
        let (store, visitors, operator, notifier) = services(
            &self.db,
            &self.options.destinations,
            &self.clock,
            &self.channel,
        );
        self.store = store;
        self.visitors = visitors;
        self.operator = operator;
        self.notifier = notifier.clone();
        self.start_bot(notifier);
    }

    pub async fn restart(&mut self) {
        let options = Options {
            api_url: None,
            ..self.options.clone()
        };
        self.restart_with(options).await;
    }

    /// A new visitor writes `text`; returns the ticket.
    pub fn visitor_writes(&self, name: Option<&str>, text: &str, page: &str) -> TicketNumber {
        let n = self.tokens.fetch_add(1, Ordering::SeqCst);
        let visitor = self
            .visitors
            .register_visitor(&TokenHash(format!("token-{n}")))
            .unwrap();
        self.same_visitor_writes(visitor, name, text, page)
    }

    /// A known visitor writes `text`; returns the ticket.
    pub fn same_visitor_writes(
        &self,
        visitor: VisitorId,
        name: Option<&str>,
        text: &str,
        page: &str,
    ) -> TicketNumber {
        self.visitors
            .send_message(
                visitor,
                VisitorMessage {
                    text: MessageText::new(text).unwrap(),
                    client_id: None,
                    page: Some(Page::new(page).unwrap()),
                    device: Some(Device::Mobile),
                    name: name.map(|n| DisplayName::new(n).unwrap()),
                    email: None,
                },
            )
            .unwrap()
            .ticket
    }

    /// Registers a visitor without writing.
    pub fn new_visitor(&self) -> VisitorId {
        let n = self.tokens.fetch_add(1, Ordering::SeqCst);
        self.visitors
            .register_visitor(&TokenHash(format!("token-{n}")))
            .unwrap()
    }

    /// The first message to the operator containing `needle`, waiting for it.
    pub fn wait_for_operator_message(&self, needle: &str) -> SentMessage {
        self.telegram
            .wait_for_sent(
                |m| m.chat_id == OPERATOR && m.text.contains(needle),
                PATIENCE,
            )
            .unwrap_or_else(|| {
                panic!(
                    "no message containing {needle:?}; sent: {:#?}",
                    self.telegram.sent_messages()
                )
            })
    }

    /// Waits until the bot has recorded what `message` is about (it does so right after
    /// Telegram confirms the send), so that a reply to it can be routed.
    pub fn wait_until_remembered(&self, message: &SentMessage) {
        let store = self.store.clone();
        let chat = ticket_domain::ports::OperatorChat(message.chat_id);
        let remembered = self.telegram.wait_until(
            |_| {
                store
                    .sent_about(chat, message.message_id)
                    .unwrap()
                    .is_some()
            },
            PATIENCE,
        );
        assert!(
            remembered,
            "message {} never remembered",
            message.message_id
        );
    }

    /// Messages to the operator containing `needle`, now.
    pub fn operator_messages_containing(&self, needle: &str) -> Vec<SentMessage> {
        self.telegram
            .sent_to(OPERATOR)
            .into_iter()
            .filter(|m| m.text.contains(needle))
            .collect()
    }

    /// Sends `/help` from the operator and waits for its answer: every update pushed before
    /// has been handled by then (updates are handled in order).
    pub fn wait_until_updates_before_are_handled(&self) {
        let before = self.operator_messages_containing("AIDE").len();
        self.telegram.push_text(OPERATOR, "/help");
        let done = self.telegram.wait_until(
            |t| {
                t.sent_to(OPERATOR)
                    .iter()
                    .filter(|m| m.text.contains("AIDE"))
                    .count()
                    > before
            },
            PATIENCE,
        );
        assert!(done, "the /help marker was never answered");
    }

    /// The texts of the operator messages stored on `ticket`.
    pub fn operator_replies_on(&self, ticket: TicketNumber) -> Vec<String> {
        let history = self.store.ticket_history(ticket, 100).unwrap().unwrap();
        history
            .messages
            .iter()
            .filter(|m| m.author == ticket_domain::ticket::Author::Operator)
            .map(|m| m.text.clone())
            .collect()
    }

    /// Waits until the bot has counted `count` notifications sent, and checks it counted no
    /// more. It counts them just after marking them delivered, so the outbox may be seen empty
    /// a moment before the count is up to date.
    pub fn wait_for_notifications_sent(&self, count: u64) {
        let sent = || self.bot().metrics().notifications_sent_total;
        self.telegram.wait_until(|_| sent() >= count, PATIENCE);
        assert_eq!(sent(), count, "notifications counted as sent");
    }

    /// The HTTP status of every `sendMessage` call the fake answered, in order.
    pub fn send_message_statuses(&self) -> Vec<u16> {
        self.telegram
            .call_log("sendMessage")
            .iter()
            .map(|c| c.status)
            .collect()
    }

    /// Waits until the outbox has nothing pending.
    pub fn wait_for_empty_outbox(&self) {
        let store = self.store.clone();
        let emptied = self
            .telegram
            .wait_until(|_| store.backlog().unwrap().pending == 0, PATIENCE);
        assert!(
            emptied,
            "the outbox never emptied: {:?}",
            self.store.backlog()
        );
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(run) = self.run.take() {
            run.handle.abort();
        }
    }
}
