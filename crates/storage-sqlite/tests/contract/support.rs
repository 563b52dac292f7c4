//! What the contract tests share: the fixture a backend provides, instants, and builders of
//! the ports' inputs.

use std::any::Any;

use chrono::{DateTime, TimeDelta, Utc};
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{
    NewOperatorMessage, NewVisitorMessage, NotificationOutbox, OperatorChatStore,
    RecordedVisitorMessage, StatusChange, TicketRepository,
};
use ticket_domain::ticket::{Message, Status, Ticket, TicketNumber};
use ticket_domain::values::{ClientId, MessageText};
use ticket_domain::visitor::{TokenHash, VisitorId};

/// Everything the contract needs of a backend.
pub trait Store: TicketRepository + NotificationOutbox + OperatorChatStore {}
impl<T: TicketRepository + NotificationOutbox + OperatorChatStore> Store for T {}

/// A store under test, with what keeps its storage alive and how to open it again.
pub struct Fixture<S> {
    /// The store.
    pub store: S,
    reopen: Box<dyn Fn() -> S>,
    _keep: Box<dyn Any>,
}

impl<S> Fixture<S> {
    /// A fixture: `reopen` opens the same storage again; `keep` lives as long as the fixture.
    pub fn new(store: S, reopen: Box<dyn Fn() -> S>, keep: Box<dyn Any>) -> Self {
        Self {
            store,
            reopen,
            _keep: keep,
        }
    }

    /// Closes the store and opens the same storage again, as a restart would.
    pub fn reopen(self) -> Self {
        let Self {
            store,
            reopen,
            _keep,
        } = self;
        drop(store);
        let store = reopen();
        Self {
            store,
            reopen,
            _keep,
        }
    }
}

/// Opens a fresh, empty store whose outbox fans out to the given destinations.
pub type Factory<'a, S> = &'a dyn Fn(&[&str]) -> Fixture<S>;

/// An instant `secs` seconds after 2026-01-01T00:00:00Z.
pub fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("a valid instant") + TimeDelta::seconds(secs)
}

/// A message text.
pub fn text(raw: &str) -> MessageText {
    MessageText::new(raw).expect("a valid text")
}

/// A client id.
pub fn client_id(raw: &str) -> ClientId {
    ClientId::new(raw).expect("a valid client id")
}

/// A ticket number.
pub fn number(n: u32) -> TicketNumber {
    TicketNumber::new(n).expect("a valid number")
}

/// A visitor message with nothing but a text.
pub fn visitor_message(visitor: VisitorId, raw: &str, at: DateTime<Utc>) -> NewVisitorMessage {
    NewVisitorMessage {
        visitor,
        text: text(raw),
        client_id: None,
        page: None,
        device: None,
        name: None,
        email: None,
        at,
    }
}

/// An operator reply with no client id.
pub fn operator_message(ticket: TicketNumber, raw: &str, at: DateTime<Utc>) -> NewOperatorMessage {
    NewOperatorMessage {
        ticket,
        text: text(raw),
        client_id: None,
        at,
    }
}

/// A status change with a note.
pub fn status_change(
    ticket: TicketNumber,
    from: Status,
    to: Status,
    at: DateTime<Utc>,
) -> StatusChange {
    StatusChange {
        ticket,
        from,
        to,
        note: text(&format!("now {to}")),
        at,
    }
}

/// A new visitor.
pub fn visitor(store: &impl Store, token: &str) -> VisitorId {
    visitor_at(store, token, t(0))
}

/// A new visitor created at `at`.
pub fn visitor_at(store: &impl Store, token: &str, at: DateTime<Utc>) -> VisitorId {
    store
        .create_visitor(&TokenHash(token.to_owned()), at)
        .expect("visitor created")
}

/// What a stored visitor message returned.
pub struct Stored {
    /// The ticket after the message.
    pub ticket: Ticket,
    /// The message.
    pub message: Message,
    /// The status before.
    pub previous_status: Option<Status>,
    /// The notification.
    pub notification: OperatorNotification,
}

/// Stores a visitor message that must be stored (not a duplicate).
pub fn send(store: &impl Store, message: NewVisitorMessage) -> Stored {
    match store
        .record_visitor_message(message)
        .expect("message recorded")
    {
        RecordedVisitorMessage::Stored {
            ticket,
            message,
            previous_status,
            notification,
        } => Stored {
            ticket,
            message,
            previous_status,
            notification,
        },
        RecordedVisitorMessage::Duplicate { .. } => panic!("unexpected duplicate"),
    }
}

/// A new visitor with a ticket opened by `raw` at `at`.
pub fn open_ticket(store: &impl Store, token: &str, raw: &str, at: DateTime<Utc>) -> Ticket {
    let visitor = visitor(store, token);
    send(store, visitor_message(visitor, raw, at)).ticket
}
