//! Parsing an operator's message into a command or a reply.

use super::{CommandError, CommandName, CommandSpec, ListFilter, OperatorCommand, OperatorInput};
use crate::ticket::{Priority, TicketNumber};
use crate::values::MessageText;

/// Parses what the operator typed. Text that does not start with `/` is a reply; a command may
/// be addressed to a bot (`/close@SupportBot T1001`), and when `bot_username` is known a
/// command for another bot is [`CommandError::AddressedToAnotherBot`].
pub fn parse_operator_input(
    raw: &str,
    bot_username: Option<&str>,
) -> Result<OperatorInput, CommandError> {
    parse_operator_input_about(raw, bot_username, None)
}

/// [`parse_operator_input`] in a conversation about one ticket (a forum topic's): the commands
/// that name a ticket act on `ticket` when they name none (`/close`, `/reopen`, `/ticket`,
/// `/priority urgent`, `/reply text`); with a number they act on that ticket as everywhere.
pub fn parse_operator_input_about(
    raw: &str,
    bot_username: Option<&str>,
    ticket: Option<TicketNumber>,
) -> Result<OperatorInput, CommandError> {
    let about = ticket;
    let trimmed = raw.trim_start();
    let Some(command_line) = trimmed.strip_prefix('/') else {
        return MessageText::new(raw)
            .map(OperatorInput::Text)
            .map_err(|error| CommandError::InvalidText(None, error));
    };
    let (head, rest) = split_first_word(command_line);
    let (name, addressee) = match head.split_once('@') {
        Some((name, bot)) => (name, Some(bot)),
        None => (head, None),
    };
    if let (Some(addressee), Some(expected)) = (addressee, bot_username) {
        if !addressee.eq_ignore_ascii_case(expected.trim_start_matches('@')) {
            return Err(CommandError::AddressedToAnotherBot(addressee.to_owned()));
        }
    }
    let Some(spec) = CommandSpec::find(name) else {
        return Err(CommandError::UnknownCommand(format!("/{name}")));
    };
    let command = match spec.name {
        CommandName::Tickets => parse_list(rest)?,
        CommandName::Ticket => OperatorCommand::Show(one_ticket(CommandName::Ticket, rest, about)?),
        CommandName::Close => OperatorCommand::Close(one_ticket(CommandName::Close, rest, about)?),
        CommandName::Take => OperatorCommand::Take(one_ticket(CommandName::Take, rest, about)?),
        CommandName::Assign => {
            OperatorCommand::Assign(one_ticket(CommandName::Assign, rest, about)?)
        }
        CommandName::Unassign => {
            OperatorCommand::Unassign(one_ticket(CommandName::Unassign, rest, about)?)
        }
        CommandName::Reopen => {
            OperatorCommand::Reopen(one_ticket(CommandName::Reopen, rest, about)?)
        }
        CommandName::Priority => parse_priority(rest, about)?,
        CommandName::Reply => {
            let (ticket, text) = ticket_and_text(CommandName::Reply, rest, about)?;
            OperatorCommand::Reply(ticket, text)
        }
        CommandName::Note => {
            let (ticket, text) = ticket_and_text(CommandName::Note, rest, about)?;
            OperatorCommand::Note(ticket, text)
        }
        CommandName::Stats => no_argument(CommandName::Stats, rest, OperatorCommand::Stats)?,
        CommandName::Help => no_argument(CommandName::Help, rest, OperatorCommand::Help)?,
        CommandName::Start => OperatorCommand::Start,
    };
    Ok(OperatorInput::Command(command))
}

/// Splits off the first white-space separated word; the rest keeps its inner line breaks.
fn split_first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], text[end..].trim_start()),
        None => (text, ""),
    }
}

fn ticket_argument(command: CommandName, word: &str) -> Result<TicketNumber, CommandError> {
    if word.is_empty() {
        return Err(CommandError::MissingArgument(command));
    }
    TicketNumber::parse(word).map_err(|error| CommandError::InvalidTicketNumber(command, error))
}

