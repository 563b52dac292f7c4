//! The unit-of-work port: storage runs the use cases' decisions inside one transaction and only
//! reads and writes rows.
//!
//! A use case hands [`UnitOfWork::run`] a closure over a [`Transaction`]; the closure reads the
//! rows it needs, decides (create a ticket, reopen it, which notification for which
//! destinations…) and writes the result. Storage commits when the closure returns `Ok`, and
//! undoes every write of it when it returns `Err` or the commit fails: a use case is applied
//! whole or not at all. No business rule lives behind this port.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use super::RepositoryError;
use crate::notification::OperatorNotification;
use crate::ticket::{Author, Message, Ticket, TicketNumber};
use crate::values::{ClientId, DisplayName, Email, Operator, Page};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

/// A message to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// The ticket it belongs to.
    pub ticket: TicketNumber,
    /// Who wrote it.
    pub author: Author,
    /// The text (validated by the use case).
    pub text: String,
    /// When it was written.
    pub sent_at: DateTime<Utc>,
    /// The page it was written from.
    pub page: Option<Page>,
    /// The author's idempotency key, if any.
    pub client_id: Option<ClientId>,
    /// The member of the team who wrote it, for an operator's reply.
    pub operator: Option<Operator>,
}

/// An internal note to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    /// The ticket it is about.
    pub ticket: TicketNumber,
    /// The text (validated by the use case).
    pub text: String,
    /// Who wrote it.
    pub operator: Option<Operator>,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// An idempotency key (for Telegram, derived from the incoming message), if any.
    pub client_id: Option<ClientId>,
}

/// Row-level reads and writes inside one transaction. Every read sees the writes made before it
/// in the same transaction.
pub trait Transaction {
    /// The visitor with this id, if any.
    fn visitor(&mut self, id: VisitorId) -> Result<Option<VisitorProfile>, RepositoryError>;

    /// Inserts a visitor known by the hash of its token and returns its new id.
    fn insert_visitor(
        &mut self,
        token: &TokenHash,
        at: DateTime<Utc>,
    ) -> Result<VisitorId, RepositoryError>;

    /// Replaces the visitor's name and e-mail address with the ones given (`None`: keep).
    fn update_visitor(
        &mut self,
        id: VisitorId,
        name: Option<&DisplayName>,
        email: Option<&Email>,
    ) -> Result<(), RepositoryError>;

    /// Deletes the visitors created in `[from, before)` that have no ticket; returns how many.
    fn delete_visitors_without_ticket(
        &mut self,
        from: DateTime<Utc>,
        before: DateTime<Utc>,
    ) -> Result<u64, RepositoryError>;

    /// The ticket with this number, with its visitor, if any.
    fn ticket(&mut self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError>;

    /// The visitor's ticket, if the visitor has one.
    fn ticket_of_visitor(&mut self, visitor: VisitorId) -> Result<Option<Ticket>, RepositoryError>;

    /// A number for a new ticket (T1001 for the first): MUST be greater than the number of
    /// every ticket stored, by a committed transaction or earlier in this one, so that two
    /// tickets never share a number, even when concurrent transactions ask (tickets are never
    /// deleted: a number is never reused). Asking twice without inserting may give the same
    /// number.
    fn next_ticket_number(&mut self) -> Result<TicketNumber, RepositoryError>;

    /// Inserts `ticket` (its visitor's profile is not written: see [`Self::update_visitor`]).
    fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError>;

    /// Writes the status, priority, last activity, `closed_at`, last page, last device and
    /// assignee of `ticket` over the stored ones. MUST return [`RepositoryError::TicketNotFound`] when no
    /// ticket has its number.
    fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError>;

    /// Records `at` as the ticket's first operator response, unless it has one already.
    fn record_first_response(
        &mut self,
        ticket: TicketNumber,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;

    /// The message of `ticket` that `author` stored with `client_id`, if any.
    fn message_by_client_id(
        &mut self,
        ticket: TicketNumber,
        author: Author,
        client_id: &ClientId,
    ) -> Result<Option<Message>, RepositoryError>;

    /// Inserts a message and returns it with its id. Ids MUST rise in commit order within a
    /// ticket (a reader resuming after an id must never miss a message committed later). Two
    /// messages of one ticket and author MUST NOT share a client id.
    fn insert_message(&mut self, message: &NewMessage) -> Result<Message, RepositoryError>;

    /// Inserts an internal note; `false` (nothing written) when the ticket already has a note
    /// with the same client id.
    fn insert_note(&mut self, note: &NewNote) -> Result<bool, RepositoryError>;

    /// Queues `notification` for `destination` (an operator chat), due at `at`.
    fn enqueue_notification(
        &mut self,
        destination: &str,
        notification: &OperatorNotification,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;
}

/// The work of one use case inside its transaction. Storage may run it more than once (a
/// transaction retried after a serialisation conflict): only the last run's writes count, so
/// the work must not keep state between runs.
pub type Work = Box<dyn FnMut(&mut dyn Transaction) -> Result<(), RepositoryError> + Send>;

/// Runs use cases' work atomically.
pub trait UnitOfWork: Send + Sync + 'static {
    /// Runs `work` in one transaction: every write of its last run is committed if it returns
    /// `Ok`, none if it returns `Err` (which is returned) or the commit fails. Returns only once
    /// the outcome is durable. Concurrent calls MUST behave as if run one after the other
    /// (serialisable), whatever the number of processes sharing the storage.
    fn run(&self, work: Work) -> Result<(), RepositoryError>;
}

/// Runs `work` with [`UnitOfWork::run`] and returns what its committed run returned.
pub fn transact<U, T, F>(storage: &U, mut work: F) -> Result<T, RepositoryError>
where
    U: UnitOfWork + ?Sized,
    T: Send + 'static,
    F: FnMut(&mut dyn Transaction) -> Result<T, RepositoryError> + Send + 'static,
{
    let outcome = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&outcome);
    storage.run(Box::new(move |tx| {
        let value = work(tx)?;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
        Ok(())
    }))?;
    let value = outcome
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    value.ok_or_else(|| {
        RepositoryError::Storage("the unit of work returned without running its work".into())
    })
}
