//! Ticket statuses and the transitions between them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for the operator: new, or the visitor wrote last.
    Open,
    /// Waiting for the visitor: the operator replied last.
    Pending,
    /// Done; a new visitor message reopens it.
    Closed,
}

/// A status name that is not one of `open`, `pending`, `closed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status “{0}” (expected open, pending or closed)")]
pub struct StatusError(pub String);

/// A transition the rules do not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// `/close` on a closed ticket.
    #[error("the ticket is already closed")]
    AlreadyClosed,
    /// `/reopen` on a ticket that is not closed.
    #[error("the ticket is not closed")]
    NotClosed,
}

impl Status {
    /// The lower-case name used in storage and in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Closed => "closed",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(raw: &str) -> Result<Self, StatusError> {
        match raw {
            "open" => Ok(Self::Open),
            "pending" => Ok(Self::Pending),
            "closed" => Ok(Self::Closed),
            other => Err(StatusError(other.to_owned())),
        }
    }

    /// The status after a visitor message: always open (a closed ticket is reopened).
    pub fn after_visitor_message(self) -> Self {
        Self::Open
    }

    /// The status after an operator reply: waiting for the visitor.
    pub fn after_operator_reply(self) -> Self {
        Self::Pending
    }

    /// The status after `/close`.
    pub fn close(self) -> Result<Self, TransitionError> {
        match self {
            Self::Closed => Err(TransitionError::AlreadyClosed),
            Self::Open | Self::Pending => Ok(Self::Closed),
        }
    }

    /// The status after `/reopen`.
    pub fn reopen(self) -> Result<Self, TransitionError> {
        match self {
            Self::Closed => Ok(Self::Open),
            Self::Open | Self::Pending => Err(TransitionError::NotClosed),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_message_opens_any_ticket() {
        for status in [Status::Open, Status::Pending, Status::Closed] {
            assert_eq!(status.after_visitor_message(), Status::Open);
        }
    }

    #[test]
    fn an_operator_reply_makes_a_ticket_pending() {
        for status in [Status::Open, Status::Pending, Status::Closed] {
            assert_eq!(status.after_operator_reply(), Status::Pending);
        }
    }

    #[test]
    fn closing_works_once() {
        assert_eq!(Status::Open.close(), Ok(Status::Closed));
        assert_eq!(Status::Pending.close(), Ok(Status::Closed));
        assert_eq!(Status::Closed.close(), Err(TransitionError::AlreadyClosed));
    }

    #[test]
    fn only_a_closed_ticket_can_be_reopened() {
        assert_eq!(Status::Closed.reopen(), Ok(Status::Open));
        assert_eq!(Status::Open.reopen(), Err(TransitionError::NotClosed));
        assert_eq!(Status::Pending.reopen(), Err(TransitionError::NotClosed));
    }

    #[test]
    fn names_round_trip() {
        for status in [Status::Open, Status::Pending, Status::Closed] {
            assert_eq!(Status::parse(status.as_str()), Ok(status));
        }
        assert!(Status::parse("OPEN").is_err());
    }
}
