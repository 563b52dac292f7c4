//! The command table: one row per command with everything that is not a language's words (its
//! name, aliases, usage line, place in `/help` and in the chat's command menu, its button). The
//! parser, `/help`, the usage lines of errors, the Telegram menu and the notification's buttons
//! all read it; each language's words for it are in the render catalogs.

use super::Button;

/// The commands of the grammar; [`CommandName::spec`] is a command's row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    /// `/tickets` (and `/list`).
    Tickets,
    /// `/ticket`.
    Ticket,
    /// `/close`.
    Close,
    /// `/reopen`.
    Reopen,
    /// `/priority`.
    Priority,
    /// `/reply`.
    Reply,
    /// `/note`.
    Note,
    /// `/take`.
    Take,
    /// `/assign`.
    Assign,
    /// `/unassign`.
    Unassign,
    /// `/stats`.
    Stats,
    /// `/help`.
    Help,
    /// `/start`.
    Start,
}

/// One command's row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// Which command.
    pub name: CommandName,
    /// The usage line, as errors show it; its first word is the command as typed:
    /// `/tickets [open|pending|closed|urgent|all] [page]`.
    pub usage: &'static str,
    /// Other names the parser accepts, without the slash: `list`.
    pub aliases: &'static [&'static str],
    /// Whether `/help` and the chat's command menu list it.
    pub listed: bool,
    /// The icon before its line in `/help`.
    pub icon: &'static str,
    /// The example arguments that `/help` and the menu show after the command (`T1001 urgent`),
    /// `{message}` standing for a message in the operator's language.
    pub example_arguments: &'static str,
    /// A second `/help` line showing its other forms, if any.
    pub forms: Option<&'static str>,
    /// The button under a notification that runs it, if any.
    pub button: Option<Button>,
}

const TICKETS: CommandSpec = CommandSpec {
    name: CommandName::Tickets,
    usage: "/tickets [open|pending|closed|urgent|all] [page]",
    aliases: &["list"],
    listed: true,
    icon: "📋",
    example_arguments: "",
    forms: Some("/tickets open|pending|closed|urgent|all [page]"),
    button: None,
};
const TICKET: CommandSpec = CommandSpec {
    name: CommandName::Ticket,
    usage: "/ticket T1001",
    aliases: &[],
    listed: true,
    icon: "🎫",
    example_arguments: "T1001",
    forms: None,
    button: Some(Button::View),
};
const REPLY: CommandSpec = CommandSpec {
    name: CommandName::Reply,
    usage: "/reply T1001 your message",
    aliases: &[],
    listed: true,
    icon: "💬",
    example_arguments: "T1001 {message}",
    forms: None,
    button: None,
};
const NOTE: CommandSpec = CommandSpec {
    name: CommandName::Note,
    usage: "/note T1001 text",
    aliases: &[],
    listed: true,
    icon: "🔒",
    example_arguments: "T1001 {message}",
    forms: None,
    button: None,
};
const TAKE: CommandSpec = CommandSpec {
    name: CommandName::Take,
    usage: "/take T1001",
    aliases: &[],
    listed: true,
    icon: "✋",
    example_arguments: "T1001",
    forms: None,
    button: None,
};
const ASSIGN: CommandSpec = CommandSpec {
    name: CommandName::Assign,
    usage: "/assign T1001",
    aliases: &[],
    listed: true,
    icon: "👥",
    example_arguments: "T1001",
    forms: None,
    button: None,
};
const UNASSIGN: CommandSpec = CommandSpec {
    name: CommandName::Unassign,
    usage: "/unassign T1001",
    aliases: &[],
    listed: true,
    icon: "🚫",
    example_arguments: "T1001",
    forms: None,
    button: None,
};
const CLOSE: CommandSpec = CommandSpec {
    name: CommandName::Close,
    usage: "/close T1001",
    aliases: &[],
    listed: true,
    icon: "✅",
    example_arguments: "T1001",
    forms: None,
    button: Some(Button::Close),
};
const REOPEN: CommandSpec = CommandSpec {
    name: CommandName::Reopen,
    usage: "/reopen T1001",
    aliases: &[],
    listed: true,
    icon: "🔓",
    example_arguments: "T1001",
    forms: None,
    button: None,
};
const PRIORITY: CommandSpec = CommandSpec {
    name: CommandName::Priority,
    usage: "/priority T1001 low|medium|high|urgent",
    aliases: &[],
    listed: true,
    icon: "🚨",
    example_arguments: "T1001 urgent",
    forms: None,
    button: Some(Button::Urgent),
};
const STATS: CommandSpec = CommandSpec {
    name: CommandName::Stats,
    usage: "/stats",
    aliases: &[],
    listed: true,
    icon: "📊",
    example_arguments: "",
    forms: None,
    button: None,
};
const HELP: CommandSpec = CommandSpec {
    name: CommandName::Help,
    usage: "/help",
    aliases: &[],
    listed: true,
    icon: "❓",
    example_arguments: "",
    forms: None,
    button: None,
};
const START: CommandSpec = CommandSpec {
    name: CommandName::Start,
    usage: "/start",
    aliases: &[],
    listed: false,
    icon: "",
    example_arguments: "",
    forms: None,
    button: None,
};

