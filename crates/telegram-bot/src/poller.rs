//! Long polling: `getUpdates` in a loop, each update handled before its offset is confirmed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::backoff::backoff_capped;
use crate::client::ApiFailure;
use crate::core::Core;
use crate::shutdown::pause;
use crate::updates::update_id;

/// How long one `getUpdates` waits for an update on Telegram's side.
pub(crate) const POLL_TIMEOUT_SECS: u32 = 25;
/// An empty answer sooner than this did not really long-poll: wait before the next call.
const MIN_EMPTY_POLL: Duration = Duration::from_secs(1);
/// The wait after such an empty answer.
const EMPTY_PAUSE: Duration = Duration::from_secs(1);
/// The longest wait after failed calls.
const MAX_FAILURE_PAUSE: Duration = Duration::from_secs(30);

/// Polls until shutdown. The offset confirmed to Telegram is always one past the last update
/// handled, so an update not handled yet (the process stopped) is delivered again after a
/// restart, and a duplicate is then recognised by its stored id.
pub(crate) async fn run_poller(core: Arc<Core>, mut shutdown: watch::Receiver<bool>) {
    let mut offset: Option<i64> = None;
    let mut failures: u32 = 0;
    loop {
        let started = Instant::now();
        let polled = tokio::select! {
            biased;
            _ = crate::shutdown::stopped(&mut shutdown) => return,
            polled = core.poll_api.get_updates(offset, POLL_TIMEOUT_SECS) => polled,
        };
        let wait = match polled {
            Ok(updates) => {
                failures = 0;
                let empty = updates.is_empty();
                for raw in updates {
                    let Some(id) = update_id(&raw) else {
                        tracing::warn!("an update without update_id was skipped");
                        continue;
                    };
                    core.handle_raw_update(id, raw).await;
                    offset = Some(offset.map_or(id + 1, |o| o.max(id + 1)));
                }
                if empty && started.elapsed() < MIN_EMPTY_POLL {
                    EMPTY_PAUSE
                } else {
                    Duration::ZERO
                }
            }
            Err(failure) => {
                tracing::warn!(%failure, "getUpdates failed");
                failures = failures.saturating_add(1);
                if failure.is_webhook_conflict() {
                    // A webhook is set: remove it, or getUpdates never works.
                    if let Err(failure) = core.api.delete_webhook().await {
                        tracing::warn!(%failure, "deleteWebhook failed");
                    }
                }
                match failure {
                    ApiFailure::RateLimited { retry_after, .. } => retry_after,
                    _ => backoff_capped(failures - 1, MAX_FAILURE_PAUSE),
                }
            }
        };
        if !wait.is_zero() && !pause(wait, &mut shutdown).await {
            return;
        }
    }
}
