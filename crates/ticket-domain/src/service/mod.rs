//! The use cases, generic over the ports: what visitors do, and what the operator does.

mod operator;
mod visitor;

pub use operator::{OperatorError, OperatorRequest, OperatorResponse, OperatorService};
pub use visitor::{SentVisitorMessage, VisitorError, VisitorMessage, VisitorService};
