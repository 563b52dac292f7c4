//! The application's metrics registry: the outbox gauges (read from the database on every
//! scrape) and the Telegram adapter's counters; the HTTP adapter adds its own and serves them.

use std::fmt;
use std::sync::Arc;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;
use telegram_bot::TelegramBot;
use ticket_domain::ports::NotificationOutbox;

/// The registry `/metrics` serves, with the application's own metrics in it.
pub fn registry(outbox: Arc<dyn NotificationOutbox>, bot: Option<&TelegramBot>) -> Registry {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(OutboxGauges(outbox)));
    if let Some(bot) = bot {
        bot.register_metrics(&mut registry);
    }
    registry
}

/// `chat_outbox_pending` and `chat_outbox_failed`, counted when asked.
struct OutboxGauges(Arc<dyn NotificationOutbox>);

impl fmt::Debug for OutboxGauges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxGauges").finish_non_exhaustive()
    }
}

impl Collector for OutboxGauges {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let backlog = match self.0.backlog() {
            Ok(backlog) => backlog,
            Err(error) => {
                tracing::warn!(%error, "cannot read the outbox backlog for /metrics");
                return Ok(());
            }
        };
        for (name, help, value) in [
            (
                "chat_outbox_pending",
                "Notifications waiting for delivery.",
                backlog.pending,
            ),
            (
                "chat_outbox_failed",
                "Notifications given up after a permanent error.",
                backlog.failed,
            ),
        ] {
            let gauge = ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
            gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use ticket_domain::ports::MockNotificationOutbox;
    use ticket_domain::ports::OutboxBacklog;

    use super::*;

    #[test]
    fn the_outbox_gauges_are_read_when_asked() {
        let mut outbox = MockNotificationOutbox::new();
        outbox.expect_backlog().returning(|| {
            Ok(OutboxBacklog {
                pending: 4,
                failed: 1,
            })
        });
        let registry = registry(Arc::new(outbox), None);

        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();

        assert!(text.contains(
            "# HELP chat_outbox_pending Notifications waiting for delivery.\n\
             # TYPE chat_outbox_pending gauge\nchat_outbox_pending 4\n"
        ));
        assert!(text.contains("chat_outbox_failed 1\n"));
    }
}
