//! The inline buttons under a notification, and the command menu shown in operator chats: the
//! domain's command table and texts ([`ticket_domain::render::command_menu`],
//! [`ticket_domain::render::button_label`]) laid out as Telegram markup.

use frankenstein::types::{BotCommand, InlineKeyboardButton, InlineKeyboardMarkup};
use ticket_domain::command::buttons;
use ticket_domain::render::{button_label, Locale};
use ticket_domain::ticket::TicketNumber;

use crate::callbacks::ButtonAction;

/// `📋 Voir`, `✅ Fermer`, `🚨 Urgent` (English: `📋 View`, `✅ Close`, `🚨 Urgent`), one row.
pub(crate) fn ticket_keyboard(ticket: TicketNumber, locale: Locale) -> InlineKeyboardMarkup {
    let row = buttons()
        .map(|kind| {
            InlineKeyboardButton::builder()
                .text(button_label(locale, kind))
                .callback_data(ButtonAction { kind, ticket }.to_string())
                .build()
        })
        .collect();
    InlineKeyboardMarkup::builder()
        .inline_keyboard(vec![row])
        .build()
}

/// The command menu (`setMyCommands`), every command but `/start`, in the operator's language.
pub(crate) fn command_menu(locale: Locale) -> Vec<BotCommand> {
    ticket_domain::render::command_menu(locale)
        .into_iter()
        .map(|entry| {
            BotCommand::builder()
                .command(entry.command)
                .description(entry.description)
                .build()
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
    fn spanish_and_german_buttons_use_their_words_and_the_same_data() {
        for (locale, labels) in [
            (Locale::Es, ["📋 Ver", "✅ Cerrar", "🚨 Urgente"]),
            (Locale::De, ["📋 Ansehen", "✅ Schließen", "🚨 Dringend"]),
        ] {
            let keyboard = ticket_keyboard(t1001(), locale);
            let row = &keyboard.inline_keyboard[0];
            let texts: Vec<&str> = row.iter().map(|b| b.text.as_str()).collect();
            let data: Vec<&str> = row
                .iter()
                .map(|b| b.callback_data.as_deref().unwrap())
                .collect();
            assert_eq!(texts, labels);
            assert_eq!(data, ["v:T1001", "c:T1001", "u:T1001"]);
        }
    }

    #[test]
    fn the_menu_lists_every_command_but_start_without_a_slash() {
        for locale in Locale::ALL {
            let menu = command_menu(locale);
            let names: Vec<&str> = menu.iter().map(|c| c.command.as_str()).collect();
            assert_eq!(
                names,
                [
                    "tickets", "ticket", "reply", "note", "take", "assign", "unassign", "close",
                    "reopen", "priority", "stats", "help"
                ]
            );
            assert!(menu
                .iter()
                .all(|c| (3..=256).contains(&c.description.len())));
        }
        assert_eq!(
            command_menu(Locale::Fr)[7].description,
            "Fermer : /close T1001"
        );
    }
}
