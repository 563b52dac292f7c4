//! Messages of a conversation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::values::{Operator, Page};

/// A message's identifier, given by storage: increasing in the order messages were stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub i64);

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    /// The visitor of the site.
    Visitor,
    /// The site owner, from Telegram or the console.
    Operator,
    /// The system itself (a ticket closed or reopened by the operator).
    System,
}

impl Author {
    /// The lower-case name used in storage and in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Operator => "operator",
            Self::System => "system",
        }
    }

    /// Parses the lower-case name; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "visitor" => Some(Self::Visitor),
            "operator" => Some(Self::Operator),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// One stored message of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Storage's identifier.
    pub id: MessageId,
    /// Who wrote it.
    pub author: Author,
    /// The text, as written (already validated when it was stored).
    pub text: String,
    /// When it was stored.
    pub sent_at: DateTime<Utc>,
    /// The page a visitor wrote it from, if known.
    pub page: Option<Page>,
    /// The member of the team who wrote it (an operator's reply from Telegram); `None` for
    /// the visitor, the system, the console, and replies stored before names were recorded.
    #[serde(default)]
    pub operator: Option<Operator>,
}

/// An internal note of the team on a ticket: kept apart from the conversation, so that no
/// visitor path can ever read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Who wrote it (`None`: the console).
    pub operator: Option<Operator>,
    /// When it was written.
    pub written_at: DateTime<Utc>,
}
