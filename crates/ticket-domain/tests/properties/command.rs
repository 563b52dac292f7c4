//! `parse_operator_input` on generated input. Any text parses without panicking; text that is
//! not a command is a reply validated like any message; every command written as the grammar
//! allows (any case, `/cmd@bot`, extra white space, French, Spanish, German and accented words)
//! parses to its command; and a command with something wrong in it gives the typed error that
//! names the problem.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use ticket_domain::command::{
    parse_operator_input, CommandError, CommandName, ListFilter, OperatorCommand, OperatorInput,
};
use ticket_domain::ticket::{Priority, TicketNumber};
use ticket_domain::values::{MessageText, MessageTextError};

/// The bot the operator's chat talks to.
const BOT: &str = "SupportBot";

/// Every command name of the grammar, lowercase, aliases included.
const KNOWN_NAMES: [&str; 10] = [
    "tickets", "list", "ticket", "close", "reopen", "priority", "reply", "stats", "help", "start",
];

/// A command as the generator wrote it: its name (as typed, without the `/`), its arguments,
/// and the command it must parse to.
#[derive(Debug, Clone)]
struct Written {
    name: String,
    args: Vec<String>,
    expected: OperatorCommand,
    /// The name errors about it carry (`None` for `/start`, which takes anything).
    command: Option<CommandName>,
}

/// A written command once typed: white space around and between its words, maybe `@bot`.
#[derive(Debug, Clone)]
struct Typed {
    /// Everything up to the last argument.
    raw: String,
    /// White space the operator left at the end.
    trailing: String,
    /// The bot name the parser is told, if any.
    bot: Option<String>,
    written: Written,
}

impl Typed {
    fn parse(&self, extra: &str) -> Result<OperatorInput, CommandError> {
        parse_operator_input(&format!("{}{extra}", self.raw), self.bot.as_deref())
    }
}

/// `word` with each letter upper- or lowercase at random.
fn any_case(word: String) -> impl Strategy<Value = String> {
    let letters = word.chars().count();
    vec(any::<bool>(), letters).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, up)| {
                if up {
                    c.to_uppercase().collect::<String>()
                } else {
                    c.to_string()
                }
            })
            .collect()
    })
}

/// `template` with each `*` replaced by one of `letters`.
fn with_accents(template: &'static str, letters: &'static [char]) -> impl Strategy<Value = String> {
    let slots = template.matches('*').count();
    vec(select(letters), slots).prop_map(move |chosen| {
        let mut chosen = chosen.into_iter();
        template
            .chars()
            .map(|c| match c {
                '*' => chosen.next().unwrap_or('e'),
                other => other,
            })
            .collect()
    })
}

/// White space of at least `min` characters, of the kinds an operator's client may send.
fn blank(min: usize) -> impl Strategy<Value = String> {
    vec(
        select(&[' ', '\t', '\n', '\r', '\u{a0}', '\u{3000}'][..]),
        min..min + 3,
    )
    .prop_map(String::from_iter)
}

/// A ticket number and how it was written: `T1001`, `t1001`, `1001`, `T01001`.
fn ticket() -> impl Strategy<Value = (TicketNumber, String)> {
    let number = prop_oneof![1_001..10_000u32, 1_001..=u32::MAX];
    (number, select(&["T", "t", ""][..]), 0..3usize).prop_map(|(n, prefix, zeros)| {
        let word = format!("{prefix}{}{n}", "0".repeat(zeros));
        (TicketNumber::new(n).unwrap(), word)
    })
}

/// A priority and one of its English, French, Spanish or German names, in any case, with or
/// without accents.
fn priority() -> impl Strategy<Value = (Priority, String)> {
    const E: &[char] = &['e', 'é', 'è', 'ê', 'ë'];
    let templates: Vec<(Priority, &'static str)> = vec![
        (Priority::Low, "low"),
        (Priority::Low, "faible"),
        (Priority::Medium, "medium"),
        (Priority::Medium, "moyen"),
        (Priority::Medium, "moyenne"),
        (Priority::Medium, "normal"),
        (Priority::Medium, "normale"),
        (Priority::High, "high"),
        (Priority::High, "*l*v*"),
        (Priority::High, "*l*v*e"),
        (Priority::High, "haute"),
        (Priority::High, "haut"),
        (Priority::Urgent, "urgent"),
        (Priority::Urgent, "urgente"),
        (Priority::Low, "baja"),
        (Priority::Low, "bajo"),
        (Priority::Low, "niedrig"),
        (Priority::Medium, "media"),
        (Priority::Medium, "medio"),
        (Priority::Medium, "mittel"),
        (Priority::High, "alta"),
        (Priority::High, "alto"),
        (Priority::High, "hoch"),
        (Priority::Urgent, "dringend"),
    ];
    select(templates).prop_flat_map(|(priority, template)| {
        with_accents(template, E)
            .prop_flat_map(any_case)
            .prop_map(move |word| (priority, word))
    })
}

