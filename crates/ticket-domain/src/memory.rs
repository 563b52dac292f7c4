//! A storage in memory: the [`UnitOfWork`] and the [`TicketRepository`] reads over plain
//! collections, so that the use cases' rules are tested for real (a closed ticket reopens,
//! numbering continues, the notification says what happened) without a database.
//!
//! A transaction works on a copy of the state, swapped in on success: a failing use case leaves
//! nothing behind, as on a real database. Behind the `in-memory` feature for other crates'
//! tests; not for production (nothing is durable).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::command::ListFilter;
use crate::notification::OperatorNotification;
use crate::ports::{
    NewMessage, NewNote, RepositoryError, StatsQuery, StatusCounts, TicketListPage, TicketQuery,
    TicketRepository, TicketStats, Transaction, UnitOfWork, VisitorConversation, Work,
};
use crate::ticket::{
    Author, Message, MessageId, Note, Priority, Status, Ticket, TicketHistory, TicketNumber,
};
use crate::values::{ClientId, DisplayName, Email};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

/// A stored visitor.
#[derive(Debug, Clone)]
struct VisitorRow {
    token: TokenHash,
    profile: VisitorProfile,
    created_at: DateTime<Utc>,
}

/// A stored ticket (its visitor's profile is read from the visitor row).
#[derive(Debug, Clone)]
struct TicketRow {
    ticket: Ticket,
    first_response_at: Option<DateTime<Utc>>,
}

/// A queued notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedNotification {
    /// The operator chat it is for.
    pub destination: String,
    /// The notification.
    pub notification: OperatorNotification,
    /// When it is due.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
struct State {
    visitors: Vec<VisitorRow>,
    tickets: Vec<TicketRow>,
    messages: Vec<(Message, TicketNumber, Option<ClientId>)>,
    notes: Vec<(Note, TicketNumber, Option<ClientId>)>,
    outbox: Vec<QueuedNotification>,
    last_visitor_id: i64,
    last_message_id: i64,
    highest_ticket_number: Option<TicketNumber>,
}

/// Tickets, messages, visitors and the outbox in memory.
#[derive(Debug, Default)]
pub struct InMemoryStore {
    state: Mutex<State>,
    failing: AtomicBool,
}

impl InMemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The state, or a storage failure while [`Self::set_failing`] is on.
    fn available(&self) -> Result<MutexGuard<'_, State>, RepositoryError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(RepositoryError::Storage(
                "the in-memory store is failing".into(),
            ));
        }
        Ok(self.state())
    }

    /// While `failing`, every read and every unit of work fails with a storage error (as a
    /// full disk would), and nothing changes.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// Stores `ticket` as it is, with its visitor (created with the ticket's profile if it does
    /// not exist): a starting point for a test.
    pub fn insert_ticket(&self, ticket: &Ticket) {
        let mut state = self.state();
        if state.visitor_row(ticket.visitor.id).is_none() {
            state.last_visitor_id = state.last_visitor_id.max(ticket.visitor.id.0);
            state.visitors.push(VisitorRow {
                token: TokenHash(format!("token-of-{}", ticket.visitor.id.0)),
                profile: ticket.visitor.clone(),
                created_at: ticket.created_at,
            });
        }
        state.highest_ticket_number = state.highest_ticket_number.max(Some(ticket.number));
        state.tickets.push(TicketRow {
            ticket: ticket.clone(),
            first_response_at: None,
        });
    }

    /// The ticket as stored now, if it exists.
    pub fn ticket_now(&self, number: TicketNumber) -> Option<Ticket> {
        let state = self.state();
        state.ticket_row(number).map(|row| state.full(row))
    }

    /// The conversation of a ticket, oldest first.
    pub fn messages(&self, number: TicketNumber) -> Vec<Message> {
        self.state().messages_of(number).cloned().collect()
    }

    /// Every notification queued so far, oldest first.
    pub fn outbox(&self) -> Vec<QueuedNotification> {
        self.state().outbox.clone()
    }

    /// When the ticket's first operator response was recorded, if it was.
    pub fn first_response_at(&self, number: TicketNumber) -> Option<DateTime<Utc>> {
        let state = self.state();
        state
            .tickets
            .iter()
            .find(|row| row.ticket.number == number)
            .and_then(|row| row.first_response_at)
    }
}

