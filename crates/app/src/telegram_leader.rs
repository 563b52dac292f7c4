//! When this instance runs the Telegram bot. Alone on its database (SQLite), or in webhook mode
//! (any instance takes an update, the inbound log applies it once, the outbox claims keep each
//! delivery single): always. In polling mode on PostgreSQL: only while this instance holds the
//! leader lock, so that exactly one instance polls (Telegram refuses two) and delivers; when
//! the lock is lost the bot stops, and it starts again if the lock is won back.

use cluster_postgres::Leadership;
use telegram_bot::TelegramBot;
use tokio::sync::{oneshot, watch};

/// Runs `bot` until `shutdown` turns true: all along without `leadership`, else while it leads.
pub fn supervise(
    bot: TelegramBot,
    leadership: Option<Leadership>,
    shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        match leadership {
            None => {
                let mut stop = shutdown.clone();
                let running = bot.run(async move {
                    let _ = stop.wait_for(|stop| *stop).await;
                });
                if let Err(error) = running.await {
                    tracing::warn!(%error, "the Telegram task ended badly");
                }
            }
            Some(leadership) => lead(bot, leadership, shutdown).await,
        }
    })
}

/// The polling leader's loop.
async fn lead(bot: TelegramBot, mut leadership: Leadership, mut shutdown: watch::Receiver<bool>) {
    loop {
        if !leadership.is_leader() {
            tracing::info!("another instance polls Telegram; this one waits to take over");
        }
        tokio::select! {
            () = leadership.won() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
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
