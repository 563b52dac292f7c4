//! The visitor channel port: pushes live events to a visitor's open widgets.

use serde::Serialize;

use crate::ticket::{Message, Status, TicketNumber};
use crate::visitor::VisitorId;

/// Something a visitor's open widgets must see at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum VisitorEvent {
    /// A new message of the visitor's ticket (an operator reply, a system note, or the visitor's
    /// own message sent from another tab).
    Message {
        /// The ticket.
        ticket: TicketNumber,
        /// The message.
        message: Message,
    },
    /// The ticket's status changed.
    Status {
        /// The ticket.
        ticket: TicketNumber,
        /// The new status.
        status: Status,
    },
}

/// Live delivery to visitors.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait VisitorChannel: Send + Sync + 'static {
    /// Pushes `event` to every open connection of `visitor` (several tabs each get it).
    ///
    /// MUST NOT block: a slow connection is the implementation's to drop, never the caller's to
    /// wait for. Best effort: a visitor with no open connection simply reads the message later
    /// from the repository.
    fn push(&self, visitor: VisitorId, event: VisitorEvent);
}
