//! Start-up and shutdown: opens the database, builds the adapters around the use cases, serves
//! until a signal, then stops everything within [`SHUTDOWN_BUDGET`].

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cluster_postgres::{Cluster, Leadership, POLLING_LEADER_KEY};
use http_api::{HttpConfig, HttpDeps, VisitorHub, WebhookHandler};
use operator_console::Console;
use telegram_bot::{TelegramBot, TelegramMode, TelegramNotifier};
use ticket_domain::ports::{Clock, OperatorNotifier, VisitorChannel};
use ticket_domain::service::{DynOperatorService, OperatorService, VisitorService};

use crate::clock::SystemClock;
use crate::database;
use crate::settings::{OperatorSide, Settings};
use crate::telegram_leader::{self, Delivery};
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
    let storage = database::open(&settings.database).await?;
    let hub = VisitorHub::new();
    let telegram_notifier = TelegramNotifier::new();
    let cluster = start_cluster(&settings, &hub, &telegram_notifier).await?;
    let channel: Arc<dyn VisitorChannel> = match &cluster {
        Some(cluster) => Arc::new(cluster.visitor_channel()),
        None => Arc::new(hub.clone()),
    };
    let operator_service: Arc<DynOperatorService> = Arc::new(
        OperatorService::new(
            storage.tickets.clone(),
            storage.chats.clone(),
            channel.clone(),
            clock.clone(),
            settings.locale,
        )
        .with_auto_assign(settings.auto_assign),
    );

    let (operator, notifier): (Operator, Arc<dyn OperatorNotifier>) = match &settings.operator {
        OperatorSide::Console => {
            let (console, _printer) = Console::start(Box::new(std::io::stdout()))
                .context("cannot start the operator console")?;
            let (notifier, _delivery) = console
                .deliver_notifications(
                    storage.outbox.clone(),
                    operator_service.clone(),
                    clock.clone(),
                )
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
            let bot = TelegramBot::new(
                telegram.clone(),
                operator_service.clone(),
                storage.outbox.clone(),
                storage.inbound.clone(),
                clock.clone(),
                telegram_notifier.clone(),
            )
            .context("cannot set up the Telegram bot")?;
            (Operator::Telegram(bot), Arc::new(telegram_notifier))
        }
    };
    let notifier: Arc<dyn OperatorNotifier> = match &cluster {
        Some(cluster) => Arc::new(cluster.operator_notifier(notifier)),
        None => notifier,
    };
    let visitors = Arc::new(VisitorService::new(
        storage.tickets.clone(),
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
        health: storage.ping.clone(),
        metrics: crate::metrics::registry(storage.outbox.clone(), bot.as_ref()),
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

    let (stop_bot, bot_stopped) = tokio::sync::watch::channel(false);
    let bot_task = match bot {
        Some(bot) => Some(telegram_leader::supervise(
            bot,
            delivery(&settings, &storage)?,
            bot_stopped,
        )),
        None => None,
    };
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
        let _ = stop_bot.send(true);
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
    drop(cluster);
    tracing::info!("stopped");
    Ok(())
}

/// On PostgreSQL, this instance's part of the live events shared with the other instances:
/// their events reach this instance's sockets, which resume from storage when events may have
/// been missed, and their notifications wake this instance's Telegram outbox worker.
async fn start_cluster(
    settings: &Settings,
    hub: &VisitorHub,
    telegram: &TelegramNotifier,
) -> anyhow::Result<Option<Cluster>> {
    let Some(url) = settings.database.postgres_url() else {
        return Ok(None);
    };
    let url = url.to_owned();
    let local: Arc<dyn VisitorChannel> = Arc::new(hub.clone());
    let resuming = hub.clone();
    let waking = telegram.clone();
    let cluster = tokio::task::spawn_blocking(move || {
        Cluster::start(
            &url,
            local,
            Box::new(move || resuming.resume_all()),
            Box::new(move || waking.wake()),
        )
    })
    .await
    .context("the live-events start-up task failed")?
    .context("cannot start the live events shared with the other instances")?;
    Ok(Some(cluster))
}

/// How this instance's Telegram outbox worker shares the outbox: alone on SQLite; in polling
/// mode on PostgreSQL, as the leader while it holds the lock that lets one instance poll (the
/// campaign starts here); in webhook mode on PostgreSQL, beside the other instances' workers.
fn delivery(settings: &Settings, storage: &database::Storage) -> anyhow::Result<Delivery> {
    let Some(url) = settings.database.postgres_url() else {
        return Ok(Delivery::Alone(storage.outbox.clone()));
    };
    match &settings.operator {
        OperatorSide::Telegram(telegram) if telegram.mode == TelegramMode::Polling => {
            let leadership = Leadership::campaign(url, POLLING_LEADER_KEY)
                .context("cannot start the leader election")?;
            Ok(Delivery::Leader(leadership, storage.outbox.clone()))
        }
        _ => Ok(Delivery::Shared),
    }
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

fn webhook_mode(settings: &Settings) -> bool {
    matches!(&settings.operator, OperatorSide::Telegram(t) if matches!(t.mode, TelegramMode::Webhook { .. }))
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
