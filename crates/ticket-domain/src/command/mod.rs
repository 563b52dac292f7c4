//! The operator's command grammar: `/tickets`, `/ticket T1001`, `/close`, … and plain replies.
//!
//! Parsing happens in two steps: the raw syntax (`/name@bot args`) first, then each command's
//! arguments into domain types, so that every error names the command and its usage line.
//! Every command's name, aliases, usage line, menu entry and button are one row of the command
//! table ([`COMMANDS`]).

mod button;
mod error;
mod filter;
mod parse;
mod table;

pub use button::Button;
pub use error::CommandError;
pub use filter::ListFilter;
pub use parse::{parse_operator_input, parse_operator_input_about};
pub use table::{buttons, CommandName, CommandSpec, COMMANDS};

use crate::ticket::{Priority, TicketNumber};
use crate::values::MessageText;

/// A command of the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorCommand {
    /// `/tickets [filter] [page]` or `/list …`: a page of the ticket list.
    List {
        /// Which tickets.
        filter: ListFilter,
        /// The page, from 1.
        page: u32,
    },
    /// `/ticket T1001`: a ticket's details and conversation.
    Show(TicketNumber),
    /// `/close T1001`.
    Close(TicketNumber),
    /// `/reopen T1001`.
    Reopen(TicketNumber),
    /// `/priority T1001 urgent`.
    SetPriority(TicketNumber, Priority),
    /// `/reply T1001 text`: a reply to a named ticket.
    Reply(TicketNumber, MessageText),
    /// `/note T1001 text`: an internal note on a ticket, for the team only.
    Note(TicketNumber, MessageText),
    /// `/take T1001`: the ticket is assigned to whoever wrote it.
    Take(TicketNumber),
    /// `/assign T1001`, in reply to a colleague's message: the ticket is assigned to them.
    Assign(TicketNumber),
    /// `/unassign T1001`: the ticket is assigned to nobody.
    Unassign(TicketNumber),
    /// `/stats`.
    Stats,
    /// `/help`.
    Help,
    /// `/start`: the greeting of a new chat.
    Start,
}

/// What an operator's message is: a command, or text to send to a visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorInput {
    /// A command.
    Command(OperatorCommand),
    /// Plain text: a reply to the ticket the conversation is about.
    Text(MessageText),
}
