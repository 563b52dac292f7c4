//! Counters of the adapter's activity, and their Prometheus text rendering.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// The live counters, shared by the poller, the outbox worker and the client.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) api_errors: AtomicU64,
    pub(crate) notifications_sent: AtomicU64,
    pub(crate) notifications_failed: AtomicU64,
    pub(crate) updates_handled: AtomicU64,
}

impl Counters {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> TelegramMetrics {
        TelegramMetrics {
            api_errors_total: self.api_errors.load(Ordering::Relaxed),
            notifications_sent_total: self.notifications_sent.load(Ordering::Relaxed),
            notifications_failed_total: self.notifications_failed.load(Ordering::Relaxed),
            updates_handled_total: self.updates_handled.load(Ordering::Relaxed),
        }
    }
}

/// A snapshot of the adapter's counters since the process started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TelegramMetrics {
    /// Bot API calls that failed (transport error, error status, undecodable answer).
    pub api_errors_total: u64,
    /// Notifications (outbox entries) delivered.
    pub notifications_sent_total: u64,
    /// Notifications given up after a permanent error.
    pub notifications_failed_total: u64,
    /// Incoming updates handled (duplicates not counted).
    pub updates_handled_total: u64,
}

impl TelegramMetrics {
    /// The counters in the Prometheus text exposition format, with `# HELP` and `# TYPE`.
    pub fn to_prometheus(&self) -> String {
        let series = [
            (
                "telegram_api_errors_total",
                "Telegram Bot API calls that failed.",
                self.api_errors_total,
            ),
            (
                "telegram_notifications_sent_total",
                "Operator notifications delivered to Telegram.",
                self.notifications_sent_total,
            ),
            (
                "telegram_notifications_failed_total",
                "Operator notifications given up after a permanent error.",
                self.notifications_failed_total,
            ),
            (
                "telegram_updates_handled_total",
                "Incoming Telegram updates handled.",
                self.updates_handled_total,
            ),
        ];
        let mut out = String::new();
        for (name, help, value) in series {
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_is_rendered_with_help_and_type() {
        let text = TelegramMetrics {
            api_errors_total: 3,
            notifications_sent_total: 7,
            notifications_failed_total: 1,
            updates_handled_total: 12,
        }
        .to_prometheus();
        assert!(text.contains(
            "# HELP telegram_api_errors_total Telegram Bot API calls that failed.\n\
             # TYPE telegram_api_errors_total counter\n\
             telegram_api_errors_total 3\n"
        ));
        assert!(text.contains("telegram_notifications_sent_total 7\n"));
        assert!(text.contains("telegram_notifications_failed_total 1\n"));
        assert!(text.contains("telegram_updates_handled_total 12\n"));
        assert_eq!(text.matches("# TYPE").count(), 4);
    }
}
