//! Counters of the adapter's activity, as Prometheus counters registered in the application's
//! registry.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::registry::Registry;

/// The live counters, shared by the poller, the outbox worker and the client.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) api_errors: Counter,
    pub(crate) notifications_sent: Counter,
    pub(crate) notifications_failed: Counter,
    pub(crate) updates_handled: Counter,
}

impl Counters {
    pub(crate) fn add(counter: &Counter, n: u64) {
        counter.inc_by(n);
    }

    pub(crate) fn snapshot(&self) -> TelegramMetrics {
        TelegramMetrics {
            api_errors_total: self.api_errors.get(),
            notifications_sent_total: self.notifications_sent.get(),
            notifications_failed_total: self.notifications_failed.get(),
            updates_handled_total: self.updates_handled.get(),
        }
    }

    /// Registers every counter in `registry` (the counters are shared: the registry reads
    /// the live values).
    pub(crate) fn register(&self, registry: &mut Registry) {
        registry.register(
            "telegram_api_errors",
            "Telegram Bot API calls that failed",
            self.api_errors.clone(),
        );
        registry.register(
            "telegram_notifications_sent",
            "Operator notifications delivered to Telegram",
            self.notifications_sent.clone(),
        );
        registry.register(
            "telegram_notifications_failed",
            "Operator notifications given up after a permanent error",
            self.notifications_failed.clone(),
        );
        registry.register(
            "telegram_updates_handled",
            "Incoming Telegram updates handled",
            self.updates_handled.clone(),
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_is_registered_with_help_and_type() {
        let counters = Counters::default();
        Counters::add(&counters.api_errors, 3);
        Counters::add(&counters.notifications_sent, 7);
        Counters::add(&counters.notifications_failed, 1);
        Counters::add(&counters.updates_handled, 12);
        let mut registry = Registry::default();
        counters.register(&mut registry);

        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();

        assert!(text.contains(
            "# HELP telegram_api_errors Telegram Bot API calls that failed.\n\
             # TYPE telegram_api_errors counter\n\
             telegram_api_errors_total 3\n"
        ));
        assert!(text.contains("telegram_notifications_sent_total 7\n"));
        assert!(text.contains("telegram_notifications_failed_total 1\n"));
        assert!(text.contains("telegram_updates_handled_total 12\n"));
        assert_eq!(text.matches("# TYPE").count(), 4);
    }

    #[test]
    fn a_snapshot_reads_the_live_counters() {
        let counters = Counters::default();
        Counters::add(&counters.notifications_sent, 2);
        assert_eq!(counters.snapshot().notifications_sent_total, 2);
    }
}