/// A list filter and one of its English, French, Spanish or German words, in any case
/// (`fermés` with or without its accent).
fn filter() -> impl Strategy<Value = (ListFilter, String)> {
    const E: &[char] = &['e', 'é'];
    let templates: Vec<(ListFilter, &'static str)> = vec![
        (ListFilter::Open, "open"),
        (ListFilter::Open, "ouvert"),
        (ListFilter::Open, "ouverts"),
        (ListFilter::Pending, "pending"),
        (ListFilter::Pending, "attente"),
        (ListFilter::Pending, "en_attente"),
        (ListFilter::Closed, "closed"),
        (ListFilter::Closed, "ferm*"),
        (ListFilter::Closed, "ferm*s"),
        (ListFilter::Urgent, "urgent"),
        (ListFilter::Urgent, "urgents"),
        (ListFilter::Urgent, "urgente"),
        (ListFilter::Urgent, "urgentes"),
        (ListFilter::All, "all"),
        (ListFilter::All, "tous"),
        (ListFilter::All, "tout"),
        (ListFilter::Open, "abierto"),
        (ListFilter::Open, "abiertos"),
        (ListFilter::Open, "offen"),
        (ListFilter::Open, "offene"),
        (ListFilter::Pending, "pendiente"),
        (ListFilter::Pending, "pendientes"),
        (ListFilter::Pending, "en_espera"),
        (ListFilter::Pending, "wartend"),
        (ListFilter::Pending, "ausstehend"),
        (ListFilter::Closed, "cerrados"),
        (ListFilter::Closed, "geschlossen"),
        (ListFilter::Urgent, "dringend"),
        (ListFilter::All, "todos"),
        (ListFilter::All, "alle"),
    ];
    select(templates).prop_flat_map(|(filter, template)| {
        with_accents(template, E)
            .prop_flat_map(any_case)
            .prop_map(move |word| (filter, word))
    })
}

/// A character that shows on its own: Latin, Greek, Cyrillic, Hebrew, Arabic, CJK, emoji.
fn visible_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('!', '~'),
        2 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('Α', 'ω'),
        1 => proptest::char::range('а', 'я'),
        1 => proptest::char::range('א', 'ת'),
        1 => proptest::char::range('ء', 'ي'),
        1 => proptest::char::range('一', '龥'),
        1 => proptest::char::range('😀', '🙏'),
    ]
}

/// A combining accent (U+0300 to U+034E: U+034F, the grapheme joiner, draws nothing).
fn combining_accent() -> impl Strategy<Value = char> {
    proptest::char::range('\u{300}', '\u{34e}')
}

/// A word that shows: a character that shows, then more of them or combining accents.
fn visible_word() -> impl Strategy<Value = String> {
    let rest = prop_oneof![8 => visible_char(), 1 => combining_accent()];
    (visible_char(), vec(rest, 0..11))
        .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect())
}

/// What an operator writes to a visitor: words that show, separated by spaces, tabs and line
/// breaks, starting and ending with a word.
fn reply_text() -> impl Strategy<Value = String> {
    (
        visible_word(),
        vec(
            (select(&[" ", "  ", "\t", "\n", "\n\n"][..]), visible_word()),
            0..40,
        ),
    )
        .prop_map(|(first, rest)| {
            let mut text = first;
            for (separator, word) in rest {
                text.push_str(separator);
                text.push_str(&word);
            }
            text
        })
}

/// A word with no white space in it, anything else allowed.
fn any_word() -> impl Strategy<Value = String> {
    "\\S{1,16}"
}

