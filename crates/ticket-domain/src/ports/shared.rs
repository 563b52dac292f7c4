//! Every port is also implemented by `Arc<P>` (so `Arc<dyn Port>` works), which lets adapters
//! share one implementation between the visitor and operator use cases.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::*;
use crate::notification::OperatorNotification;
use crate::ticket::{MessageId, Ticket, TicketHistory, TicketNumber};
use crate::visitor::{TokenHash, VisitorId, VisitorProfile};

impl<T: Clock + ?Sized> Clock for Arc<T> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        (**self).local(at)
    }
}

impl<T: OperatorNotifier + ?Sized> OperatorNotifier for Arc<T> {
    fn notify(&self, notification: &OperatorNotification) {
        (**self).notify(notification)
    }
}

impl<T: VisitorChannel + ?Sized> VisitorChannel for Arc<T> {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        (**self).push(visitor, event)
    }
}

impl<T: OperatorChatStore + ?Sized> OperatorChatStore for Arc<T> {
    fn remember_sent(
        &self,
        chat: OperatorChat,
        message_id: i64,
        about: SentAbout,
    ) -> Result<(), RepositoryError> {
        (**self).remember_sent(chat, message_id, about)
    }
    fn sent_about(
        &self,
        chat: OperatorChat,
        message_id: i64,
    ) -> Result<Option<SentAbout>, RepositoryError> {
        (**self).sent_about(chat, message_id)
    }
    fn set_focus(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        (**self).set_focus(chat, ticket, at)
    }
    fn focus(&self, chat: OperatorChat) -> Result<Option<TicketNumber>, RepositoryError> {
        (**self).focus(chat)
    }
    fn topic_of_ticket(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
    ) -> Result<Option<ForumTopic>, RepositoryError> {
        (**self).topic_of_ticket(chat, ticket)
    }
    fn ticket_of_topic(
        &self,
        chat: OperatorChat,
        thread: i64,
    ) -> Result<Option<TicketNumber>, RepositoryError> {
        (**self).ticket_of_topic(chat, thread)
    }
    fn remember_topic(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        topic: &ForumTopic,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        (**self).remember_topic(chat, ticket, topic, at)
    }
    fn forget_topic(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        thread: i64,
    ) -> Result<(), RepositoryError> {
        (**self).forget_topic(chat, ticket, thread)
    }
}

impl<T: NotificationOutbox + ?Sized> NotificationOutbox for Arc<T> {
    #[allow(
        clippy::needless_lifetimes,
        reason = "mockall's automock needs the lifetime of a reference in an Option named"
    )]
    fn claim_due<'a>(
        &self,
        now: DateTime<Utc>,
        destination: Option<&'a str>,
        per_destination: u32,
        lease: std::time::Duration,
    ) -> Result<Vec<OutboxEntry>, RepositoryError> {
        (**self).claim_due(now, destination, per_destination, lease)
    }
    fn next_due_at(&self) -> Result<Option<DateTime<Utc>>, RepositoryError> {
        (**self).next_due_at()
    }
    fn mark_delivered(&self, ids: &[OutboxId], at: DateTime<Utc>) -> Result<(), RepositoryError> {
        (**self).mark_delivered(ids, at)
    }
    fn retry_later(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), RepositoryError> {
        (**self).retry_later(id, next_attempt_at, error)
    }
    fn give_up(&self, id: OutboxId, at: DateTime<Utc>, error: &str) -> Result<(), RepositoryError> {
        (**self).give_up(id, at, error)
    }
    fn backlog(&self) -> Result<OutboxBacklog, RepositoryError> {
        (**self).backlog()
    }
    fn release_claims(&self) -> Result<u64, RepositoryError> {
        (**self).release_claims()
    }
}

impl<T: TicketRepository + ?Sized> TicketRepository for Arc<T> {
    fn find_visitor(&self, token: &TokenHash) -> Result<Option<VisitorProfile>, RepositoryError> {
        (**self).find_visitor(token)
    }
    fn visitor_conversation(
        &self,
        visitor: VisitorId,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Option<VisitorConversation>, RepositoryError> {
        (**self).visitor_conversation(visitor, after, limit)
    }
    fn ticket(&self, number: TicketNumber) -> Result<Option<Ticket>, RepositoryError> {
        (**self).ticket(number)
    }
    fn ticket_history(
        &self,
        number: TicketNumber,
        last_messages: u32,
    ) -> Result<Option<TicketHistory>, RepositoryError> {
        (**self).ticket_history(number, last_messages)
    }
    fn list_tickets(&self, query: TicketQuery) -> Result<TicketListPage, RepositoryError> {
        (**self).list_tickets(query)
    }
    fn status_counts(&self) -> Result<StatusCounts, RepositoryError> {
        (**self).status_counts()
    }
    fn stats(&self, query: StatsQuery) -> Result<TicketStats, RepositoryError> {
        (**self).stats(query)
    }
}

impl<T: UnitOfWork + ?Sized> UnitOfWork for Arc<T> {
    fn run(&self, work: Work) -> Result<(), RepositoryError> {
        (**self).run(work)
    }
}

impl<T: InboundLog + ?Sized> InboundLog for Arc<T> {
    fn claim(
        &self,
        id: i64,
        now: DateTime<Utc>,
        lease: std::time::Duration,
    ) -> Result<InboundClaim, RepositoryError> {
        (**self).claim(id, now, lease)
    }
    fn complete(&self, id: i64, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        (**self).complete(id, at)
    }
}
