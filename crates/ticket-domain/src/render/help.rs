//! `/help` and `/start`: every listed command of the command table, with its icon, example and
//! the locale's words for it, and how replies are routed.

use super::Renderer;
use crate::command::COMMANDS;

impl Renderer<'_> {
    /// `/help`: every command, and how replies are routed.
    pub fn help(&self) -> String {
        let texts = self.texts;
        let mut out = format!("{}\n\n", texts.help.title);
        for spec in COMMANDS.iter().filter(|spec| spec.listed) {
            let Some(words) = texts.commands.of(spec.name) else {
                continue;
            };
            let example = spec.example(texts.help.example_message);
            out.push_str(&format!("{} {example} — {}\n", spec.icon, words.help));
            if let Some(forms) = spec.forms {
                out.push_str(&format!("   {forms}\n"));
            }
        }
        out.push('\n');
        out.push_str(texts.help.footer);
        out
    }

    /// `/start`: a greeting, then the help.
    pub fn start(&self) -> String {
        format!("{}\n\n{}", self.texts.help.greeting, self.help())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::{fits_in_one_message, Locale};

    #[test]
    fn help_lists_every_command_in_every_language() {
        let clock = paris_clock();
        for locale in Locale::ALL {
            let help = Renderer::new(locale, &clock).help();
            for command in [
                "/tickets",
                "/ticket T1001",
                "/reply",
                "/close",
                "/reopen",
                "/priority",
                "/stats",
                "/help",
            ] {
                assert!(help.contains(command), "{command} in {locale:?}");
            }
            assert!(!help.contains("/start"), "{locale:?}");
            assert!(fits_in_one_message(&Renderer::new(locale, &clock).start()));
        }
    }

    #[test]
    fn the_french_help_lines_come_from_the_table_and_the_catalog() {
        let clock = paris_clock();
        let help = Renderer::new(Locale::Fr, &clock).help();
        assert!(help.starts_with(
            "🎫 AIDE — COMMANDES DISPONIBLES\n\n\
             📋 /tickets — les tickets ouverts et en attente, les plus urgents d'abord\n   \
             /tickets open|pending|closed|urgent|all [page]\n\
             🎫 /ticket T1001 — détails et conversation d'un ticket\n\
             💬 /reply T1001 votre message — répondre à un ticket\n"
        ));
    }

    #[test]
    fn the_spanish_and_german_help_show_examples_in_their_language() {
        let clock = paris_clock();
        let es = Renderer::new(Locale::Es, &clock).help();
        let de = Renderer::new(Locale::De, &clock).help();
        assert!(es.starts_with("🎫 AYUDA — COMANDOS DISPONIBLES\n\n"));
        assert!(es.contains("\n💬 /reply T1001 su mensaje — responder a un ticket\n"));
        assert!(de.starts_with("🎫 HILFE — VERFÜGBARE BEFEHLE\n\n"));
        assert!(de.contains("\n💬 /reply T1001 Ihre Nachricht — auf ein Ticket antworten\n"));
    }
}
