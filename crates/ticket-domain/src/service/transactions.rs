//! What each writing use case decides inside its transaction: every business rule of a write
//! is here, over the row-level [`Transaction`] port, so that any storage that keeps rows
//! correctly applies the same rules.
//!
//! The services call these through [`crate::ports::transact`]; storage test suites call them
//! too, to exercise a storage's transaction with the real rules.

use chrono::{DateTime, Utc};

use crate::notification::OperatorNotification;
use crate::ports::{
    NewMessage, NewNote, NewOperatorMessage, NewVisitorMessage, RecordedOperatorMessage,
    RecordedVisitorMessage, RepositoryError, Transaction,
};
use crate::ticket::{
    Author, Message, Priority, Status, Ticket, TicketNumber, TransitionError, VisitorMessageEffect,
};
use crate::values::{MessageText, Operator};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

/// A new anonymous visitor.
pub fn create_visitor(
    tx: &mut dyn Transaction,
    token: &TokenHash,
    at: DateTime<Utc>,
) -> Result<VisitorId, RepositoryError> {
    tx.insert_visitor(token, at)
}

/// Stores a visitor message:
/// - a client id the visitor already used on its ticket is a duplicate: nothing is written and
///   the first message is returned (client ids are idempotency keys of one author: an
///   operator's message with the same id is another message);
/// - a name or an e-mail address given replaces the visitor's;
/// - the visitor's first message creates the ticket: the next number, open, medium priority,
///   the message as subject;
/// - otherwise the ticket becomes open ([`Status::after_visitor_message`]: a closed ticket
///   reopens), `closed_at` is cleared, its last activity is the message, and its page and
///   device follow the message when it has them (a message without keeps the last known ones);
/// - the operator notification says what the message did ([`VisitorMessageEffect`]) and is
///   queued once for each of `destinations`.
///
/// [`RepositoryError::VisitorNotFound`] for an unknown visitor.
pub fn record_visitor_message(
    tx: &mut dyn Transaction,
    new: &NewVisitorMessage,
    destinations: &[String],
) -> Result<RecordedVisitorMessage, RepositoryError> {
    let Some(profile) = tx.visitor(new.visitor)? else {
        return Err(RepositoryError::VisitorNotFound(new.visitor));
    };
    let current = tx.ticket_of_visitor(new.visitor)?;
    if let (Some(ticket), Some(client_id)) = (&current, &new.client_id) {
        if let Some(message) = tx.message_by_client_id(ticket.number, Author::Visitor, client_id)? {
            return Ok(RecordedVisitorMessage::Duplicate {
                ticket: ticket.clone(),
                message,
            });
        }
    }
    if new.name.is_some() || new.email.is_some() {
        tx.update_visitor(new.visitor, new.name.as_ref(), new.email.as_ref())?;
    }
    let profile = VisitorProfile {
        id: profile.id,
        name: new.name.clone().or(profile.name),
        email: new.email.clone().or(profile.email),
    };
    let (ticket, previous_status) = match current {
        Some(mut ticket) => {
            let previous = ticket.status;
            ticket.visitor = profile;
            ticket.status = previous.after_visitor_message();
            ticket.closed_at = None;
            ticket.last_activity_at = new.at;
            if new.page.is_some() {
                ticket.last_page.clone_from(&new.page);
            }
            ticket.last_device = new.device.or(ticket.last_device);
            tx.update_ticket(&ticket)?;
            (ticket, Some(previous))
        }
        None => {
            let ticket = Ticket {
                number: tx.next_ticket_number()?,
                visitor: profile,
                subject: new.text.as_str().to_owned(),
                status: Status::Open,
                priority: Priority::default(),
                created_at: new.at,
                last_activity_at: new.at,
                closed_at: None,
                last_page: new.page.clone(),
                last_device: new.device,
                assignee: None,
            };
            tx.insert_ticket(&ticket)?;
            (ticket, None)
        }
    };
    let message = tx.insert_message(&NewMessage {
        ticket: ticket.number,
        author: Author::Visitor,
        text: new.text.as_str().to_owned(),
        sent_at: new.at,
        page: new.page.clone(),
        client_id: new.client_id.clone(),
        operator: None,
    })?;
    let notification = OperatorNotification {
        effect: VisitorMessageEffect::of(previous_status),
        ticket: ticket.number,
        visitor_name: ticket.visitor.name.clone(),
        visitor_email: ticket.visitor.email.clone(),
        text: message.text.clone(),
        sent_at: message.sent_at,
        page: message.page.clone(),
        device: new.device,
    };
    for destination in destinations {
        tx.enqueue_notification(destination, &notification, new.at)?;
    }
    Ok(RecordedVisitorMessage::Stored {
        ticket,
        message,
        previous_status,
        notification,
    })
}

