//! [`TicketRepository`] for [`SqliteStore`]: each method is one transaction (immediate for
//! writes) around the functions of the other modules.

use chrono::{DateTime, Utc};
use ticket_domain::ports::{
    NewOperatorMessage, NewVisitorMessage, RecordedOperatorMessage, RecordedVisitorMessage,
    RepositoryError, StatsQuery, StatusChange, StatusCounts, TicketListPage, TicketQuery,
    TicketRepository, TicketStats, VisitorConversation,
};
use ticket_domain::ticket::{Message, MessageId, Priority, Ticket, TicketHistory, TicketNumber};
use ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

use crate::{listing, messages, stats, tickets, visitors, SqliteStore};

impl TicketRepository for SqliteStore {
    fn create_visitor(
        &self,
        token: &TokenHash,
        at: DateTime<Utc>,
    ) -> Result<VisitorId, RepositoryError> {
        let token = token.clone();
        self.write(move |c| visitors::create(c, &token, at))
    }

    fn delete_unused_visitors(
        &self,
        created_from: DateTime<Utc>,
        created_before: DateTime<Utc>,
    ) -> Result<u64, RepositoryError> {
        self.write(move |c| visitors::delete_unused(c, created_from, created_before))
    }

    fn find_visitor(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, RepositoryError> {
        self.read(|c| visitors::find(c, token))
    }

    fn record_visitor_message(
        &self,
        message: NewVisitorMessage,
    ) -> Result<RecordedVisitorMessage, RepositoryError> {
        let destinations = self.destinations();
        self.write(move |c| visitors::record_message(c, &message, &destinations))
    }

    fn visitor_conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Option<VisitorConversation>, RepositoryError> {
        self.read(|c| visitors::conversation(c, visitor, after, limit))
    }

    fn record_operator_message(
        &self,
        message: NewOperatorMessage,
    ) -> Result<RecordedOperatorMessage, RepositoryError> {
        self.write(move |c| messages::record_operator(c, &message))
    }

    fn change_status(&self, change: StatusChange) -> Result<(Ticket, Message), RepositoryError> {
        self.write(move |c| tickets::change_status(c, &change))
    }

    fn set_priority(
        &self,
        ticket: TicketNumber,
        priority: Priority,
        at: DateTime<Utc>,
    ) -> Result<Priority, RepositoryError> {
        self.write(move |c| tickets::set_priority(c, ticket, priority, at))
    }

    fn ticket(&self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        self.read(|c| tickets::load(c, number))
    }

    fn ticket_history(
        &self,
        number: TicketNumber,
        last_messages: u32,
    ) -> Result<Option<TicketHistory>, RepositoryError> {
        self.read(|c| tickets::history(c, number, last_messages))
    }

    fn list_tickets(&self, query: TicketQuery) -> Result<TicketListPage, RepositoryError> {
        self.read(|c| listing::page(c, query))
    }

    fn status_counts(&self) -> Result<StatusCounts, RepositoryError> {
        self.read(listing::status_counts)
    }

    fn stats(&self, query: StatsQuery) -> Result<TicketStats, RepositoryError> {
        self.read(|c| stats::compute(c, query))
    }
}