fn written(
    name: &'static str,
    args: Vec<String>,
    expected: OperatorCommand,
    command: CommandName,
) -> Written {
    Written {
        name: name.to_owned(),
        args,
        expected,
        command: Some(command),
    }
}

/// `/tickets` (or `/list`) with an optional filter and page, in either order.
fn list_command() -> impl Strategy<Value = Written> {
    (
        select(&["tickets", "list"][..]),
        proptest::option::of(filter()),
        proptest::option::of(prop_oneof![1..100u32, 1..=u32::MAX]),
        any::<bool>(),
    )
        .prop_map(|(name, filter, page, page_first)| {
            let mut args: Vec<String> = filter.iter().map(|(_, word)| word.clone()).collect();
            let page_word = page.map(|p| p.to_string());
            match (page_word, page_first) {
                (Some(word), true) => args.insert(0, word),
                (Some(word), false) => args.push(word),
                (None, _) => {}
            }
            let expected = OperatorCommand::List {
                filter: filter.map(|(f, _)| f).unwrap_or_default(),
                page: page.unwrap_or(1),
            };
            written(name, args, expected, CommandName::Tickets)
        })
}

/// `/ticket`, `/close` or `/reopen` with a ticket.
fn one_ticket_command() -> impl Strategy<Value = Written> {
    (select(&["ticket", "close", "reopen"][..]), ticket()).prop_map(|(name, (number, word))| {
        let (expected, command) = match name {
            "ticket" => (OperatorCommand::Show(number), CommandName::Ticket),
            "close" => (OperatorCommand::Close(number), CommandName::Close),
            _ => (OperatorCommand::Reopen(number), CommandName::Reopen),
        };
        written(name, vec![word], expected, command)
    })
}

/// `/priority T1001 urgent`.
fn priority_command() -> impl Strategy<Value = Written> {
    (ticket(), priority()).prop_map(|((number, ticket_word), (priority, word))| {
        written(
            "priority",
            vec![ticket_word, word],
            OperatorCommand::SetPriority(number, priority),
            CommandName::Priority,
        )
    })
}

/// `/reply T1001 some text`.
fn reply_command() -> impl Strategy<Value = Written> {
    (ticket(), reply_text()).prop_map(|((number, ticket_word), text)| {
        let expected = OperatorCommand::Reply(number, MessageText::new(&text).unwrap());
        written(
            "reply",
            vec![ticket_word, text],
            expected,
            CommandName::Reply,
        )
    })
}

/// `/stats` and `/help`, which take no argument.
fn bare_command() -> impl Strategy<Value = Written> {
    select(&["stats", "help"][..]).prop_map(|name| match name {
        "stats" => written("stats", vec![], OperatorCommand::Stats, CommandName::Stats),
        _ => written("help", vec![], OperatorCommand::Help, CommandName::Help),
    })
}

/// `/start`, with whatever payload a deep link carries.
fn start_command() -> impl Strategy<Value = Written> {
    vec(any_word(), 0..3).prop_map(|args| Written {
        name: "start".to_owned(),
        args,
        expected: OperatorCommand::Start,
        command: None,
    })
}

/// The commands that refuse anything more than their arguments.
fn strict_command() -> impl Strategy<Value = Written> {
    prop_oneof![
        list_command(),
        one_ticket_command(),
        priority_command(),
        bare_command(),
    ]
}

/// Any well-formed command.
fn any_command() -> impl Strategy<Value = Written> {
    prop_oneof![
        3 => strict_command(),
        1 => reply_command(),
        1 => start_command(),
    ]
}

/// `written` typed by an operator: white space before it, its name in any case, maybe
/// addressed to this bot, one or more white-space characters between words; the parser told
/// this bot's name (with or without `@`, in any case) or nothing.
fn typed(
    written: Written,
    addressee: BoxedStrategy<Option<String>>,
) -> impl Strategy<Value = Typed> {
    let args = written.args.len();
    let bot = proptest::option::of(
        (select(&["", "@"][..]), any_case(BOT.to_owned()))
            .prop_map(|(at, name)| format!("{at}{name}")),
    );
    (
        blank(0),
        any_case(written.name.clone()),
        addressee,
        vec(blank(1), args),
        blank(0),
        bot,
    )
        .prop_map(move |(lead, name, addressee, separators, trailing, bot)| {
            let mut raw = format!("{lead}/{name}");
            if let Some(addressee) = addressee {
                raw.push('@');
                raw.push_str(&addressee);
            }
            for (separator, arg) in separators.iter().zip(&written.args) {
                raw.push_str(separator);
                raw.push_str(arg);
            }
            Typed {
                raw,
                trailing,
                bot,
                written: written.clone(),
            }
        })
}

