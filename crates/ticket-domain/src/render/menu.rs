//! The texts an adapter lays out itself: the chat's command menu and the words of the
//! notification's buttons, from the command table and the locale's catalog.

use super::Locale;
use crate::command::{Button, COMMANDS};

/// One entry of the chat's command menu (Telegram's `setMyCommands`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    /// The command without its slash: `close`.
    pub command: &'static str,
    /// What it does, with its example when it takes arguments: `Fermer : /close T1001`.
    pub description: String,
}

/// The command menu: every listed command of the table, in its order, in `locale`.
pub fn command_menu(locale: Locale) -> Vec<MenuEntry> {
    let texts = &locale.catalog().commands;
    COMMANDS
        .iter()
        .filter(|spec| spec.listed)
        .filter_map(|spec| {
            let words = texts.of(spec.name)?;
            let description = if spec.example_arguments.is_empty() {
                words.menu.to_owned()
            } else {
                (texts.menu_with_example)(words.menu, &spec.example(texts.menu_message))
            };
            Some(MenuEntry {
                command: spec.menu_command(),
                description,
            })
        })
        .collect()
}

/// A button's label in `locale`: its icon and its word (`📋 Voir`).
pub fn button_label(locale: Locale, button: Button) -> String {
    format!("{} {}", button.icon(), locale.catalog().buttons.of(button))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::buttons;

    #[test]
    fn the_french_menu_is_the_table_in_french() {
        let menu: Vec<(&str, String)> = command_menu(Locale::Fr)
            .into_iter()
            .map(|entry| (entry.command, entry.description))
            .collect();
        let expected = [
            ("tickets", "Tickets ouverts et en attente"),
            ("ticket", "Détails d'un ticket : /ticket T1001"),
            ("reply", "Répondre : /reply T1001 message"),
            ("note", "Note interne : /note T1001 message"),
            ("take", "Prendre : /take T1001"),
            ("assign", "Assigner : /assign T1001"),
            ("unassign", "Désassigner : /unassign T1001"),
            ("close", "Fermer : /close T1001"),
            ("reopen", "Rouvrir : /reopen T1001"),
            ("priority", "Priorité : /priority T1001 urgent"),
            ("stats", "Statistiques"),
            ("help", "Aide"),
        ]
        .map(|(command, description)| (command, description.to_owned()));
        assert_eq!(menu, expected);
    }

    #[test]
    fn the_english_menu_reads_as_before() {
        let menu = command_menu(Locale::En);
        assert_eq!(menu[1].description, "A ticket's details: /ticket T1001");
        assert_eq!(menu[2].description, "Reply: /reply T1001 message");
        assert_eq!(menu[3].description, "Internal note: /note T1001 message");
        assert_eq!(menu[9].description, "Priority: /priority T1001 urgent");
    }

    #[test]
    fn every_menu_lists_every_command_but_start_with_a_description_telegram_accepts() {
        for locale in Locale::ALL {
            let menu = command_menu(locale);
            let names: Vec<&str> = menu.iter().map(|entry| entry.command).collect();
            assert_eq!(
                names,
                [
                    "tickets", "ticket", "reply", "note", "take", "assign", "unassign", "close",
                    "reopen", "priority", "stats", "help"
                ]
            );
            for entry in &menu {
                let length = entry.description.chars().count();
                assert!((3..=256).contains(&length), "{locale:?} {entry:?}");
            }
        }
    }

    #[test]
    fn buttons_have_their_icon_and_the_locales_word() {
        let labels = |locale| {
            buttons()
                .map(|button| button_label(locale, button))
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(Locale::Fr), ["📋 Voir", "✅ Fermer", "🚨 Urgent"]);
        assert_eq!(labels(Locale::En), ["📋 View", "✅ Close", "🚨 Urgent"]);
        assert_eq!(labels(Locale::Es), ["📋 Ver", "✅ Cerrar", "🚨 Urgente"]);
        assert_eq!(
            labels(Locale::De),
            ["📋 Ansehen", "✅ Schließen", "🚨 Dringend"]
        );
    }
}
