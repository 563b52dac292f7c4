//! Start-up and shutdown: opens the database, builds the adapters around the use cases, serves
//! until a signal, then stops everything within [`SHUTDOWN_BUDGET`].

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures_util::FutureExt;
use http_api::{HttpConfig, HttpDeps, VisitorHub, WebhookHandler};
use operator_console::Console;
use storage_sqlite::{SqliteStore, StoreConfig};
use telegram_bot::{TelegramBot, TelegramMode, TelegramNotifier};
use ticket_domain::ports::{
    Clock, InboundLog, NotificationOutbox, OperatorChatStore, OperatorNotifier, TicketStore,
    VisitorChannel,
};
use ticket_domain::service::{DynOperatorService, OperatorService, VisitorService};

use crate::clock::SystemClock;
use crate::settings::{OperatorSide, Settings};
use crate::webhook::TelegramWebhook;

/// Everything must have stopped this long after the signal.
const SHUTDOWN_BUDGET: Duration = Duration::from_secs(9);

/// The operator side, once started.
enum Operator {
    Console,
    Telegram(TelegramBot),
}

/// Runs the product until SIGTERM or SIGINT.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let open_files = crate::open_files::raise();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock::new(settings.timezone));
    let store = open_store(&settings).await?;
    let hub = VisitorHub::new();
    let channel: Arc<dyn VisitorChannel> = Arc::new(hub.clone());
    let repository: Arc<dyn TicketStore> = store.clone();
    let chats: Arc<dyn OperatorChatStore> = store.clone();
    let operator_service: Arc<DynOperatorService> = Arc::new(OperatorService::new(
        repository.clone(),
        chats,
        channel.clone(),
        clock.clone(),
        settings.locale,
    ));

    let (operator, notifier): (Operator, Arc<dyn OperatorNotifier>) = match &settings.operator {
        OperatorSide::Console => {
            let (console, _printer) = Console::start(Box::new(std::io::stdout()))
                .context("cannot start the operator console")?;
            let outbox: Arc<dyn NotificationOutbox> = store.clone();
            let (notifier, _delivery) = console
                .deliver_notifications(outbox, operator_service.clone(), clock.clone())
                .context("cannot start the operator console's notifications")?;
            console
                .read_commands(
                    operator_service.clone(),
                    Box::new(std::io::BufReader::new(std::io::stdin())),
                )
                .context("cannot read the operator console")?;
            (Operator::Console, Arc::new(notifier))
        }
        OperatorSide::Telegram(telegram) => {
            let notifier = TelegramNotifier::new();
            let outbox: Arc<dyn NotificationOutbox> = store.clone();
            let inbound: Arc<dyn InboundLog> = store.clone();
            let bot = TelegramBot::new(
                telegram.clone(),
                operator_service.clone(),
                outbox,
                inbound,
                clock.clone(),
                notifier.clone(),
            )
            .context("cannot set up the Telegram bot")?;
            (Operator::Telegram(bot), Arc::new(notifier))
        }
    };
    let visitors = Arc::new(VisitorService::new(
        repository,
        notifier,
        channel,
        clock,
        notified_chats(&settings),
    ));
    let housekeeping = crate::housekeeping::spawn(visitors.clone());

    let listener = TcpListener::bind(settings.bind_addr)
        .with_context(|| format!("cannot listen on {} (BIND_ADDR)", settings.bind_addr))?;
    let address = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let bot = match &operator {
        Operator::Telegram(bot) => Some(bot.clone()),
        Operator::Console => None,
    };
    let deps = HttpDeps {
        visitors,
        hub: hub.clone(),
        health: health_check(&store),
        metrics: crate::metrics::registry(store.clone(), bot.as_ref()),
        webhook: bot
            .clone()
            .filter(|_| webhook_mode(&settings))
            .map(|bot| Arc::new(TelegramWebhook(bot)) as Arc<dyn WebhookHandler>),
    };
    let config = HttpConfig {
        allowed_origins: settings.allowed_origins.clone(),
        trusted_proxies: settings.trusted_proxies.clone(),
        open_files,
        ..HttpConfig::default()
    };
    let server = http_api::start(listener, config, deps).context("cannot start the HTTP server")?;
    let server_handle = server.handle();
    let mut server_task = actix_rt::spawn(server);

    let (stop_bot, bot_stopped) = tokio::sync::oneshot::channel::<()>();
    let bot_task = bot.map(|bot| bot.run(bot_stopped.map(|_| ())));
    announce(address, &operator);

    tokio::select! {
        () = crate::shutdown::signal() => {}
        result = &mut server_task => {
            result.context("the HTTP server task failed")?.context("the HTTP server failed")?;
            anyhow::bail!("the HTTP server stopped unexpectedly");
        }
    }

    tracing::info!("shutting down: closing sockets, draining requests, last outbox pass");
    housekeeping.abort();
    let stopping = async {
        hub.close_all();
        let _ = stop_bot.send(());
        let server_stopped = server_handle.stop(true);
        if let Some(task) = bot_task {
            if let Err(error) = task.await {
                tracing::warn!(%error, "the Telegram task ended badly");
            }
        }
        server_stopped.await;
    };
    if tokio::time::timeout(SHUTDOWN_BUDGET, stopping)
        .await
        .is_err()
    {
        tracing::warn!("shutdown took too long; exiting anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

/// The outbox destinations of visitor messages' notifications: the operator chats.
fn notified_chats(settings: &Settings) -> Vec<String> {
    match &settings.operator {
        OperatorSide::Telegram(telegram) => {
            telegram.operator_chats.iter().map(i64::to_string).collect()
        }
        OperatorSide::Console => vec![operator_console::CONSOLE_DESTINATION.to_owned()],
    }
}

async fn open_store(settings: &Settings) -> anyhow::Result<Arc<SqliteStore>> {
    let config = StoreConfig {
        synchronous: settings.synchronous,
        ..StoreConfig::new(settings.database_path.clone())
    };
    let path = settings.database_path.clone();
    let store = tokio::task::spawn_blocking(move || SqliteStore::open(config))
        .await
        .context("the database opening task failed")?
        .with_context(|| format!("cannot open the database {path} (DATABASE_URL)"))?;
    Ok(Arc::new(store))
}

fn webhook_mode(settings: &Settings) -> bool {
    matches!(&settings.operator, OperatorSide::Telegram(t) if matches!(t.mode, TelegramMode::Webhook { .. }))
}

fn health_check(store: &Arc<SqliteStore>) -> http_api::HealthCheck {
    let store = store.clone();
    Arc::new(move || store.ping().is_ok())
}

fn announce(address: std::net::SocketAddr, operator: &Operator) {
    let side = match operator {
        Operator::Console => {
            "operator console: notifications appear here; type /help, /tickets, /ticket T1001, or a reply"
        }
        Operator::Telegram(_) => "operator side: Telegram bot",
    };
    tracing::info!(%address, "serving");
    println!("Listening on http://{address}/ — open it to see the demo page with the chat widget.");
    println!("{side}");
}
