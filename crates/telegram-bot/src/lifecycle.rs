//! Running the adapter: start-up calls that never block start-up, the poller and the outbox
//! worker until shutdown.

use std::future::Future;
use std::sync::{Arc, PoisonError};

use tokio::sync::watch;

use crate::backoff::backoff;
use crate::client::ApiFailure;
use crate::config::TelegramMode;
use crate::core::Core;
use crate::keyboard::command_menu;
use crate::outbox_worker::run_worker;
use crate::poller::run_poller;
use crate::shutdown::{pause, stopped};
use crate::topic_sync::run_topic_sync;

/// Runs everything until `shutdown` resolves; the outbox worker gets a last pass.
pub(crate) async fn run(core: Arc<Core>, shutdown: impl Future<Output = ()> + Send + 'static) {
    let (stop, receiver) = watch::channel(false);
    let trigger = tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let worker = tokio::spawn(run_worker(Arc::clone(&core), receiver.clone()));
    let topics = tokio::spawn(run_topic_sync(Arc::clone(&core), receiver.clone()));
    let configuration = tokio::spawn(configure(Arc::clone(&core), receiver.clone()));
    if core.mode == TelegramMode::Polling {
        let mut shutdown = receiver.clone();
        // One attempt before polling; the poller retries if a webhook still gets in the way.
        tokio::select! {
            _ = stopped(&mut shutdown) => {}
            removed = core.api.delete_webhook() => if let Err(failure) = removed {
                tracing::warn!(%failure, "deleteWebhook failed at start-up; polling anyway");
            },
        }
        run_poller(Arc::clone(&core), receiver.clone()).await;
    }
    if worker.await.is_err() {
        tracing::error!("the outbox worker stopped abnormally");
    }
    configuration.abort();
    topics.abort();
    trigger.abort();
}

/// The optional start-up calls, each retried in the background until it succeeds: the webhook
/// (webhook mode), `getMe` (the bot's username) and the command menu of every operator chat.
/// Failures are warnings: visitors are served and notifications wait in the outbox.
async fn configure(core: Arc<Core>, mut shutdown: watch::Receiver<bool>) {
    let mut webhook_done = !matches!(core.mode, TelegramMode::Webhook { .. });
    let mut username_done = false;
    let mut menus_pending: Vec<i64> = core.operator_chats.iter().copied().collect();
    menus_pending.sort_unstable();
    let menu = command_menu(core.locale);
    let mut failures: u32 = 0;
    loop {
        let mut failed = false;
        if !webhook_done {
            if let TelegramMode::Webhook { url, secret } = &core.mode {
                match core.api.set_webhook(url, secret).await {
                    Ok(()) => webhook_done = true,
                    Err(failure) => {
                        tracing::warn!(%failure, "setWebhook failed; will retry");
                        failed = true;
                    }
                }
            }
        }
        if !username_done {
            match core.api.get_me().await {
                Ok(username) => {
                    tracing::info!(bot = ?username, "connected to Telegram");
                    *core
                        .bot_username
                        .write()
                        .unwrap_or_else(PoisonError::into_inner) = username;
                    username_done = true;
                }
                Err(failure) => {
                    tracing::warn!(%failure, "getMe failed; will retry");
                    failed = true;
                }
            }
        }
        let mut still_pending = Vec::new();
        for chat in menus_pending {
            match core.api.set_commands(chat, menu.clone()).await {
                Ok(()) => {}
                Err(failure @ ApiFailure::Permanent { .. }) => {
                    tracing::warn!(chat_id = chat, %failure, "setMyCommands refused");
                }
                Err(failure) => {
                    tracing::warn!(chat_id = chat, %failure, "setMyCommands failed; will retry");
                    still_pending.push(chat);
                    failed = true;
                }
            }
        }
        menus_pending = still_pending;
        if !failed {
            return;
        }
        if !pause(backoff(failures), &mut shutdown).await {
            return;
        }
        failures = failures.saturating_add(1);
    }
}
