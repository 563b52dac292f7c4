//! When this instance runs the Telegram bot, and what it does with the outbox claims of
//! workers that are gone.
//!
//! - Alone on its database (SQLite): always; claims left by an earlier run (a crash
//!   mid-delivery) are released at start, so they are delivered at once.
//! - One of several instances in webhook mode: always (any instance takes an update, the
//!   inbound log applies it once, the outbox claims keep each delivery single); claims of a
//!   dead instance expire with their lease.
//! - In polling mode on PostgreSQL: only while this instance holds the leader lock, so that
//!   exactly one instance polls (Telegram refuses two) and delivers; each time it wins the
//!   lock it releases every claim (only the leader delivers, and the previous one is gone), so
//!   that what the dead leader had claimed is delivered within seconds. When the lock is lost
//!   the bot stops, and it starts again if the lock is won back.

use std::sync::Arc;

use cluster_postgres::Leadership;
use telegram_bot::TelegramBot;
use ticket_domain::ports::NotificationOutbox;
use tokio::sync::{oneshot, watch};

/// How this instance's outbox worker shares the outbox.
pub enum Delivery {
    /// The only worker on its database.
    Alone(Arc<dyn NotificationOutbox>),
    /// One of several workers, all running.
    Shared,
    /// The worker of the polling leader, while it leads.
    Leader(Leadership, Arc<dyn NotificationOutbox>),
}

/// Runs `bot` until `shutdown` turns true, as `delivery` says.
pub fn supervise(
    bot: TelegramBot,
    delivery: Delivery,
    shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        match delivery {
            Delivery::Alone(outbox) => {
                release_claims(outbox).await;
                run_until_shutdown(&bot, shutdown).await;
            }
            Delivery::Shared => run_until_shutdown(&bot, shutdown).await,
            Delivery::Leader(leadership, outbox) => lead(bot, leadership, outbox, shutdown).await,
        }
    })
}

/// Runs the bot until shutdown.
async fn run_until_shutdown(bot: &TelegramBot, shutdown: watch::Receiver<bool>) {
    let mut stop = shutdown;
    let running = bot.run(async move {
        let _ = stop.wait_for(|stop| *stop).await;
    });
    if let Err(error) = running.await {
        tracing::warn!(%error, "the Telegram task ended badly");
    }
}

/// Releases the claims of the workers that are gone (logged; a failure only delays their
/// entries until the leases run out).
async fn release_claims(outbox: Arc<dyn NotificationOutbox>) {
    match tokio::task::spawn_blocking(move || outbox.release_claims()).await {
        Ok(Ok(0)) => {}
        Ok(Ok(released)) => {
            tracing::info!(
                released,
                "released the outbox claims of a worker that is gone"
            );
        }
        Ok(Err(error)) => tracing::warn!(%error, "cannot release the outbox claims"),
        Err(error) => tracing::warn!(%error, "the claim release task failed"),
    }
}

/// The polling leader's loop.
async fn lead(
    bot: TelegramBot,
    mut leadership: Leadership,
    outbox: Arc<dyn NotificationOutbox>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if !leadership.is_leader() {
            tracing::info!("another instance may poll Telegram; this one waits for the lead");
        }
        tokio::select! {
            () = leadership.won() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        release_claims(Arc::clone(&outbox)).await;
        let (stop_bot, stopped) = oneshot::channel::<()>();
        let running = bot.run(async move {
            let _ = stopped.await;
        });
        let shutting_down = tokio::select! {
            () = leadership.lost() => {
                tracing::warn!("lost the leader lock: this instance stops polling Telegram");
                false
            }
            _ = shutdown.wait_for(|stop| *stop) => true,
        };
        let _ = stop_bot.send(());
        if let Err(error) = running.await {
            tracing::warn!(%error, "the Telegram task ended badly");
        }
        if shutting_down {
            return;
        }
    }
}
