//! Periodic housekeeping while the app runs: visitors who never wrote are purged after
//! [`ticket_domain::service::UNUSED_VISITOR_RETENTION`].

use std::sync::Arc;
use std::time::Duration;

use ticket_domain::service::DynVisitorService;

/// How often unused visitors are purged (the first purge runs this long after start-up too,
/// so that a restart loop cannot turn it into load).
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Purges unused visitors every [`PURGE_EVERY`] until the task is dropped or aborted.
pub fn spawn(visitors: Arc<DynVisitorService>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut since = None;
        let mut every = tokio::time::interval(PURGE_EVERY);
        every.tick().await;
        loop {
            every.tick().await;
            let service = visitors.clone();
            match tokio::task::spawn_blocking(move || service.purge_unused_visitors(since)).await {
                Ok(Ok(purged)) => {
                    if purged.deleted > 0 {
                        tracing::info!(deleted = purged.deleted, "purged visitors who never wrote");
                    }
                    since = Some(purged.up_to);
                }
                Ok(Err(error)) => tracing::warn!(%error, "cannot purge unused visitors"),
                Err(error) => tracing::warn!(%error, "the visitor purge task failed"),
            }
        }
    })
}