impl UnitOfWork for InMemoryStore {
    fn run(&self, mut work: Work) -> Result<(), RepositoryError> {
        let mut state = self.available()?;
        let mut copy = state.clone();
        work(&mut copy)?;
        *state = copy;
        Ok(())
    }
}

impl State {
    fn visitor_row(&self, id: VisitorId) -> Option<&VisitorRow> {
        self.visitors.iter().find(|row| row.profile.id == id)
    }

    /// The ticket with its visitor's current profile.
    fn full(&self, row: &TicketRow) -> Ticket {
        let mut ticket = row.ticket.clone();
        if let Some(visitor) = self.visitor_row(ticket.visitor.id) {
            ticket.visitor = visitor.profile.clone();
        }
        ticket
    }

    fn ticket_row(&self, number: TicketNumber) -> Option<&TicketRow> {
        self.tickets.iter().find(|row| row.ticket.number == number)
    }

    fn matching(&self, filter: ListFilter) -> Vec<Ticket> {
        let mut tickets: Vec<Ticket> = self
            .tickets
            .iter()
            .filter(|row| matches_filter(&row.ticket, filter))
            .map(|row| self.full(row))
            .collect();
        tickets.sort_by(|a, b| {
            (b.priority, b.last_activity_at, b.number).cmp(&(
                a.priority,
                a.last_activity_at,
                a.number,
            ))
        });
        tickets
    }

    fn messages_of(&self, number: TicketNumber) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(move |(_, ticket, _)| *ticket == number)
            .map(|(message, _, _)| message)
    }
}

