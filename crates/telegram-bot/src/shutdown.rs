//! Waiting that shutdown interrupts: what the poller, the outbox worker and the start-up calls
//! share (kept apart from `lifecycle`, which runs them, so that they do not depend on it).

use std::time::Duration;

use tokio::sync::watch;

/// Resolves once shutdown has been asked for.
pub(crate) async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // An error means the sender is gone, which only happens once shutdown is under way.
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// Sleeps for `wait` unless shutdown comes first; `false` on shutdown.
pub(crate) async fn pause(wait: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = stopped(shutdown) => false,
        _ = tokio::time::sleep(wait) => true,
    }
}