fn one_ticket(
    command: CommandName,
    args: &str,
    about: Option<TicketNumber>,
) -> Result<TicketNumber, CommandError> {
    if let (Some(ticket), true) = (about, args.trim().is_empty()) {
        return Ok(ticket);
    }
    let (word, rest) = split_first_word(args);
    let ticket = ticket_argument(command, word)?;
    if !rest.is_empty() {
        return Err(CommandError::UnexpectedArgument(command, rest.to_owned()));
    }
    Ok(ticket)
}

fn no_argument(
    command: CommandName,
    args: &str,
    parsed: OperatorCommand,
) -> Result<OperatorCommand, CommandError> {
    if args.trim().is_empty() {
        Ok(parsed)
    } else {
        Err(CommandError::UnexpectedArgument(
            command,
            args.trim().to_owned(),
        ))
    }
}

fn parse_list(args: &str) -> Result<OperatorCommand, CommandError> {
    let command = CommandName::Tickets;
    let mut filter = None;
    let mut page = None;
    for word in args.split_whitespace() {
        if let Some(parsed) = ListFilter::parse(word) {
            if filter.replace(parsed).is_some() {
                return Err(CommandError::UnexpectedArgument(command, word.to_owned()));
            }
        } else if let Ok(number) = word.parse::<u32>() {
            if number == 0 {
                return Err(CommandError::InvalidListArgument(command, word.to_owned()));
            }
            if page.replace(number).is_some() {
                return Err(CommandError::UnexpectedArgument(command, word.to_owned()));
            }
        } else {
            return Err(CommandError::InvalidListArgument(command, word.to_owned()));
        }
    }
    Ok(OperatorCommand::List {
        filter: filter.unwrap_or_default(),
        page: page.unwrap_or(1),
    })
}

fn parse_priority(
    args: &str,
    about: Option<TicketNumber>,
) -> Result<OperatorCommand, CommandError> {
    let command = CommandName::Priority;
    let (ticket_word, rest) = split_first_word(args);
    let (ticket, rest) = match about {
        // `/priority urgent` about the conversation's ticket.
        Some(ticket) if TicketNumber::parse(ticket_word).is_err() => (ticket, args),
        _ => (ticket_argument(command, ticket_word)?, rest),
    };
    let (priority_word, rest) = split_first_word(rest);
    if priority_word.is_empty() {
        return Err(CommandError::MissingArgument(command));
    }
    let priority = Priority::parse(priority_word)
        .map_err(|_| CommandError::InvalidPriority(command, priority_word.to_owned()))?;
    if !rest.is_empty() {
        return Err(CommandError::UnexpectedArgument(command, rest.to_owned()));
    }
    Ok(OperatorCommand::SetPriority(ticket, priority))
}

