//! [`TicketRepository`] for [`SqliteStore`]: each read is one transaction around the functions
//! of the other modules (writes: [`crate::transaction`]).

use ticket_domain::ports::{
    RepositoryError, StatsQuery, StatusCounts, TicketListPage, TicketQuery, TicketRepository,
    TicketStats, VisitorConversation,
};
use ticket_domain::ticket::{MessageId, Ticket, TicketHistory, TicketNumber};
use ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

use crate::{listing, stats, tickets, visitors, SqliteStore};

impl TicketRepository for SqliteStore {
    fn find_visitor(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, RepositoryError> {
        self.read(|c| visitors::find(c, token))
    }

    fn visitor_conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Option<VisitorConversation>, RepositoryError> {
        self.read(|c| visitors::conversation(c, visitor, after, limit))
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
