//! What the contract tests share: the fixture a backend provides, instants, and builders of
//! the ports' inputs.

use std::any::Any;
use std::ops::Deref;

use chrono::{DateTime, TimeDelta, Utc};
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{
    transact, InboundLog, NewNote, NewOperatorMessage, NewVisitorMessage, NotificationOutbox,
    OperatorChatStore, RecordedOperatorMessage, RecordedVisitorMessage, RepositoryError,
    TicketRepository, UnitOfWork,
};
use ticket_domain::service::transactions::{self, NoteAdded, StatusChanged, StatusTransition};
use ticket_domain::ticket::{Message, Priority, Status, Ticket, TicketNumber};
use ticket_domain::values::{ClientId, MessageText, Operator};
use ticket_domain::visitor::{TokenHash, VisitorId};

/// Everything the contract needs of a backend.
pub trait Store:
    TicketRepository + UnitOfWork + NotificationOutbox + OperatorChatStore + InboundLog
{
}
impl<T> Store for T where
    T: TicketRepository + UnitOfWork + NotificationOutbox + OperatorChatStore + InboundLog
{
}

/// A store under test, and the operator chats its visitor messages notify. Reads go to the
/// store itself (`Deref`); writes run the domain's use-case transactions on its
/// [`UnitOfWork`], so that the suite checks that the storage keeps rows as the rules expect.
#[derive(Clone)]
pub struct UnderTest<S> {
    store: S,
    destinations: Vec<String>,
}

impl<S> UnderTest<S> {
    /// `store`, whose visitor messages notify `destinations`.
    pub fn new(store: S, destinations: &[&str]) -> Self {
        Self {
            store,
            destinations: destinations.iter().map(|d| (*d).to_owned()).collect(),
        }
    }
}

impl<S> Deref for UnderTest<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.store
    }
}

impl<S: Store> UnderTest<S> {
    /// A new anonymous visitor.
    pub fn create_visitor(
        &self,
        token: &TokenHash,
        at: DateTime<Utc>,
    ) -> Result<VisitorId, RepositoryError> {
        let token = token.clone();
        transact(&self.store, move |tx| {
            transactions::create_visitor(tx, &token, at)
        })
    }

    /// Deletes the visitors of the window who never wrote.
    pub fn delete_unused_visitors(
        &self,
        from: DateTime<Utc>,
        before: DateTime<Utc>,
    ) -> Result<u64, RepositoryError> {
        transact(&self.store, move |tx| {
            transactions::delete_unused_visitors(tx, from, before)
        })
    }

    /// Stores a visitor message, notifying every destination of the fixture.
    pub fn record_visitor_message(
        &self,
        message: NewVisitorMessage,
    ) -> Result<RecordedVisitorMessage, RepositoryError> {
        let destinations = self.destinations.clone();
        transact(&self.store, move |tx| {
            transactions::record_visitor_message(tx, &message, &destinations)
        })
    }

    /// Stores an operator reply.
    pub fn record_operator_message(
        &self,
        message: NewOperatorMessage,
    ) -> Result<RecordedOperatorMessage, RepositoryError> {
        transact(&self.store, move |tx| {
            transactions::record_operator_message(tx, &message)
        })
    }

    /// Adds an internal note to a ticket.
    pub fn add_note(&self, note: NewNote) -> Result<NoteAdded, RepositoryError> {
        transact(&self.store, move |tx| transactions::add_note(tx, &note))
    }

    /// Closes (`to` closed) or reopens a ticket: the ticket and its note, `TicketNotFound`, or
    /// `StatusConflict` when the transition does not apply to the ticket's status.
    pub fn change_status(
        &self,
        change: StatusChange,
    ) -> Result<(Ticket, Message), RepositoryError> {
        let transition = if change.to == Status::Closed {
            StatusTransition::Close
        } else {
            StatusTransition::Reopen
        };
        let changed = transact(&self.store, move |tx| {
            transactions::change_status(tx, change.ticket, transition, &change.note, change.at)
        })?;
        match changed {
            StatusChanged::Changed { ticket, note } => Ok((*ticket, note)),
            StatusChanged::Refused { current, .. } => {
                Err(RepositoryError::StatusConflict { current })
            }
            StatusChanged::NotFound => Err(RepositoryError::TicketNotFound(change.ticket)),
        }
    }

