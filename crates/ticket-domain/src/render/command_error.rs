//! The answer to a command that could not be understood: one line saying why, and the
//! command's usage line from the command table.

use super::Renderer;
use crate::command::CommandError;
use crate::values::MessageTextError;

impl Renderer<'_> {
    /// A command that could not be understood, with its usage line.
    pub fn command_error(&self, error: &CommandError) -> String {
        let texts = &self.texts.errors;
        let problem = match error {
            CommandError::UnknownCommand(name) | CommandError::AddressedToAnotherBot(name) => {
                return (texts.unknown_command)(name);
            }
            CommandError::MissingArgument(_) => texts.missing_argument.to_owned(),
            CommandError::UnexpectedArgument(_, extra) => (texts.unexpected_argument)(extra),
            CommandError::InvalidTicketNumber(_, _) => texts.not_a_ticket_number.to_owned(),
            CommandError::InvalidPriority(_, word) => (texts.unknown_priority)(word),
            CommandError::InvalidListArgument(_, word) => (texts.not_a_filter)(word),
            CommandError::InvalidText(_, MessageTextError::Blank) => texts.empty_message.to_owned(),
            CommandError::InvalidText(_, MessageTextError::TooLong { chars }) => {
                (texts.too_long)(*chars)
            }
        };
        match error.command() {
            Some(command) => format!("{problem}\n{} {}", texts.usage, command.usage()),
            None => problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse_operator_input;
    use crate::render::test_support::paris_clock;
    use crate::render::Locale;

    fn render_error(raw: &str, locale: Locale) -> String {
        let clock = paris_clock();
        let error = parse_operator_input(raw, None).unwrap_err();
        Renderer::new(locale, &clock).command_error(&error)
    }

    #[test]
    fn command_errors_give_one_helpful_line_and_the_usage() {
        assert_eq!(
            render_error("/priority T1001", Locale::Fr),
            "⚠️ Il manque un argument.\nUsage : /priority T1001 low|medium|high|urgent"
        );
        assert_eq!(
            render_error("/frob", Locale::Fr),
            "❓ Commande inconnue : /frob. Tapez /help pour la liste des commandes."
        );
        assert_eq!(
            render_error("/priority T1001 critical", Locale::En),
            "⚠️ Unknown priority: “critical”. Priorities: low 🟢, medium 🟡, high 🔴, urgent 🚨.\nUsage: /priority T1001 low|medium|high|urgent"
        );
    }

    #[test]
    fn spanish_and_german_errors_end_with_the_same_usage_line() {
        assert_eq!(
            render_error("/close", Locale::Es),
            "⚠️ Falta un argumento.\nUso: /close T1001"
        );
        assert_eq!(
            render_error("/tickets bogus", Locale::De),
            "⚠️ „bogus“ ist weder ein Filter (open, pending, closed, urgent, all) noch eine \
             Seitenzahl.\nVerwendung: /tickets [open|pending|closed|urgent|all] [page]"
        );
    }
}
