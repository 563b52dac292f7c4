//! What the operator is told when a visitor writes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ticket::{Device, TicketNumber, VisitorMessageEffect};
use crate::values::{DisplayName, Email, Page};

/// A notification for the operator about a visitor message: a new ticket, a follow-up, or a
/// closed ticket reopened by the visitor. Storage keeps it (serialised) in the outbox until it
/// has been delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorNotification {
    /// What the message did to the ticket.
    pub effect: VisitorMessageEffect,
    /// The ticket.
    pub ticket: TicketNumber,
    /// The visitor's name, if given.
    pub visitor_name: Option<DisplayName>,
    /// The visitor's e-mail address, if given.
    pub visitor_email: Option<Email>,
    /// The message, as written.
    pub text: String,
    /// When the message was stored.
    pub sent_at: DateTime<Utc>,
    /// The page it was written from.
    pub page: Option<Page>,
    /// The device it was written from.
    pub device: Option<Device>,
}
