//! The ticket repository port: durable tickets, messages and visitors.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::command::ListFilter;
use crate::notification::OperatorNotification;
use crate::ticket::{Device, Message, MessageId, Status, Ticket, TicketHistory, TicketNumber};
use crate::values::{ClientId, DisplayName, Email, MessageText, Operator, Page};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

/// Why a repository call failed.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// No ticket has this number.
    #[error("ticket {0} does not exist")]
    TicketNotFound(TicketNumber),
    /// No visitor has this id.
    #[error("visitor {0:?} does not exist")]
    VisitorNotFound(VisitorId),
    /// The ticket's status was not the one the change expected (someone else changed it).
    #[error("the ticket's status is {current}, not the expected one")]
    StatusConflict {
        /// The status the ticket has.
        current: Status,
    },
    /// The storage itself failed (I/O, corruption, pool exhausted, …).
    #[error("storage failure: {0}")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A visitor message to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisitorMessage {
    /// Who wrote it.
    pub visitor: VisitorId,
    /// The text.
    pub text: MessageText,
    /// The sender's idempotency key, if any.
    pub client_id: Option<ClientId>,
    /// The page it was written from.
    pub page: Option<Page>,
    /// The device it was written from.
    pub device: Option<Device>,
    /// A name to record for the visitor (replaces the previous one).
    pub name: Option<DisplayName>,
    /// An e-mail address to record for the visitor (replaces the previous one).
    pub email: Option<Email>,
    /// When it arrived.
    pub at: DateTime<Utc>,
}

/// What storing a visitor message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordedVisitorMessage {
    /// The message was stored, and its notification put in the outbox.
    Stored {
        /// The ticket after the message.
        ticket: Ticket,
        /// The stored message.
        message: Message,
        /// The ticket's status before the message; `None` when the message created it.
        previous_status: Option<Status>,
        /// The notification written to the outbox in the same transaction.
        notification: OperatorNotification,
    },
    /// A message with the same client id was stored before: nothing was written.
    Duplicate {
        /// The ticket as it is now.
        ticket: Ticket,
        /// The message stored the first time.
        message: Message,
    },
}

/// An operator message to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOperatorMessage {
    /// The ticket it answers.
    pub ticket: TicketNumber,
    /// The text.
    pub text: MessageText,
    /// An idempotency key (for Telegram, derived from the incoming message), if any.
    pub client_id: Option<ClientId>,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The member of the team who wrote it (`None`: the console).
    pub by: Option<Operator>,
    /// Whether an unassigned ticket becomes `by`'s with this reply.
    pub assign_if_unassigned: bool,
}

/// What storing an operator message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordedOperatorMessage {
    /// The message was stored and the ticket is now pending.
    Stored {
        /// The ticket after the message.
        ticket: Ticket,
        /// The stored message.
        message: Message,
        /// The status before the message.
        previous_status: Status,
    },
    /// A message with the same client id was stored before: nothing was written.
    Duplicate {
        /// The ticket as it is now.
        ticket: Ticket,
        /// The message stored the first time.
        message: Message,
    },
}

/// A page of the ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketQuery {
    /// Which tickets.
    pub filter: ListFilter,
    /// How many matching tickets to skip.
    pub offset: u32,
    /// How many to return at most.
    pub limit: u32,
}

/// A page of tickets, in the list's order: most urgent first, then latest activity first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketListPage {
    /// The tickets of the page.
    pub tickets: Vec<Ticket>,
    /// How many tickets match the filter in all.
    pub total_matching: u64,
}

/// How many tickets have each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    /// Open tickets.
    pub open: u64,
    /// Pending tickets.
    pub pending: u64,
    /// Closed tickets.
    pub closed: u64,
}

impl StatusCounts {
    /// Every ticket.
    pub fn total(&self) -> u64 {
        self.open + self.pending + self.closed
    }
}

/// The bounds of a statistics computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsQuery {
    /// Open or pending tickets with no activity since this instant are stale.
    pub stale_before: DateTime<Utc>,
    /// Tickets created since this instant were created today.
    pub today_starts_at: DateTime<Utc>,
    /// How many urgent tickets to list at most.
    pub urgent_limit: u32,
}

/// Figures over all tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketStats {
    /// Tickets by status.
    pub counts: StatusCounts,
    /// Open or pending tickets of urgent priority.
    pub urgent: u64,
    /// Open or pending tickets with no activity since `stale_before`.
    pub stale: u64,
    /// Tickets created since `today_starts_at`.
    pub created_today: u64,
    /// The median time from a ticket's creation to the operator's first reply, over every
    /// ticket that has one; `None` when no ticket has been answered.
    pub median_first_response: Option<Duration>,
    /// Open or pending urgent tickets, most recently active first, at most `urgent_limit`.
    pub urgent_tickets: Vec<(TicketNumber, Option<DisplayName>)>,
}

/// A visitor's ticket and the messages of it that the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorConversation {
    /// The visitor's ticket.
    pub ticket: TicketNumber,
    /// Its status.
    pub status: Status,
    /// The messages asked for, oldest first.
    pub messages: Vec<Message>,
}

/// Reading tickets, messages and visitors. Writes go through [`super::UnitOfWork`], where the
/// use cases decide what to write.
///
/// Every method reads one consistent snapshot.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait TicketRepository: Send + Sync + 'static {
    /// The visitor whose token has this hash, if any.
    fn find_visitor(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, RepositoryError>;

    /// The visitor's ticket and its messages with an id greater than `after` (all when `None`),
    /// oldest first, at most `limit`. `None` when the visitor has no ticket yet.
    fn visitor_conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Option<VisitorConversation>, RepositoryError>;

    /// A ticket, if it exists.
    fn ticket(&self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError>;

    /// A ticket with its latest `last_messages` messages and its latest `last_messages` internal
    /// notes, if it exists.
    fn ticket_history(
        &self,
        number: TicketNumber,
        last_messages: u32,
    ) -> Result<Option<TicketHistory>, RepositoryError>;

    /// A page of tickets matching a filter.
    fn list_tickets(&self, query: TicketQuery) -> Result<TicketListPage, RepositoryError>;

    /// How many tickets have each status.
    fn status_counts(&self) -> Result<StatusCounts, RepositoryError>;

    /// Figures over all tickets.
    fn stats(&self, query: StatsQuery) -> Result<TicketStats, RepositoryError>;
}
