//! The ports: what the domain needs from the outside world, as traits with contracts.
//!
//! Every port is synchronous. Adapters on an async runtime call the use cases from blocking
//! threads (`spawn_blocking`, `web::block`); see `docs/architecture.md` for why.

mod clock;
mod inbound;
mod notifier;
mod operator_chats;
mod outbox;
mod repository;
mod shared;
mod transaction;
mod visitor_channel;

pub use clock::Clock;
pub use inbound::{InboundClaim, InboundLog};
pub use notifier::OperatorNotifier;
pub use operator_chats::{ForumTopic, OperatorChat, OperatorChatStore, SentAbout};
pub use outbox::{NotificationOutbox, OutboxBacklog, OutboxEntry, OutboxId};
pub use repository::{
    NewOperatorMessage, NewVisitorMessage, RecordedOperatorMessage, RecordedVisitorMessage,
    RepositoryError, StatsQuery, StatusCounts, TicketListPage, TicketQuery, TicketRepository,
    TicketStats, VisitorConversation,
};
pub use transaction::{transact, NewMessage, NewNote, Transaction, UnitOfWork, Work};
pub use visitor_channel::{VisitorChannel, VisitorEvent};

/// Everything the use cases need from storage: the reads and the unit of work.
pub trait TicketStore: TicketRepository + UnitOfWork {}

impl<T: TicketRepository + UnitOfWork + ?Sized> TicketStore for T {}

#[cfg(any(test, feature = "mocks"))]
pub use clock::MockClock;
#[cfg(any(test, feature = "mocks"))]
pub use inbound::MockInboundLog;
#[cfg(any(test, feature = "mocks"))]
pub use notifier::MockOperatorNotifier;
#[cfg(any(test, feature = "mocks"))]
pub use operator_chats::MockOperatorChatStore;
#[cfg(any(test, feature = "mocks"))]
pub use outbox::MockNotificationOutbox;
#[cfg(any(test, feature = "mocks"))]
pub use repository::MockTicketRepository;
#[cfg(any(test, feature = "mocks"))]
pub use visitor_channel::MockVisitorChannel;