    /// Assigns a ticket to `assignee` (`None`: to nobody) as a use case does, in one unit of
    /// work: reads the ticket, sets its assignee and writes it back. The ticket as written, or
    /// `TicketNotFound`.
    pub fn assign(
        &self,
        ticket: TicketNumber,
        assignee: Option<Operator>,
    ) -> Result<Ticket, RepositoryError> {
        transact(&self.store, move |tx| {
            let mut stored = tx
                .ticket(ticket)?
                .ok_or(RepositoryError::TicketNotFound(ticket))?;
            stored.assignee.clone_from(&assignee);
            tx.update_ticket(&stored)?;
            Ok(stored)
        })
    }

    /// Sets a ticket's priority: the previous one, or `TicketNotFound`.
    pub fn set_priority(
        &self,
        ticket: TicketNumber,
        priority: Priority,
        at: DateTime<Utc>,
    ) -> Result<Priority, RepositoryError> {
        transact(&self.store, move |tx| {
            transactions::set_priority(tx, ticket, priority, at)
        })?
        .ok_or(RepositoryError::TicketNotFound(ticket))
    }
}

/// A store under test, with what keeps its storage alive and how to open it again.
pub struct Fixture<S> {
    /// The store.
    pub store: UnderTest<S>,
    reopen: Box<dyn Fn() -> S>,
    _keep: Box<dyn Any>,
}

impl<S> Fixture<S> {
    /// A fixture whose visitor messages notify `destinations`: `reopen` opens the same storage
    /// again; `keep` lives as long as the fixture.
    pub fn new(
        store: S,
        destinations: &[&str],
        reopen: Box<dyn Fn() -> S>,
        keep: Box<dyn Any>,
    ) -> Self {
        Self {
            store: UnderTest::new(store, destinations),
            reopen,
            _keep: keep,
        }
    }

    /// Closes the store and opens the same storage again, as a restart would.
    pub fn reopen(self) -> Self {
        let Self {
            store: UnderTest {
                store,
                destinations,
            },
            reopen,
            _keep,
        } = self;
        drop(store);
        let store = reopen();
        Self {
            store: UnderTest {
                store,
                destinations,
            },
            reopen,
            _keep,
        }
    }
}

/// Opens a fresh, empty store whose visitor messages notify the given destinations.
pub type Factory<'a, S> = &'a dyn Fn(&[&str]) -> Fixture<S>;

/// A change of status, as the contract asks for it.
pub struct StatusChange {
    /// The ticket.
    pub ticket: TicketNumber,
    /// Closed (close) or anything else (reopen).
    pub to: Status,
    /// The system note.
    pub note: MessageText,
    /// When.
    pub at: DateTime<Utc>,
}

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
        by: None,
        assign_if_unassigned: false,
    }
}

/// A member of the team, as Telegram knows them.
pub fn team_member(id: i64, first_name: &str) -> Operator {
    Operator::from_telegram(id, first_name).expect("a valid name")
}

/// An internal note by `by` with no client id.
pub fn note(ticket: TicketNumber, raw: &str, by: Option<Operator>, at: DateTime<Utc>) -> NewNote {
    NewNote {
        ticket,
        text: raw.to_owned(),
        operator: by,
        at,
        client_id: None,
    }
}

/// A status change with a note: to closed closes, to anything else reopens.
pub fn status_change(ticket: TicketNumber, to: Status, at: DateTime<Utc>) -> StatusChange {
    StatusChange {
        ticket,
        to,
        note: text(&format!("now {to}")),
        at,
    }
}

/// A new visitor.
pub fn visitor(store: &UnderTest<impl Store>, token: &str) -> VisitorId {
    visitor_at(store, token, t(0))
}

/// A new visitor created at `at`.
pub fn visitor_at(store: &UnderTest<impl Store>, token: &str, at: DateTime<Utc>) -> VisitorId {
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
pub fn send(store: &UnderTest<impl Store>, message: NewVisitorMessage) -> Stored {
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
pub fn open_ticket(
    store: &UnderTest<impl Store>,
    token: &str,
    raw: &str,
    at: DateTime<Utc>,
) -> Ticket {
    let visitor = visitor(store, token);
    send(store, visitor_message(visitor, raw, at)).ticket
}
