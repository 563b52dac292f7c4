//! Inline-button data: `v:T1001` (view), `c:T1001` (close), `u:T1001` (urgent), parsed strictly.
//!
//! Callback data comes back from the client and can be forged: anything but exactly these
//! forms is rejected, and the chat's authorisation is checked again by the dispatcher.

use std::fmt;

use ticket_domain::command::{Button, OperatorCommand};
use ticket_domain::ticket::TicketNumber;

/// The callback data's prefix of a button.
fn prefix(button: Button) -> &'static str {
    match button {
        Button::View => "v",
        Button::Close => "c",
        Button::Urgent => "u",
    }
}

/// A parsed button press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ButtonAction {
    pub(crate) kind: Button,
    pub(crate) ticket: TicketNumber,
}

/// Callback data that is not one of the bot's buttons.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("callback data {0:?} is not one of the bot's buttons")]
pub(crate) struct CallbackDataError(pub(crate) String);

impl ButtonAction {
    /// Parses exactly `v:T<digits>`, `c:T<digits>` or `u:T<digits>` (a valid ticket number).
    pub(crate) fn parse(data: &str) -> Result<Self, CallbackDataError> {
        let error = || CallbackDataError(data.chars().take(64).collect());
        let (prefix, number) = data.split_once(':').ok_or_else(error)?;
        let kind = match prefix {
            "v" => Button::View,
            "c" => Button::Close,
            "u" => Button::Urgent,
            _ => return Err(error()),
        };
        let digits = number.strip_prefix('T').ok_or_else(error)?;
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        let ticket = TicketNumber::parse(number).map_err(|_| error())?;
        Ok(Self { kind, ticket })
    }

    /// The command the button runs, the same as typing it.
    pub(crate) fn command(self) -> OperatorCommand {
        self.kind.command(self.ticket)
    }
}

impl fmt::Display for ButtonAction {
    /// The callback data: `v:T1001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", prefix(self.kind), self.ticket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ticket_domain::ticket::Priority;

    fn t1001() -> TicketNumber {
        TicketNumber::new(1001).unwrap()
    }

    #[test]
    fn the_three_buttons_parse_into_their_commands() {
        let cases = [
            ("v:T1001", OperatorCommand::Show(t1001())),
            ("c:T1001", OperatorCommand::Close(t1001())),
            (
                "u:T1001",
                OperatorCommand::SetPriority(t1001(), Priority::Urgent),
            ),
        ];
        for (data, command) in cases {
            let action = ButtonAction::parse(data).unwrap();
            assert_eq!(action.command(), command, "{data}");
            assert_eq!(action.to_string(), data, "round trip");
        }
    }

    #[test]
    fn every_button_of_the_command_table_round_trips_through_its_data() {
        for kind in ticket_domain::command::buttons() {
            let action = ButtonAction {
                kind,
                ticket: t1001(),
            };
            assert_eq!(ButtonAction::parse(&action.to_string()), Ok(action));
            assert_eq!(action.command(), kind.command(t1001()));
        }
    }

    #[test]
    fn anything_else_is_rejected() {
        for data in [
            "",
            "v",
            "v:",
            "v:T",
            "x:T1001",
            "V:T1001",
            "v:t1001",
            "v:1001",
            "v: T1001",
            "v:T1001 ",
            "v:T1001:x",
            "v:T12",
            "v:T10a1",
            "v:T-1001",
            "v:T99999999999999999999",
            "c:T1001;DROP TABLE tickets",
            "v::T1001",
        ] {
            assert!(ButtonAction::parse(data).is_err(), "{data:?}");
        }
    }
}