/// No addressee, or this bot's name in any case.
fn this_bot() -> BoxedStrategy<Option<String>> {
    proptest::option::of(any_case(BOT.to_owned())).boxed()
}

/// A well-formed command, typed.
fn typed_command(commands: BoxedStrategy<Written>) -> impl Strategy<Value = Typed> {
    commands.prop_flat_map(|written| typed(written, this_bot()))
}

/// A word that is neither a list filter nor a page number, so that it is an extra argument
/// for every command.
fn extra_word() -> impl Strategy<Value = String> {
    any_word().prop_filter("not a list argument", |word| {
        ListFilter::parse(word).is_none() && word.parse::<u32>().is_err()
    })
}

/// Something that looks like a command: a slash, then known names, ticket numbers, priority
/// and filter words and anything else, separated by any white space.
fn command_like() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        select(&KNOWN_NAMES[..]).prop_map(str::to_owned),
        ticket().prop_map(|(_, word)| word),
        priority().prop_map(|(_, word)| word),
        filter().prop_map(|(_, word)| word),
        "@\\S{0,12}",
        ".{0,12}",
    ];
    (blank(0), vec((word, blank(0)), 0..6)).prop_map(|(lead, words)| {
        let mut raw = format!("{lead}/");
        for (word, separator) in words {
            raw.push_str(&word);
            raw.push_str(&separator);
        }
        raw
    })
}

