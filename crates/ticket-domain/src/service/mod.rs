//! The use cases, generic over the ports: what visitors do, and what the operator does.

mod operator;
pub mod transactions;
mod visitor;

pub use operator::{OperatorError, OperatorRequest, OperatorResponse, OperatorService, TopicState};
pub use visitor::{
    PurgedVisitors, SentVisitorMessage, VisitorError, VisitorMessage, VisitorService,
    CONVERSATION_PAGE, UNUSED_VISITOR_RETENTION,
};

use std::sync::Arc;

use crate::ports::{Clock, OperatorChatStore, OperatorNotifier, TicketStore, VisitorChannel};

/// The visitor use cases over shared, dynamically typed ports: what adapters hold.
pub type DynVisitorService = VisitorService<
    Arc<dyn TicketStore>,
    Arc<dyn OperatorNotifier>,
    Arc<dyn VisitorChannel>,
    Arc<dyn Clock>,
>;

/// The operator use cases over shared, dynamically typed ports: what adapters hold.
pub type DynOperatorService = OperatorService<
    Arc<dyn TicketStore>,
    Arc<dyn OperatorChatStore>,
    Arc<dyn VisitorChannel>,
    Arc<dyn Clock>,
>;

#[cfg(test)]
mod tests;
