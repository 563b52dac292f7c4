//! The buttons under a notification: each runs one command on the notification's ticket.

use super::OperatorCommand;
use crate::ticket::{Priority, TicketNumber};

/// A button under a notification, as the command table places them (their words are in each
/// language's catalog, `render::button_label`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Button {
    /// `📋 Voir`: the ticket's details, as `/ticket T1001`.
    View,
    /// `✅ Fermer`: closes the ticket, as `/close T1001`.
    Close,
    /// `🚨 Urgent`: as `/priority T1001 urgent`.
    Urgent,
}

impl Button {
    /// The icon before the button's word.
    pub fn icon(self) -> &'static str {
        match self {
            Self::View => "📋",
            Self::Close => "✅",
            Self::Urgent => "🚨",
        }
    }

    /// The command the button runs on `ticket`, the same as typing it.
    pub fn command(self, ticket: TicketNumber) -> OperatorCommand {
        match self {
            Self::View => OperatorCommand::Show(ticket),
            Self::Close => OperatorCommand::Close(ticket),
            Self::Urgent => OperatorCommand::SetPriority(ticket, Priority::Urgent),
        }
    }
}