/// Every command, in the order `/help` and the menu list them (and the buttons are laid out).
pub const COMMANDS: &[CommandSpec] = &[
    TICKETS, TICKET, REPLY, NOTE, TAKE, ASSIGN, UNASSIGN, CLOSE, REOPEN, PRIORITY, STATS, HELP,
    START,
];

impl CommandName {
    /// The command's row of [`COMMANDS`].
    pub fn spec(self) -> &'static CommandSpec {
        match self {
            Self::Tickets => &TICKETS,
            Self::Ticket => &TICKET,
            Self::Reply => &REPLY,
            Self::Note => &NOTE,
            Self::Take => &TAKE,
            Self::Assign => &ASSIGN,
            Self::Unassign => &UNASSIGN,
            Self::Close => &CLOSE,
            Self::Reopen => &REOPEN,
            Self::Priority => &PRIORITY,
            Self::Stats => &STATS,
            Self::Help => &HELP,
            Self::Start => &START,
        }
    }

    /// The command as typed, without arguments: `/tickets`.
    pub fn as_str(self) -> &'static str {
        self.spec().command()
    }

    /// The usage line: the command with its arguments.
    pub fn usage(self) -> &'static str {
        self.spec().usage
    }
}

impl CommandSpec {
    /// The command as typed, without arguments: `/tickets`.
    pub fn command(&self) -> &'static str {
        self.usage
            .split_once(' ')
            .map_or(self.usage, |(command, _)| command)
    }

    /// The command as the menu lists it, without its slash: `tickets`.
    pub fn menu_command(&self) -> &'static str {
        self.command().trim_start_matches('/')
    }

    /// The command with its example arguments, as `/help` and the menu show it, `message`
    /// standing for a message: `/reply T1001 votre message`, `/tickets`.
    pub fn example(&self, message: &str) -> String {
        if self.example_arguments.is_empty() {
            return self.command().to_owned();
        }
        let arguments = self.example_arguments.replace("{message}", message);
        format!("{} {arguments}", self.command())
    }

    /// The row of the command typed as `word` (without its slash, in any case), if any.
    pub fn find(word: &str) -> Option<&'static CommandSpec> {
        let word = word.to_lowercase();
        COMMANDS
            .iter()
            .find(|spec| spec.menu_command() == word || spec.aliases.contains(&word.as_str()))
    }
}

/// The buttons under a notification, in the order of their commands in the table.
pub fn buttons() -> impl Iterator<Item = Button> {
    COMMANDS.iter().filter_map(|spec| spec.button)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_its_names_row_and_is_found_by_its_name_and_aliases() {
        for spec in COMMANDS {
            assert_eq!(spec.name.spec(), spec);
            assert!(spec.usage.starts_with('/'), "{}", spec.usage);
            assert_eq!(CommandSpec::find(spec.menu_command()), Some(spec));
            assert_eq!(
                CommandSpec::find(&spec.menu_command().to_uppercase()),
                Some(spec)
            );
            for alias in spec.aliases {
                assert_eq!(CommandSpec::find(alias), Some(spec));
            }
        }
        assert_eq!(CommandSpec::find("frobnicate"), None);
    }

    #[test]
    fn names_and_aliases_are_unique() {
        let mut words: Vec<&str> = COMMANDS
            .iter()
            .flat_map(|spec| {
                std::iter::once(spec.menu_command()).chain(spec.aliases.iter().copied())
            })
            .collect();
        let count = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), count);
    }

    #[test]
    fn the_rows_give_the_usage_lines_and_the_buttons() {
        assert_eq!(CommandName::Tickets.as_str(), "/tickets");
        assert_eq!(
            CommandName::Priority.usage(),
            "/priority T1001 low|medium|high|urgent"
        );
        assert_eq!(
            buttons().collect::<Vec<_>>(),
            [Button::View, Button::Close, Button::Urgent]
        );
        assert!(!CommandName::Start.spec().listed);
        assert_eq!(
            CommandName::Reply.spec().example("your message"),
            "/reply T1001 your message"
        );
        assert_eq!(CommandName::Stats.spec().example("x"), "/stats");
    }
}