/// `T1001 text` (or `text` alone about the conversation's ticket): `/reply` and `/note`.
fn ticket_and_text(
    command: CommandName,
    args: &str,
    about: Option<TicketNumber>,
) -> Result<(TicketNumber, MessageText), CommandError> {
    let (ticket_word, text) = split_first_word(args);
    let (ticket, text) = match about {
        // `/reply text` to the conversation's ticket.
        Some(ticket) if TicketNumber::parse(ticket_word).is_err() => (ticket, args),
        _ => (ticket_argument(command, ticket_word)?, text),
    };
    if text.trim().is_empty() {
        return Err(CommandError::MissingArgument(command));
    }
    let text =
        MessageText::new(text).map_err(|error| CommandError::InvalidText(Some(command), error))?;
    Ok((ticket, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::TicketNumberError;
    use crate::values::MessageTextError;

    fn t(n: u32) -> TicketNumber {
        TicketNumber::new(n).unwrap()
    }

    fn text(raw: &str) -> MessageText {
        MessageText::new(raw).unwrap()
    }

    fn command(c: OperatorCommand) -> Result<OperatorInput, CommandError> {
        Ok(OperatorInput::Command(c))
    }

    #[test]
    fn every_valid_form_parses() {
        use OperatorCommand::*;
        let list = |filter, page| List { filter, page };
        let cases: Vec<(&str, OperatorCommand)> = vec![
            ("/tickets", list(ListFilter::Active, 1)),
            ("/list", list(ListFilter::Active, 1)),
            ("/tickets 2", list(ListFilter::Active, 2)),
            ("/tickets open", list(ListFilter::Open, 1)),
            ("/tickets pending 3", list(ListFilter::Pending, 3)),
            ("/tickets 3 closed", list(ListFilter::Closed, 3)),
            ("/list urgent", list(ListFilter::Urgent, 1)),
            ("/tickets all", list(ListFilter::All, 1)),
            ("/tickets fermés", list(ListFilter::Closed, 1)),
            ("/tickets@SupportBot", list(ListFilter::Active, 1)),
            ("/TICKETS", list(ListFilter::Active, 1)),
            ("/ticket T1001", Show(t(1001))),
            ("/ticket t1001", Show(t(1001))),
            ("/ticket 1001", Show(t(1001))),
            ("  /ticket   T1001  ", Show(t(1001))),
            ("/ticket@supportbot T1001", Show(t(1001))),
            ("/close T1001", Close(t(1001))),
            ("/reopen T1002", Reopen(t(1002))),
            (
                "/priority T1001 urgent",
                SetPriority(t(1001), Priority::Urgent),
            ),
            (
                "/priority T1001 élevée",
                SetPriority(t(1001), Priority::High),
            ),
            ("/priority 1003 faible", SetPriority(t(1003), Priority::Low)),
            (
                "/reply T1001 Bonjour Jean",
                Reply(t(1001), text("Bonjour Jean")),
            ),
            (
                "/reply T1001 ligne 1\nligne 2",
                Reply(t(1001), text("ligne 1\nligne 2")),
            ),
            ("/reply\nT1001\nBonjour", Reply(t(1001), text("Bonjour"))),
            ("/stats", Stats),
            ("/help", Help),
            ("/help@SupportBot", Help),
            ("/start", Start),
            ("/start payload-from-deep-link", Start),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_operator_input(raw, Some("SupportBot")),
                command(expected),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn plain_text_is_a_reply() {
        assert_eq!(
            parse_operator_input("Bonjour Jean, merci !", None),
            Ok(OperatorInput::Text(text("Bonjour Jean, merci !")))
        );
        assert_eq!(
            parse_operator_input("  voir /ticket T1001", None),
            Ok(OperatorInput::Text(text("voir /ticket T1001")))
        );
    }

    #[test]
    fn every_invalid_form_gives_a_typed_error() {
        use CommandError::*;
        use CommandName as C;
        let too_long = format!("/reply T1001 {}", "a".repeat(4_001));
        let cases: Vec<(&str, CommandError)> = vec![
            ("/frobnicate", UnknownCommand("/frobnicate".into())),
            ("/", UnknownCommand("/".into())),
            ("/ticket", MissingArgument(C::Ticket)),
            ("/close", MissingArgument(C::Close)),
            ("/reopen", MissingArgument(C::Reopen)),
            ("/priority", MissingArgument(C::Priority)),
            ("/priority T1001", MissingArgument(C::Priority)),
            ("/reply", MissingArgument(C::Reply)),
            ("/reply T1001", MissingArgument(C::Reply)),
            ("/reply T1001    ", MissingArgument(C::Reply)),
            (
                "/ticket ABC",
                InvalidTicketNumber(C::Ticket, TicketNumberError::Malformed("ABC".into())),
            ),
            (
                "/close T12",
                InvalidTicketNumber(C::Close, TicketNumberError::TooSmall),
            ),
            (
                "/priority T1001 critical",
                InvalidPriority(C::Priority, "critical".into()),
            ),
            (
                "/priority T1001 urgent now",
                UnexpectedArgument(C::Priority, "now".into()),
            ),
            (
                "/ticket T1001 T1002",
                UnexpectedArgument(C::Ticket, "T1002".into()),
            ),
            ("/stats now", UnexpectedArgument(C::Stats, "now".into())),
            ("/help me", UnexpectedArgument(C::Help, "me".into())),
            (
                "/tickets bogus",
                InvalidListArgument(C::Tickets, "bogus".into()),
            ),
            ("/tickets 0", InvalidListArgument(C::Tickets, "0".into())),
            (
                "/tickets open closed",
                UnexpectedArgument(C::Tickets, "closed".into()),
            ),
            ("/tickets 1 2", UnexpectedArgument(C::Tickets, "2".into())),
            (
                "/close@OtherBot T1001",
                AddressedToAnotherBot("OtherBot".into()),
            ),
            (
                &too_long,
                InvalidText(Some(C::Reply), MessageTextError::TooLong { chars: 4_001 }),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_operator_input(raw, Some("SupportBot")),
                Err(expected),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn a_blank_or_too_long_plain_reply_is_an_error() {
        assert_eq!(
            parse_operator_input("   ", None),
            Err(CommandError::InvalidText(None, MessageTextError::Blank))
        );
        assert!(matches!(
            parse_operator_input(&"a".repeat(4_001), None),
            Err(CommandError::InvalidText(
                None,
                MessageTextError::TooLong { .. }
            ))
        ));
    }

    #[test]
    fn without_a_known_bot_name_any_addressee_is_accepted() {
        assert_eq!(
            parse_operator_input("/stats@AnyBot", None),
            command(OperatorCommand::Stats)
        );
    }

    #[test]
    fn errors_name_their_command_for_the_usage_line() {
        let error = parse_operator_input("/priority T1001", None).unwrap_err();
        assert_eq!(error.command(), Some(CommandName::Priority));
        assert_eq!(
            error.command().map(CommandName::usage),
            Some("/priority T1001 low|medium|high|urgent")
        );
        assert_eq!(
            parse_operator_input("/nope", None).unwrap_err().command(),
            None
        );
    }

    #[test]
    fn in_a_topic_the_commands_act_on_its_ticket_unless_they_name_one() {
        use OperatorCommand::*;
        let about = Some(t(1001));
        let cases: Vec<(&str, OperatorCommand)> = vec![
            ("/close", Close(t(1001))),
            ("/reopen", Reopen(t(1001))),
            ("/ticket", Show(t(1001))),
            ("/priority urgent", SetPriority(t(1001), Priority::Urgent)),
            ("/reply Bonjour Jean", Reply(t(1001), text("Bonjour Jean"))),
            ("/close T1002", Close(t(1002))),
            ("/ticket 1003", Show(t(1003))),
            ("/priority T1002 low", SetPriority(t(1002), Priority::Low)),
            ("/reply T1002 Bonjour", Reply(t(1002), text("Bonjour"))),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_operator_input_about(raw, None, about),
                command(expected),
                "{raw}"
            );
        }
    }

    #[test]
    fn in_a_topic_a_missing_argument_is_still_an_error() {
        let about = Some(t(1001));
        for raw in ["/priority", "/reply", "/reply   "] {
            assert!(
                matches!(
                    parse_operator_input_about(raw, None, about),
                    Err(CommandError::MissingArgument(_))
                ),
                "{raw}"
            );
        }
        assert!(matches!(
            parse_operator_input_about("/priority T1002", None, about),
            Err(CommandError::MissingArgument(CommandName::Priority))
        ));
        assert!(matches!(
            parse_operator_input_about("/close now", None, about),
            Err(CommandError::InvalidTicketNumber(CommandName::Close, _))
        ));
    }

    #[test]
    fn outside_a_topic_the_ticket_is_still_required() {
        assert!(matches!(
            parse_operator_input("/close", None),
            Err(CommandError::MissingArgument(CommandName::Close))
        ));
    }
}
