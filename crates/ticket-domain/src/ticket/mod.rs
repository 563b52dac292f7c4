//! Tickets and what they are made of: numbers, statuses, priorities, devices and messages.

mod device;
mod message;
mod number;
mod priority;
mod status;
#[allow(clippy::module_inception)]
mod ticket;

pub use device::Device;
pub use message::{Author, Message, MessageId, Note};
pub use number::{TicketNumber, TicketNumberError};
pub use priority::{Priority, PriorityError};
pub use status::{Status, StatusError, TransitionError};
pub use ticket::{Ticket, TicketHistory, VisitorMessageEffect};