/// Stores an operator reply: the ticket becomes pending ([`Status::after_operator_reply`]),
/// `closed_at` is cleared, the reply is its last activity, and the first reply of a ticket is
/// remembered for the first-response statistics. A client id the operators already used on the
/// ticket is a duplicate: nothing is written. [`RepositoryError::TicketNotFound`] for an
/// unknown ticket.
pub fn record_operator_message(
    tx: &mut dyn Transaction,
    new: &NewOperatorMessage,
) -> Result<RecordedOperatorMessage, RepositoryError> {
    let Some(mut ticket) = tx.ticket(new.ticket)? else {
        return Err(RepositoryError::TicketNotFound(new.ticket));
    };
    if let Some(client_id) = &new.client_id {
        if let Some(message) = tx.message_by_client_id(new.ticket, Author::Operator, client_id)? {
            return Ok(RecordedOperatorMessage::Duplicate { ticket, message });
        }
    }
    let previous_status = ticket.status;
    ticket.status = previous_status.after_operator_reply();
    ticket.closed_at = None;
    ticket.last_activity_at = new.at;
    if ticket.assignee.is_none() && new.assign_if_unassigned {
        ticket.assignee.clone_from(&new.by);
    }
    tx.update_ticket(&ticket)?;
    tx.record_first_response(new.ticket, new.at)?;
    let message = tx.insert_message(&NewMessage {
        ticket: new.ticket,
        author: Author::Operator,
        text: new.text.as_str().to_owned(),
        sent_at: new.at,
        page: None,
        client_id: new.client_id.clone(),
        operator: new.by.clone(),
    })?;
    Ok(RecordedOperatorMessage::Stored {
        ticket,
        message,
        previous_status,
    })
}

/// What a change of status did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusChanged {
    /// The ticket has its new status, and the system note was added.
    Changed {
        /// The ticket after the change.
        ticket: Box<Ticket>,
        /// The note the visitor sees.
        note: Message,
    },
    /// The transition does not apply to the ticket's status: nothing was written.
    Refused {
        /// Why.
        error: TransitionError,
        /// The ticket's status.
        current: Status,
    },
    /// No ticket has this number.
    NotFound,
}

/// An operator's change of status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTransition {
    /// `/close` ([`Status::close`]).
    Close,
    /// `/reopen` ([`Status::reopen`]).
    Reopen,
}

impl StatusTransition {
    /// The status after this transition from `from`.
    pub fn apply(self, from: Status) -> Result<Status, TransitionError> {
        match self {
            Self::Close => from.close(),
            Self::Reopen => from.reopen(),
        }
    }
}

/// Applies `transition` to the ticket's current status: the new status (closing sets
/// `closed_at`, anything else clears it) counts as activity and adds `note` to the
/// conversation.
pub fn change_status(
    tx: &mut dyn Transaction,
    number: TicketNumber,
    transition: StatusTransition,
    note: &MessageText,
    at: DateTime<Utc>,
) -> Result<StatusChanged, RepositoryError> {
    let Some(mut ticket) = tx.ticket(number)? else {
        return Ok(StatusChanged::NotFound);
    };
    let to = match transition.apply(ticket.status) {
        Ok(to) => to,
        Err(error) => {
            return Ok(StatusChanged::Refused {
                error,
                current: ticket.status,
            })
        }
    };
    ticket.status = to;
    ticket.closed_at = (to == Status::Closed).then_some(at);
    ticket.last_activity_at = at;
    tx.update_ticket(&ticket)?;
    let note = tx.insert_message(&NewMessage {
        ticket: number,
        author: Author::System,
        text: note.as_str().to_owned(),
        sent_at: at,
        page: None,
        client_id: None,
        operator: None,
    })?;
    Ok(StatusChanged::Changed {
        ticket: Box::new(ticket),
        note,
    })
}

/// Assigns a ticket to `assignee` (`None`: to nobody) and returns whom it was assigned to
/// before; `None` when no ticket has this number. Assigning is not activity the visitor sees.
pub fn assign(
    tx: &mut dyn Transaction,
    number: TicketNumber,
    assignee: Option<Operator>,
) -> Result<Option<Option<Operator>>, RepositoryError> {
    let Some(mut ticket) = tx.ticket(number)? else {
        return Ok(None);
    };
    let previous = std::mem::replace(&mut ticket.assignee, assignee);
    if previous != ticket.assignee {
        tx.update_ticket(&ticket)?;
    }
    Ok(Some(previous))
}

/// What adding an internal note did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteAdded {
    /// Stored.
    Stored,
    /// The same note (same client id) was stored before: nothing was written.
    Duplicate,
    /// No ticket has this number.
    NotFound,
}

/// Adds an internal note to a ticket: it changes nothing the visitor sees, neither the status
/// nor the last activity nor the first response.
pub fn add_note(tx: &mut dyn Transaction, note: &NewNote) -> Result<NoteAdded, RepositoryError> {
    if tx.ticket(note.ticket)?.is_none() {
        return Ok(NoteAdded::NotFound);
    }
    Ok(if tx.insert_note(note)? {
        NoteAdded::Stored
    } else {
        NoteAdded::Duplicate
    })
}

/// Sets a ticket's priority and returns the previous one; an actual change counts as activity.
/// `None` when no ticket has this number.
pub fn set_priority(
    tx: &mut dyn Transaction,
    number: TicketNumber,
    priority: Priority,
    at: DateTime<Utc>,
) -> Result<Option<Priority>, RepositoryError> {
    let Some(mut ticket) = tx.ticket(number)? else {
        return Ok(None);
    };
    let previous = ticket.priority;
    if previous != priority {
        ticket.priority = priority;
        ticket.last_activity_at = at;
        tx.update_ticket(&ticket)?;
    }
    Ok(Some(previous))
}

/// Deletes the visitors created in `[from, before)` who never wrote (have no ticket).
pub fn delete_unused_visitors(
    tx: &mut dyn Transaction,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<u64, RepositoryError> {
    tx.delete_visitors_without_ticket(from, before)
}
