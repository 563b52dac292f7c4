//! The payload of one `NOTIFY` on [`CHANNEL`]: which instance sent it, and the events of a
//! batch, by id. JSON with one-letter keys, so that a full batch of the widest events stays
//! under PostgreSQL's 8,000-byte payload limit (tested).

use serde::{Deserialize, Serialize};
use ticket_domain::ports::VisitorEvent;
use ticket_domain::visitor::VisitorId;

/// The notification channel every instance listens on.
pub(crate) const CHANNEL: &str = "ticket_events";

/// At most this many events per notification.
pub(crate) const MAX_EVENTS: usize = 100;

/// What one notification carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Batch {
    /// The sending instance: an instance skips its own notifications (it delivered them
    /// locally already).
    #[serde(rename = "f")]
    pub(crate) from: u64,
    /// The events, in the order they happened.
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) events: Vec<Event>,
    /// A notification was queued in the outbox: wake the delivery worker.
    #[serde(rename = "o", default, skip_serializing_if = "is_false")]
    pub(crate) outbox: bool,
    /// The sender had to drop events it could not publish: every instance makes its sockets
    /// resume from storage.
    #[serde(rename = "r", default, skip_serializing_if = "is_false")]
    pub(crate) resume: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Batch {
    /// An empty batch of `from`.
    pub(crate) fn new(from: u64) -> Self {
        Self {
            from,
            events: Vec::new(),
            outbox: false,
            resume: false,
        }
    }
}

/// One visitor event, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Event {
    /// A new message of the visitor's ticket: the receiver reads it.
    Message {
        /// The visitor.
        #[serde(rename = "v")]
        visitor: i64,
        /// The message id.
        #[serde(rename = "m")]
        message: i64,
    },
    /// The ticket's status changed.
    Status {
        /// The visitor.
        #[serde(rename = "v")]
        visitor: i64,
        /// The ticket number.
        #[serde(rename = "t")]
        ticket: u32,
        /// The new status, as the domain spells it.
        #[serde(rename = "s")]
        status: String,
    },
}

impl Event {
    /// The event pushed to `visitor`, by id.
    pub(crate) fn of(visitor: VisitorId, event: &VisitorEvent) -> Self {
        match event {
            VisitorEvent::Message { message, .. } => Self::Message {
                visitor: visitor.0,
                message: message.id.0,
            },
            VisitorEvent::Status { ticket, status } => Self::Status {
                visitor: visitor.0,
                ticket: ticket.value(),
                status: status.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_batch_of_the_widest_events_fits_in_a_notify_payload() {
        let mut batch = Batch::new(u64::MAX);
        batch.outbox = true;
        batch.resume = true;
        for i in 0..MAX_EVENTS {
            batch.events.push(if i % 2 == 0 {
                Event::Status {
                    visitor: i64::MIN,
                    ticket: u32::MAX,
                    status: "pending".into(),
                }
            } else {
                Event::Message {
                    visitor: i64::MIN,
                    message: i64::MIN,
                }
            });
        }
        let payload = serde_json::to_string(&batch).unwrap();
        assert!(payload.len() < 8_000, "{} bytes", payload.len());
        assert_eq!(serde_json::from_str::<Batch>(&payload).unwrap(), batch);
    }

    #[test]
    fn an_outbox_wake_alone_is_a_few_bytes() {
        let mut batch = Batch::new(7);
        batch.outbox = true;
        assert_eq!(
            serde_json::to_string(&batch).unwrap(),
            r#"{"f":7,"o":true}"#
        );
    }
}