proptest! {
    #[test]
    fn any_text_is_parsed_without_panicking(
        raw in prop_oneof![any::<String>(), command_like()],
        bot in proptest::option::of(prop_oneof![Just(BOT.to_owned()), any::<String>()]),
    ) {
        let parsed = parse_operator_input(&raw, bot.as_deref());

        if raw.trim_start().starts_with('/') {
            prop_assert!(!matches!(parsed, Ok(OperatorInput::Text(_))), "{parsed:?}");
        }
    }

    #[test]
    fn text_that_does_not_start_with_a_slash_is_a_reply_validated_like_any_message(
        raw in prop_oneof![any::<String>(), reply_text()]
            .prop_filter("not a command", |raw| !raw.trim_start().starts_with('/')),
    ) {
        let expected = MessageText::new(&raw)
            .map(OperatorInput::Text)
            .map_err(|error| CommandError::InvalidText(None, error));

        prop_assert_eq!(parse_operator_input(&raw, Some(BOT)), expected);
    }

    #[test]
    fn every_well_formed_command_parses_to_its_command(
        typed in typed_command(any_command().boxed()),
    ) {
        let parsed = typed.parse(&typed.trailing);

        prop_assert_eq!(parsed, Ok(OperatorInput::Command(typed.written.expected)));
    }

    #[test]
    fn a_reply_of_up_to_4000_characters_parses_and_a_longer_one_is_too_long(
        (number, ticket_word) in ticket(),
        c in visible_char(),
        chars in 3_990..=4_010usize,
    ) {
        let text = c.to_string().repeat(chars);

        let parsed = parse_operator_input(&format!("/reply {ticket_word} {text}"), None);

        if chars <= 4_000 {
            let expected = OperatorCommand::Reply(number, MessageText::new(&text).unwrap());
            prop_assert_eq!(parsed, Ok(OperatorInput::Command(expected)));
        } else {
            prop_assert_eq!(
                parsed,
                Err(CommandError::InvalidText(
                    Some(CommandName::Reply),
                    MessageTextError::TooLong { chars }
                ))
            );
        }
    }

    #[test]
    fn a_command_with_an_extra_argument_is_an_unexpected_argument(
        typed in typed_command(strict_command().boxed()),
        separator in blank(1),
        extra in extra_word(),
    ) {
        let parsed = typed.parse(&format!("{separator}{extra}{}", typed.trailing));

        let command = typed.written.command.unwrap();
        let expected = if command == CommandName::Tickets {
            CommandError::InvalidListArgument(command, extra.clone())
        } else {
            CommandError::UnexpectedArgument(command, format!("{extra}{}", typed.trailing))
        };
        match (&parsed, &expected) {
            // `/stats` and `/help` trim what follows them.
            (
                Err(CommandError::UnexpectedArgument(got, rest)),
                CommandError::UnexpectedArgument(want, _),
            ) if got == want => prop_assert_eq!(rest.trim_end(), extra.as_str()),
            _ => prop_assert_eq!(parsed, Err(expected)),
        }
    }

    #[test]
    fn a_command_addressed_to_another_bot_is_refused_whatever_it_says(
        typed in any_command().prop_flat_map(|written| {
            let other = "\\S{0,16}"
                .prop_filter("another bot", |name| !name.eq_ignore_ascii_case(BOT))
                .prop_map(Some)
                .boxed();
            typed(written, other)
        }),
    ) {
        let bot = typed.bot.clone().unwrap_or_else(|| BOT.to_owned());
        let raw = format!("{}{}", typed.raw, typed.trailing);
        let head = raw.trim_start().split(char::is_whitespace).next().unwrap();
        let addressee = head.split_once('@').unwrap().1;

        prop_assert_eq!(
            parse_operator_input(&raw, Some(&bot)),
            Err(CommandError::AddressedToAnotherBot(addressee.to_owned()))
        );
    }

    #[test]
    fn an_unknown_command_name_is_an_unknown_command(
        name in "[^\\s@]{1,16}".prop_filter("not a command of the grammar", |name| {
            !KNOWN_NAMES.contains(&name.to_lowercase().as_str())
        }),
        addressed in any::<bool>(),
        args in vec((blank(1), any_word()), 0..3),
    ) {
        let mut raw = format!("/{name}");
        if addressed {
            raw.push_str("@SupportBot");
        }
        for (separator, word) in &args {
            raw.push_str(separator);
            raw.push_str(word);
        }

        prop_assert_eq!(
            parse_operator_input(&raw, Some(BOT)),
            Err(CommandError::UnknownCommand(format!("/{name}")))
        );
    }

    #[test]
    fn a_command_without_its_argument_is_a_missing_argument(
        (name, command, kept) in select(vec![
            ("ticket", CommandName::Ticket, 0),
            ("close", CommandName::Close, 0),
            ("reopen", CommandName::Reopen, 0),
            ("priority", CommandName::Priority, 0),
            ("priority", CommandName::Priority, 1),
            ("reply", CommandName::Reply, 0),
            ("reply", CommandName::Reply, 1),
        ]),
        (_, ticket_word) in ticket(),
        trailing in blank(0),
    ) {
        let args = if kept == 1 { format!(" {ticket_word}") } else { String::new() };

        let parsed = parse_operator_input(&format!("/{name}{args}{trailing}"), Some(BOT));

        prop_assert_eq!(parsed, Err(CommandError::MissingArgument(command)));
    }

    #[test]
    fn a_ticket_argument_that_is_not_a_ticket_number_is_an_invalid_ticket_number(
        (name, command) in select(vec![
            ("ticket", CommandName::Ticket),
            ("close", CommandName::Close),
            ("reopen", CommandName::Reopen),
            ("priority", CommandName::Priority),
            ("reply", CommandName::Reply),
        ]),
        word in prop_oneof![
            any_word(),
            (0..1_001u32).prop_map(|n| format!("T{n}")),
            (u64::from(u32::MAX) + 1..=u64::MAX).prop_map(|n| format!("T{n}")),
        ].prop_filter("not a ticket number", |word| TicketNumber::parse(word).is_err()),
    ) {
        let parsed = parse_operator_input(&format!("/{name} {word} urgent"), Some(BOT));

        let error = TicketNumber::parse(&word).unwrap_err();
        prop_assert_eq!(parsed, Err(CommandError::InvalidTicketNumber(command, error)));
    }

    #[test]
    fn a_priority_that_is_not_a_priority_is_an_invalid_priority(
        (_, ticket_word) in ticket(),
        word in any_word().prop_filter("not a priority", |word| Priority::parse(word).is_err()),
    ) {
        let parsed = parse_operator_input(&format!("/priority {ticket_word} {word}"), Some(BOT));

        prop_assert_eq!(
            parsed,
            Err(CommandError::InvalidPriority(CommandName::Priority, word))
        );
    }
}
