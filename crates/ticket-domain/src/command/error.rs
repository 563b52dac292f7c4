//! Why an operator's command could not be understood.

use super::CommandName;
use crate::ticket::TicketNumberError;
use crate::values::MessageTextError;

/// Why a message starting with `/` is not a valid command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// A command the bot does not know.
    #[error("unknown command {0}")]
    UnknownCommand(String),
    /// `/cmd@OtherBot`: a command for another bot in a group; to be ignored.
    #[error("the command is addressed to @{0}")]
    AddressedToAnotherBot(String),
    /// A required argument is missing.
    #[error("missing argument for {}", .0.as_str())]
    MissingArgument(CommandName),
    /// More arguments than the command takes.
    #[error("too many arguments for {}", .0.as_str())]
    UnexpectedArgument(CommandName, String),
    /// The ticket argument is not a ticket number.
    #[error("{1}")]
    InvalidTicketNumber(CommandName, TicketNumberError),
    /// The priority argument is not a priority.
    #[error("unknown priority {1}")]
    InvalidPriority(CommandName, String),
    /// The `/tickets` argument is neither a filter nor a page number.
    #[error("{1} is neither a filter nor a page number")]
    InvalidListArgument(CommandName, String),
    /// The text of `/reply` is not a valid message (or a plain reply is not).
    #[error("{1}")]
    InvalidText(Option<CommandName>, MessageTextError),
}

impl CommandError {
    /// The command the error is about, for its usage line.
    pub fn command(&self) -> Option<CommandName> {
        match self {
            Self::UnknownCommand(_) | Self::AddressedToAnotherBot(_) => None,
            Self::MissingArgument(name)
            | Self::UnexpectedArgument(name, _)
            | Self::InvalidTicketNumber(name, _)
            | Self::InvalidPriority(name, _)
            | Self::InvalidListArgument(name, _) => Some(*name),
            Self::InvalidText(name, _) => *name,
        }
    }
}
