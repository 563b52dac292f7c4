//! The inline buttons under a notification, and the command menu shown in operator chats.

use frankenstein::types::{BotCommand, InlineKeyboardButton, InlineKeyboardMarkup};
use ticket_domain::command::CommandName;
use ticket_domain::render::Locale;
use ticket_domain::ticket::TicketNumber;

use crate::callbacks::{ButtonAction, ButtonKind};

/// `📋 Voir`, `✅ Fermer`, `🚨 Urgent` (English: `📋 View`, `✅ Close`, `🚨 Urgent`), one row.
pub(crate) fn ticket_keyboard(ticket: TicketNumber, locale: Locale) -> InlineKeyboardMarkup {
    let fr = locale == Locale::Fr;
    let buttons = [
        (ButtonKind::View, if fr { "📋 Voir" } else { "📋 View" }),
        (ButtonKind::Close, if fr { "✅ Fermer" } else { "✅ Close" }),
        (ButtonKind::Urgent, "🚨 Urgent"),
    ]
    .into_iter()
    .map(|(kind, label)| {
        InlineKeyboardButton::builder()
            .text(label)
            .callback_data(ButtonAction { kind, ticket }.to_string())
            .build()
    })
    .collect();
    InlineKeyboardMarkup::builder()
        .inline_keyboard(vec![buttons])
        .build()
}

/// The command menu (`setMyCommands`), every command but `/start`, in the operator's language.
pub(crate) fn command_menu(locale: Locale) -> Vec<BotCommand> {
    let fr = locale == Locale::Fr;
    CommandName::ALL
        .into_iter()
        .filter_map(|name| {
            let description = match (name, fr) {
                (CommandName::Tickets, true) => "Tickets ouverts et en attente",
                (CommandName::Tickets, false) => "Open and pending tickets",
                (CommandName::Ticket, true) => "Détails d'un ticket : /ticket T1001",
                (CommandName::Ticket, false) => "A ticket's details: /ticket T1001",
                (CommandName::Reply, true) => "Répondre : /reply T1001 message",
                (CommandName::Reply, false) => "Reply: /reply T1001 message",
                (CommandName::Close, true) => "Fermer : /close T1001",
                (CommandName::Close, false) => "Close: /close T1001",
                (CommandName::Reopen, true) => "Rouvrir : /reopen T1001",
                (CommandName::Reopen, false) => "Reopen: /reopen T1001",
                (CommandName::Priority, true) => "Priorité : /priority T1001 urgent",
                (CommandName::Priority, false) => "Priority: /priority T1001 urgent",
                (CommandName::Stats, true) => "Statistiques",
                (CommandName::Stats, false) => "Statistics",
                (CommandName::Help, true) => "Aide",
                (CommandName::Help, false) => "Help",
                (CommandName::Start, _) => return None,
            };
            Some(
                BotCommand::builder()
                    .command(name.as_str().trim_start_matches('/'))
                    .description(description)
                    .build(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t1001() -> TicketNumber {
        TicketNumber::new(1001).unwrap()
    }

    #[test]
    fn french_buttons_carry_the_ticket_in_their_data() {
        let keyboard = ticket_keyboard(t1001(), Locale::Fr);
        let row = &keyboard.inline_keyboard[0];
        let labels: Vec<&str> = row.iter().map(|b| b.text.as_str()).collect();
        let data: Vec<&str> = row
            .iter()
            .map(|b| b.callback_data.as_deref().unwrap())
            .collect();
        assert_eq!(labels, ["📋 Voir", "✅ Fermer", "🚨 Urgent"]);
        assert_eq!(data, ["v:T1001", "c:T1001", "u:T1001"]);
    }

    #[test]
    fn english_buttons_use_english_labels() {
        let keyboard = ticket_keyboard(t1001(), Locale::En);
        let labels: Vec<&str> = keyboard.inline_keyboard[0]
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(labels, ["📋 View", "✅ Close", "🚨 Urgent"]);
    }

    #[test]
    fn the_menu_lists_every_command_but_start_without_a_slash() {
        let menu = command_menu(Locale::Fr);
        let names: Vec<&str> = menu.iter().map(|c| c.command.as_str()).collect();
        assert_eq!(
            names,
            ["tickets", "ticket", "reply", "close", "reopen", "priority", "stats", "help"]
        );
        assert!(menu
            .iter()
            .all(|c| (3..=256).contains(&c.description.len())));
    }
}
