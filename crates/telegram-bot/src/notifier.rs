//! The `OperatorNotifier` port over the outbox: notifying only wakes the delivery worker.

use std::sync::Arc;

use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::OperatorNotifier;
use tokio::sync::Notify;

/// Wakes the outbox worker when a visitor writes. The notification itself is already durable
/// in the outbox (storage wrote it with the message), so nothing is sent from the visitor's
/// request: `notify` returns at once and never fails. Cheap to clone; create it first, give
/// it to the visitor service, then to [`crate::TelegramBot::new`].
#[derive(Debug, Clone, Default)]
pub struct TelegramNotifier {
    wake: Arc<Notify>,
}

impl TelegramNotifier {
    /// A notifier not yet connected to a bot: wake-ups wait until the worker runs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Wakes the outbox worker without a notification of this process: another instance on
    /// the same database queued one.
    pub fn wake(&self) {
        // A permit is stored if the worker is busy, so no wake-up is lost.
        self.wake.notify_one();
    }

    pub(crate) fn wake_handle(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }
}

impl OperatorNotifier for TelegramNotifier {
    fn notify(&self, _notification: &OperatorNotification) {
        self.wake();
    }
}
