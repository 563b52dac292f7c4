//! The ticket itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Device, Message, Note, Priority, Status, TicketNumber};
use crate::values::{Operator, Page};
use crate::visitor::VisitorProfile;

/// A ticket: one visitor's conversation with the support, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// The public number.
    pub number: TicketNumber,
    /// Who opened it.
    pub visitor: VisitorProfile,
    /// The first message of the visitor.
    pub subject: String,
    /// Where it stands.
    pub status: Status,
    /// How urgent it is.
    pub priority: Priority,
    /// When the first message arrived.
    pub created_at: DateTime<Utc>,
    /// When the latest message, or change of status or priority, happened.
    pub last_activity_at: DateTime<Utc>,
    /// When it was last closed; `None` unless closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The page of the latest visitor message that gave one.
    pub last_page: Option<Page>,
    /// The device of the latest visitor message that gave one.
    pub last_device: Option<Device>,
    /// The member of the team it is assigned to, if any.
    #[serde(default)]
    pub assignee: Option<Operator>,
}

/// A ticket with the latest messages of its conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketHistory {
    /// The ticket.
    pub ticket: Ticket,
    /// The latest messages, oldest first.
    pub messages: Vec<Message>,
    /// How many messages the conversation has in all (more than `messages.len()` when older
    /// ones were left out).
    pub total_messages: u64,
    /// The team's internal notes, oldest first (the latest ones, as many as messages asked).
    pub notes: Vec<Note>,
}

/// What a visitor message did to the visitor's ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorMessageEffect {
    /// The visitor's first message: a new ticket.
    Created,
    /// A message on an open or pending ticket.
    Appended,
    /// A message on a closed ticket, which it reopened.
    Reopened,
}

impl VisitorMessageEffect {
    /// The effect of a visitor message on a ticket whose status was `previous` (`None`: the
    /// visitor has no ticket yet).
    pub fn of(previous: Option<Status>) -> Self {
        match previous {
            None => Self::Created,
            Some(Status::Closed) => Self::Reopened,
            Some(Status::Open | Status::Pending) => Self::Appended,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effect_of_a_visitor_message_follows_the_previous_status() {
        assert_eq!(
            VisitorMessageEffect::of(None),
            VisitorMessageEffect::Created
        );
        assert_eq!(
            VisitorMessageEffect::of(Some(Status::Open)),
            VisitorMessageEffect::Appended
        );
        assert_eq!(
            VisitorMessageEffect::of(Some(Status::Pending)),
            VisitorMessageEffect::Appended
        );
        assert_eq!(
            VisitorMessageEffect::of(Some(Status::Closed)),
            VisitorMessageEffect::Reopened
        );
    }
}
