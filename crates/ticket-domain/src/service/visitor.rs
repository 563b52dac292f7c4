//! The visitor's use cases: become a visitor, write, read the conversation.

use chrono::{DateTime, Utc};

use std::sync::Arc;

use super::transactions;
use crate::ports::{
    transact, Clock, NewVisitorMessage, OperatorNotifier, RecordedVisitorMessage, RepositoryError,
    TicketStore, VisitorChannel, VisitorConversation, VisitorEvent,
};
use crate::ticket::{Device, Message, MessageId, Status, TicketNumber};
use crate::values::{ClientId, DisplayName, Email, MessageText, Page};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

/// The most messages one conversation read returns.
pub const CONVERSATION_PAGE: u32 = 1_000;

/// How long a visitor who never wrote is kept: a widget opened and never used leaves a row that
/// would otherwise stay forever. Its token then stops working, and the widget starts over as a
/// new visitor (it does so on any `401`). Visitors with a ticket are never deleted.
pub const UNUSED_VISITOR_RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// Why a visitor's request failed.
#[derive(Debug, thiserror::Error)]
pub enum VisitorError {
    /// The visitor does not exist (its token was valid once, but it is gone).
    #[error("unknown visitor")]
    UnknownVisitor,
    /// Storage failed; nothing was written.
    #[error(transparent)]
    Storage(RepositoryError),
}

impl From<RepositoryError> for VisitorError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::VisitorNotFound(_) => Self::UnknownVisitor,
            other => Self::Storage(other),
        }
    }
}

/// A message a visitor sends, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorMessage {
    /// The text.
    pub text: MessageText,
    /// The idempotency key of the send, if the client gave one.
    pub client_id: Option<ClientId>,
    /// The page it was written from.
    pub page: Option<Page>,
    /// The device it was written from.
    pub device: Option<Device>,
    /// A name to record for the visitor.
    pub name: Option<DisplayName>,
    /// An e-mail address to record for the visitor.
    pub email: Option<Email>,
}

/// The result of a visitor's send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentVisitorMessage {
    /// The visitor's ticket.
    pub ticket: TicketNumber,
    /// The stored message (the first one, for a repeated client id).
    pub message: Message,
    /// The ticket's status now.
    pub status: Status,
    /// Whether this send repeated an earlier one (same client id): nothing new was written.
    pub duplicate: bool,
    /// Whether this send created the visitor's ticket (its first message).
    pub created_ticket: bool,
}

/// What a purge of unused visitors did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgedVisitors {
    /// How many visitors were deleted.
    pub deleted: u64,
    /// Every unused visitor created before this was deleted: the next purge starts here.
    pub up_to: DateTime<Utc>,
}

/// The visitor's side of the product.
pub struct VisitorService<R, N, V, C> {
    repository: R,
    notifier: N,
    channel: V,
    clock: C,
    destinations: Arc<[String]>,
}

impl<R, N, V, C> VisitorService<R, N, V, C>
where
    R: TicketStore,
    N: OperatorNotifier,
    V: VisitorChannel,
    C: Clock,
{
    /// Wires the use cases to their ports. Each visitor message's notification is queued once
    /// for each of `destinations` (the operator chats), then `notifier` is told.
    pub fn new(
        repository: R,
        notifier: N,
        channel: V,
        clock: C,
        destinations: Vec<String>,
    ) -> Self {
        Self {
            repository,
            notifier,
            channel,
            clock,
            destinations: destinations.into(),
        }
    }

    /// Deletes the visitors created before [`UNUSED_VISITOR_RETENTION`] ago who never wrote
    /// (have no ticket). `since` is the `up_to` of the previous purge (`None` the first time):
    /// older visitors were examined then, and those kept had a ticket, which is never deleted,
    /// so a purge only looks at the visitors created since. Returns how many were deleted and
    /// the `up_to` to pass next time.
    pub fn purge_unused_visitors(
        &self,
        since: Option<DateTime<Utc>>,
    ) -> Result<PurgedVisitors, VisitorError> {
        let up_to = self.clock.now() - UNUSED_VISITOR_RETENTION;
        let from = since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH).min(up_to);
        let deleted = transact(&self.repository, move |tx| {
            transactions::delete_unused_visitors(tx, from, up_to)
        })?;
        Ok(PurgedVisitors { deleted, up_to })
    }

    /// Registers a new anonymous visitor known by the hash of its token.
    pub fn register_visitor(&self, token: &TokenHash) -> Result<VisitorId, VisitorError> {
        let token = token.clone();
        let at = self.clock.now();
        Ok(transact(&self.repository, move |tx| {
            transactions::create_visitor(tx, &token, at)
        })?)
    }

    /// The visitor whose token has this hash, if any.
    pub fn authenticate(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, VisitorError> {
        Ok(self.repository.find_visitor(token)?)
    }

    /// Stores a visitor message: the first one creates the visitor's ticket, a message on a
    /// closed ticket reopens it. The operator is notified and the visitor's other tabs see the
    /// message. A repeated client id changes nothing and returns the first message.
    pub fn send_message(
        &self,
        visitor: VisitorId,
        message: VisitorMessage,
    ) -> Result<SentVisitorMessage, VisitorError> {
        let new = NewVisitorMessage {
            visitor,
            text: message.text,
            client_id: message.client_id,
            page: message.page,
            device: message.device,
            name: message.name,
            email: message.email,
            at: self.clock.now(),
        };
        let destinations = Arc::clone(&self.destinations);
        let recorded = transact(&self.repository, move |tx| {
            transactions::record_visitor_message(tx, &new, &destinations)
        })?;
        match recorded {
            RecordedVisitorMessage::Duplicate { ticket, message } => Ok(SentVisitorMessage {
                ticket: ticket.number,
                message,
                status: ticket.status,
                duplicate: true,
                created_ticket: false,
            }),
            RecordedVisitorMessage::Stored {
                ticket,
                message,
                previous_status,
                notification,
            } => {
                self.notifier.notify(&notification);
                self.channel.push(
                    visitor,
                    VisitorEvent::Message {
                        ticket: ticket.number,
                        message: message.clone(),
                    },
                );
                if previous_status.is_some_and(|previous| previous != ticket.status) {
                    self.channel.push(
                        visitor,
                        VisitorEvent::Status {
                            ticket: ticket.number,
                            status: ticket.status,
                        },
                    );
                }
                Ok(SentVisitorMessage {
                    ticket: ticket.number,
                    message,
                    status: ticket.status,
                    duplicate: false,
                    created_ticket: previous_status.is_none(),
                })
            }
        }
    }

    /// The visitor's ticket and its messages newer than `after` (all when `None`), oldest
    /// first; `None` before the visitor's first message.
    pub fn conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
    ) -> Result<Option<VisitorConversation>, VisitorError> {
        Ok(self
            .repository
            .visitor_conversation(visitor, after, CONVERSATION_PAGE)?)
    }
}
