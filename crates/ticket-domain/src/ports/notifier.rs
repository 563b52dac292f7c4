//! The operator notifier port: tells the operator that a visitor wrote.

use crate::notification::OperatorNotification;

/// Tells the operator about visitor messages.
///
/// Called by the visitor use case right after the repository committed the message. By then
/// the notification is already durable in the outbox (for every destination storage was
/// configured with), so an implementation that delivers through the outbox only has to wake
/// its delivery worker.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait OperatorNotifier: Send + Sync + 'static {
    /// Announces `notification`.
    ///
    /// MUST return quickly and MUST NOT do network I/O on the caller's thread: it runs inside a
    /// visitor's request. MUST NOT fail the visitor's request: delivery problems are the
    /// implementation's to retry and log.
    fn notify(&self, notification: &OperatorNotification);
}