fn matches_filter(ticket: &Ticket, filter: ListFilter) -> bool {
    let active = ticket.status != Status::Closed;
    match filter {
        ListFilter::Active => active,
        ListFilter::Open => ticket.status == Status::Open,
        ListFilter::Pending => ticket.status == Status::Pending,
        ListFilter::Closed => ticket.status == Status::Closed,
        ListFilter::Urgent => active && ticket.priority == Priority::Urgent,
        ListFilter::All => true,
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl Transaction for State {
    fn visitor(&mut self, id: VisitorId) -> Result<Option<VisitorProfile>, RepositoryError> {
        Ok(self.visitor_row(id).map(|row| row.profile.clone()))
    }

    fn insert_visitor(
        &mut self,
        token: &TokenHash,
        at: DateTime<Utc>,
    ) -> Result<VisitorId, RepositoryError> {
        if self.visitors.iter().any(|row| row.token == *token) {
            return Err(RepositoryError::Storage("a visitor has this token".into()));
        }
        self.last_visitor_id += 1;
        let id = VisitorId(self.last_visitor_id);
        self.visitors.push(VisitorRow {
            token: token.clone(),
            profile: VisitorProfile {
                id,
                name: None,
                email: None,
            },
            created_at: at,
        });
        Ok(id)
    }

    fn update_visitor(
        &mut self,
        id: VisitorId,
        name: Option<&DisplayName>,
        email: Option<&Email>,
    ) -> Result<(), RepositoryError> {
        let row = self
            .visitors
            .iter_mut()
            .find(|row| row.profile.id == id)
            .ok_or(RepositoryError::VisitorNotFound(id))?;
        if let Some(name) = name {
            row.profile.name = Some(name.clone());
        }
        if let Some(email) = email {
            row.profile.email = Some(email.clone());
        }
        Ok(())
    }

    fn delete_visitors_without_ticket(
        &mut self,
        from: DateTime<Utc>,
        before: DateTime<Utc>,
    ) -> Result<u64, RepositoryError> {
        let with_ticket: Vec<VisitorId> =
            self.tickets.iter().map(|t| t.ticket.visitor.id).collect();
        let before_len = self.visitors.len();
        self.visitors.retain(|row| {
            let in_window = row.created_at >= from && row.created_at < before;
            !in_window || with_ticket.contains(&row.profile.id)
        });
        Ok(count(before_len - self.visitors.len()))
    }

    fn ticket(&mut self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        Ok(self.ticket_row(number).map(|row| self.full(row)))
    }

    fn ticket_of_visitor(&mut self, visitor: VisitorId) -> Result<Option<Ticket>, RepositoryError> {
        Ok(self
            .tickets
            .iter()
            .find(|row| row.ticket.visitor.id == visitor)
            .map(|row| self.full(row)))
    }

    fn next_ticket_number(&mut self) -> Result<TicketNumber, RepositoryError> {
        let next = match self.highest_ticket_number {
            None => TicketNumber::FIRST,
            Some(highest) => TicketNumber::new(highest.value() + 1)
                .map_err(|error| RepositoryError::Storage(Box::new(error)))?,
        };
        self.highest_ticket_number = Some(next);
        Ok(next)
    }

    fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError> {
        if self.ticket_row(ticket.number).is_some() {
            return Err(RepositoryError::Storage("a ticket has this number".into()));
        }
        self.tickets.push(TicketRow {
            ticket: ticket.clone(),
            first_response_at: None,
        });
        Ok(())
    }

    fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), RepositoryError> {
        let row = self
            .tickets
            .iter_mut()
            .find(|row| row.ticket.number == ticket.number)
            .ok_or(RepositoryError::TicketNotFound(ticket.number))?;
        let stored = &mut row.ticket;
        stored.status = ticket.status;
        stored.priority = ticket.priority;
        stored.last_activity_at = ticket.last_activity_at;
        stored.closed_at = ticket.closed_at;
        stored.last_page.clone_from(&ticket.last_page);
        stored.last_device = ticket.last_device;
        stored.assignee.clone_from(&ticket.assignee);
        Ok(())
    }

    fn record_first_response(
        &mut self,
        ticket: TicketNumber,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        let row = self
            .tickets
            .iter_mut()
            .find(|row| row.ticket.number == ticket)
            .ok_or(RepositoryError::TicketNotFound(ticket))?;
        row.first_response_at.get_or_insert(at);
        Ok(())
    }

    fn message_by_client_id(
        &mut self,
        ticket: TicketNumber,
        author: Author,
        client_id: &ClientId,
    ) -> Result<Option<Message>, RepositoryError> {
        Ok(self
            .messages
            .iter()
            .find(|(message, number, key)| {
                *number == ticket && message.author == author && key.as_ref() == Some(client_id)
            })
            .map(|(message, _, _)| message.clone()))
    }

    fn insert_message(&mut self, new: &NewMessage) -> Result<Message, RepositoryError> {
        if self.ticket_row(new.ticket).is_none() {
            return Err(RepositoryError::TicketNotFound(new.ticket));
        }
        if let Some(key) = &new.client_id {
            if self
                .message_by_client_id(new.ticket, new.author, key)?
                .is_some()
            {
                return Err(RepositoryError::Storage("duplicate client id".into()));
            }
        }
        self.last_message_id += 1;
        let message = Message {
            id: MessageId(self.last_message_id),
            author: new.author,
            text: new.text.clone(),
            sent_at: new.sent_at,
            page: new.page.clone(),
            operator: new.operator.clone(),
        };
        self.messages
            .push((message.clone(), new.ticket, new.client_id.clone()));
        Ok(message)
    }

    fn insert_note(&mut self, new: &NewNote) -> Result<bool, RepositoryError> {
        let duplicate = new.client_id.is_some()
            && self
                .notes
                .iter()
                .any(|(_, ticket, key)| *ticket == new.ticket && *key == new.client_id);
        if duplicate {
            return Ok(false);
        }
        let note = Note {
            text: new.text.clone(),
            operator: new.operator.clone(),
            written_at: new.at,
        };
        self.notes.push((note, new.ticket, new.client_id.clone()));
        Ok(true)
    }

    fn enqueue_notification(
        &mut self,
        destination: &str,
        notification: &OperatorNotification,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        self.outbox.push(QueuedNotification {
            destination: destination.to_owned(),
            notification: notification.clone(),
            at,
        });
        Ok(())
    }
}

impl TicketRepository for InMemoryStore {
    fn find_visitor(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, RepositoryError> {
        let state = self.available()?;
        Ok(state
            .visitors
            .iter()
            .find(|row| row.token == *token)
            .map(|row| row.profile.clone()))
    }

    fn visitor_conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Option<VisitorConversation>, RepositoryError> {
        let state = self.available()?;
        let Some(row) = state
            .tickets
            .iter()
            .find(|row| row.ticket.visitor.id == visitor)
        else {
            return Ok(None);
        };
        let number = row.ticket.number;
        let messages = state
            .messages_of(number)
            .filter(|message| after.is_none_or(|after| message.id > after))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect();
        Ok(Some(VisitorConversation {
            ticket: number,
            status: row.ticket.status,
            messages,
        }))
    }

    fn ticket(&self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        let state = self.available()?;
        Ok(state.ticket_row(number).map(|row| state.full(row)))
    }

    fn ticket_history(
        &self,
        number: TicketNumber,
        last_messages: u32,
    ) -> Result<Option<TicketHistory>, RepositoryError> {
        let state = self.available()?;
        let Some(row) = state.ticket_row(number) else {
            return Ok(None);
        };
        let all: Vec<Message> = state.messages_of(number).cloned().collect();
        let keep = usize::try_from(last_messages).unwrap_or(usize::MAX);
        let messages = all[all.len().saturating_sub(keep)..].to_vec();
        let notes: Vec<Note> = state
            .notes
            .iter()
            .filter(|(_, ticket, _)| *ticket == number)
            .map(|(note, _, _)| note.clone())
            .collect();
        let notes = notes[notes.len().saturating_sub(keep)..].to_vec();
        Ok(Some(TicketHistory {
            ticket: state.full(row),
            messages,
            total_messages: count(all.len()),
            notes,
        }))
    }

    fn list_tickets(&self, query: TicketQuery) -> Result<TicketListPage, RepositoryError> {
        let matching = self.available()?.matching(query.filter);
        let total_matching = count(matching.len());
        let skip = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let take = usize::try_from(query.limit).unwrap_or(usize::MAX);
        Ok(TicketListPage {
            tickets: matching.into_iter().skip(skip).take(take).collect(),
            total_matching,
        })
    }

    fn status_counts(&self) -> Result<StatusCounts, RepositoryError> {
        let state = self.available()?;
        let of = |status| {
            count(
                state
                    .tickets
                    .iter()
                    .filter(|r| r.ticket.status == status)
                    .count(),
            )
        };
        Ok(StatusCounts {
            open: of(Status::Open),
            pending: of(Status::Pending),
            closed: of(Status::Closed),
        })
    }

    fn stats(&self, query: StatsQuery) -> Result<TicketStats, RepositoryError> {
        let counts = self.status_counts()?;
        let state = self.state();
        let urgent = state.matching(ListFilter::Urgent);
        let active = || {
            state
                .tickets
                .iter()
                .filter(|r| r.ticket.status != Status::Closed)
        };
        let mut responses: Vec<i64> = state
            .tickets
            .iter()
            .filter_map(|row| {
                row.first_response_at
                    .map(|at| (at - row.ticket.created_at).num_microseconds().unwrap_or(0))
            })
            .collect();
        responses.sort_unstable();
        let median_first_response = match responses.len() {
            0 => None,
            n => {
                let middle = if n % 2 == 0 {
                    (responses[n / 2 - 1] + responses[n / 2]) / 2
                } else {
                    responses[n / 2]
                };
                Some(Duration::from_micros(u64::try_from(middle).unwrap_or(0)))
            }
        };
        Ok(TicketStats {
            counts,
            urgent: count(urgent.len()),
            stale: count(
                active()
                    .filter(|r| r.ticket.last_activity_at < query.stale_before)
                    .count(),
            ),
            created_today: count(
                state
                    .tickets
                    .iter()
                    .filter(|r| r.ticket.created_at >= query.today_starts_at)
                    .count(),
            ),
            median_first_response,
            urgent_tickets: urgent
                .into_iter()
                .take(usize::try_from(query.urgent_limit).unwrap_or(usize::MAX))
                .map(|ticket| (ticket.number, ticket.visitor.name))
                .collect(),
        })
    }
}
