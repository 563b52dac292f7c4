//! [`TicketRepository`](ticket_domain::ports::TicketRepository): each read is one read
//! transaction of the store around the functions of [`crate::__shared_rows`].

/// Expands the module `repository`: [`TicketRepository`] for `$store`.
///
/// [`TicketRepository`]: ticket_domain::ports::TicketRepository
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_repository {
    ($store:ty) => {
        /// [`TicketRepository`](ticket_domain::ports::TicketRepository): the reads.
        pub(crate) mod repository {
            use $crate::__private::ticket_domain::ports::{
                RepositoryError, StatsQuery, StatusCounts, TicketListPage, TicketQuery,
                TicketRepository, TicketStats, VisitorConversation,
            };
            use $crate::__private::ticket_domain::ticket::{
                MessageId, Ticket, TicketHistory, TicketNumber,
            };
            use $crate::__private::ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

            use super::{listing, stats, tickets, visitors};

            impl TicketRepository for $store {
                fn find_visitor(
                    &self,
                    token: &TokenHash,
                ) -> Result<Option<VisitorProfile>, RepositoryError> {
                    self.read_single(|c| visitors::find(c, token))
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
                    self.read_single(|c| tickets::load(c, number))
                }

                fn ticket_history(
                    &self,
                    number: TicketNumber,
                    last_messages: u32,
                ) -> Result<Option<TicketHistory>, RepositoryError> {
                    self.read(|c| tickets::history(c, number, last_messages))
                }

                fn list_tickets(
                    &self,
                    query: TicketQuery,
                ) -> Result<TicketListPage, RepositoryError> {
                    self.read(|c| listing::page(c, query))
                }

                fn status_counts(&self) -> Result<StatusCounts, RepositoryError> {
                    self.read(listing::status_counts)
                }

                fn stats(&self, query: StatsQuery) -> Result<TicketStats, RepositoryError> {
                    self.read(|c| stats::compute(c, query))
                }
            }
        }
    };
}
