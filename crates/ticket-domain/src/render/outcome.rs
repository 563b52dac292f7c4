//! Short answers to the operator: confirmations, errors, help, and the notes visitors see.

use super::ticket_view::status_icon;
use super::Renderer;
use crate::command::{CommandError, CommandName};
use crate::ticket::{Priority, Status, Ticket, TicketNumber};
use crate::values::MessageTextError;

impl Renderer<'_> {
    /// `✅ Ticket T1001 fermé avec succès.` with the client and subject, as the guide shows.
    pub fn closed(&self, ticket: &Ticket) -> String {
        let name = self.visitor_name(ticket.visitor.name.as_ref());
        let subject = super::format::excerpt(&ticket.subject, 40);
        if self.fr() {
            format!(
                "✅ Ticket {} fermé avec succès.\n👤 Client: {name}\n📝 Sujet: \"{subject}\"",
                ticket.number
            )
        } else {
            format!(
                "✅ Ticket {} closed.\n👤 Visitor: {name}\n📝 Subject: \"{subject}\"",
                ticket.number
            )
        }
    }

    /// `🔓 Ticket T1001 rouvert avec succès.` with the client, as the guide shows.
    pub fn reopened(&self, ticket: &Ticket) -> String {
        let name = self.visitor_name(ticket.visitor.name.as_ref());
        if self.fr() {
            format!(
                "🔓 Ticket {} rouvert avec succès.\n👤 Client: {name}",
                ticket.number
            )
        } else {
            format!("🔓 Ticket {} reopened.\n👤 Visitor: {name}", ticket.number)
        }
    }

    /// `🚨 Priorité du ticket T1001 changée de medium → urgent` (the new priority's icon).
    pub fn priority_changed(&self, number: TicketNumber, from: Priority, to: Priority) -> String {
        if from == to {
            return if self.fr() {
                format!("ℹ️ Le ticket {number} est déjà en priorité {to}.")
            } else {
                format!("ℹ️ Ticket {number} already has priority {to}.")
            };
        }
        if self.fr() {
            format!(
                "{} Priorité du ticket {number} changée de {from} → {to}",
                to.icon()
            )
        } else {
            format!(
                "{} Priority of ticket {number} changed from {from} → {to}",
                to.icon()
            )
        }
    }

    /// The confirmation that a reply went to a ticket, naming it.
    pub fn reply_sent(&self, ticket: &Ticket, previous_status: Status) -> String {
        let name = self.visitor_name(ticket.visitor.name.as_ref());
        let mut text = if self.fr() {
            format!("✅ Réponse envoyée au ticket {} ({name}).", ticket.number)
        } else {
            format!("✅ Reply sent to ticket {} ({name}).", ticket.number)
        };
        if previous_status == Status::Closed {
            text.push_str(if self.fr() {
                "\n🔓 Le ticket était fermé : il est de nouveau en attente du client."
            } else {
                "\n🔓 The ticket was closed: it is pending again."
            });
        }
        text
    }

    /// No ticket has this number.
    pub fn ticket_not_found(&self, number: TicketNumber) -> String {
        if self.fr() {
            format!("❌ Le ticket {number} n'existe pas. Voir /tickets")
        } else {
            format!("❌ Ticket {number} does not exist. See /tickets")
        }
    }

    /// `/close` on a closed ticket.
    pub fn already_closed(&self, number: TicketNumber) -> String {
        if self.fr() {
            format!("ℹ️ Le ticket {number} est déjà fermé. Pour le rouvrir : /reopen {number}")
        } else {
            format!("ℹ️ Ticket {number} is already closed. To reopen it: /reopen {number}")
        }
    }

    /// `/reopen` on a ticket that is not closed.
    pub fn not_closed(&self, number: TicketNumber, status: Status) -> String {
        let status = format!("{} {}", status_icon(status), status.as_str().to_uppercase());
        if self.fr() {
            format!("ℹ️ Le ticket {number} n'est pas fermé (status: {status}).")
        } else {
            format!("ℹ️ Ticket {number} is not closed (status: {status}).")
        }
    }

    /// Plain text with no ticket to go to.
    pub fn no_reply_target(&self) -> String {
        if self.fr() {
            "🤔 À quel ticket répondre ? Répondez (glisser → Répondre) à la notification du \
             ticket, ouvrez-le avec /ticket T1001 puis écrivez, ou tapez /reply T1001 votre message."
                .to_owned()
        } else {
            "🤔 Which ticket is this for? Reply (swipe → Reply) to the ticket's notification, open \
             it with /ticket T1001 and then type, or send /reply T1001 your message."
                .to_owned()
        }
    }

    /// A command that could not be understood, with its usage line.
    pub fn command_error(&self, error: &CommandError) -> String {
        let fr = self.fr();
        let problem = match error {
            CommandError::UnknownCommand(name) | CommandError::AddressedToAnotherBot(name) => {
                return if fr {
                    format!(
                        "❓ Commande inconnue : {name}. Tapez /help pour la liste des commandes."
                    )
                } else {
                    format!("❓ Unknown command: {name}. Send /help for the list of commands.")
                };
            }
            CommandError::MissingArgument(_) => if fr {
                "⚠️ Il manque un argument."
            } else {
                "⚠️ An argument is missing."
            }
            .to_owned(),
            CommandError::UnexpectedArgument(_, extra) => {
                if fr {
                    format!("⚠️ Argument en trop : « {extra} ».")
                } else {
                    format!("⚠️ Unexpected argument: “{extra}”.")
                }
            }
            CommandError::InvalidTicketNumber(_, _) => {
                if fr {
                    "⚠️ Ce n'est pas un numéro de ticket (exemple : T1001).".to_owned()
                } else {
                    "⚠️ That is not a ticket number (example: T1001).".to_owned()
                }
            }
            CommandError::InvalidPriority(_, word) => {
                if fr {
                    format!("⚠️ Priorité inconnue : « {word} ». Priorités : low 🟢, medium 🟡, high 🔴, urgent 🚨.")
                } else {
                    format!("⚠️ Unknown priority: “{word}”. Priorities: low 🟢, medium 🟡, high 🔴, urgent 🚨.")
                }
            }
            CommandError::InvalidListArgument(_, word) => {
                if fr {
                    format!("⚠️ « {word} » n'est ni un filtre (open, pending, closed, urgent, all) ni un numéro de page.")
                } else {
                    format!("⚠️ “{word}” is neither a filter (open, pending, closed, urgent, all) nor a page number.")
                }
            }
            CommandError::InvalidText(_, MessageTextError::Blank) => if fr {
                "⚠️ Le message est vide."
            } else {
                "⚠️ The message is empty."
            }
            .to_owned(),
            CommandError::InvalidText(_, MessageTextError::TooLong { chars }) => {
                if fr {
                    format!("⚠️ Le message fait {chars} caractères ; la limite est 4000. Coupez-le en plusieurs messages.")
                } else {
                    format!("⚠️ The message is {chars} characters long; the limit is 4000. Split it into several messages.")
                }
            }
        };
        match error.command() {
            Some(command) => format!(
                "{problem}\n{} {}",
                if fr { "Usage :" } else { "Usage:" },
                command.usage()
            ),
            None => problem,
        }
    }

    /// `/help`: every command, and how replies are routed.
    pub fn help(&self) -> String {
        let fr = self.fr();
        let mut out = if fr {
            "🎫 AIDE — COMMANDES DISPONIBLES\n\n"
        } else {
            "🎫 HELP — AVAILABLE COMMANDS\n\n"
        }
        .to_owned();
        for command in CommandName::ALL {
            let line = match (command, fr) {
                (CommandName::Tickets, true) => "📋 /tickets — les tickets ouverts et en attente, les plus urgents d'abord\n   /tickets open|pending|closed|urgent|all [page]",
                (CommandName::Tickets, false) => "📋 /tickets — open and pending tickets, most urgent first\n   /tickets open|pending|closed|urgent|all [page]",
                (CommandName::Ticket, true) => "🎫 /ticket T1001 — détails et conversation d'un ticket",
                (CommandName::Ticket, false) => "🎫 /ticket T1001 — a ticket's details and conversation",
                (CommandName::Reply, true) => "💬 /reply T1001 votre message — répondre à un ticket",
                (CommandName::Reply, false) => "💬 /reply T1001 your message — reply to a ticket",
                (CommandName::Close, true) => "✅ /close T1001 — fermer un ticket",
                (CommandName::Close, false) => "✅ /close T1001 — close a ticket",
                (CommandName::Reopen, true) => "🔓 /reopen T1001 — rouvrir un ticket fermé",
                (CommandName::Reopen, false) => "🔓 /reopen T1001 — reopen a closed ticket",
                (CommandName::Priority, true) => "🚨 /priority T1001 urgent — changer la priorité (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
                (CommandName::Priority, false) => "🚨 /priority T1001 urgent — change the priority (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
                (CommandName::Stats, true) => "📊 /stats — statistiques détaillées",
                (CommandName::Stats, false) => "📊 /stats — detailed statistics",
                (CommandName::Help, true) => "❓ /help — cette aide",
                (CommandName::Help, false) => "❓ /help — this help",
                (CommandName::Start, _) => continue,
            };
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(if fr {
            "\n↩️ Pour répondre à un client : répondez à la notification de son ticket, ou ouvrez-le \
             avec /ticket T1001 puis écrivez simplement votre message."
        } else {
            "\n↩️ To answer a visitor: reply to their ticket's notification, or open it with \
             /ticket T1001 and then just type your message."
        });
        out
    }

    /// `/start`: a greeting, then the help.
    pub fn start(&self) -> String {
        let greeting = if self.fr() {
            "👋 Bonjour ! Ce bot vous prévient de chaque message laissé sur votre site et vous \
             permet d'y répondre d'ici.\n\n"
        } else {
            "👋 Hello! This bot tells you about every message left on your site and lets you \
             answer from here.\n\n"
        };
        format!("{greeting}{}", self.help())
    }

    /// The only answer a chat that is not an operator's ever gets.
    pub fn not_authorised(&self) -> String {
        if self.fr() {
            "⛔ Ce bot est réservé à l'équipe support.".to_owned()
        } else {
            "⛔ This bot is for the support team only.".to_owned()
        }
    }

    /// A photo, sticker, voice note or other non-text message.
    pub fn text_only(&self) -> String {
        if self.fr() {
            "📎 Seuls les messages texte sont pris en charge pour l'instant.".to_owned()
        } else {
            "📎 Only text messages are supported for now.".to_owned()
        }
    }

    /// A typed line that is not text (not valid UTF-8) or is too long to be a command or a
    /// reply: nothing was done with it.
    pub fn unreadable_line(&self) -> String {
        if self.fr() {
            "⚠️ Ligne illisible (texte UTF-8 invalide ou trop long) : ignorée. Retapez-la."
                .to_owned()
        } else {
            "⚠️ Unreadable line (invalid UTF-8 text, or too long): ignored. Please type it again."
                .to_owned()
        }
    }

    /// Storage failed: nothing was done.
    pub fn internal_error(&self) -> String {
        if self.fr() {
            "⚠️ Erreur interne : rien n'a été enregistré. Réessayez dans un instant.".to_owned()
        } else {
            "⚠️ Internal error: nothing was saved. Please try again in a moment.".to_owned()
        }
    }

    /// The system note visitors see when the support closes their ticket.
    pub fn note_closed(&self) -> &'static str {
        if self.fr() {
            "Conversation fermée par le support. Écrivez-nous à nouveau si besoin."
        } else {
            "Conversation closed by the support. Write again if you need anything."
        }
    }

    /// The system note visitors see when the support reopens their ticket.
    pub fn note_reopened(&self) -> &'static str {
        if self.fr() {
            "Conversation rouverte par le support."
        } else {
            "Conversation reopened by the support."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse_operator_input;
    use crate::render::test_support::paris_clock;
    use crate::render::{fits_in_one_message, Locale};

    fn render_error(raw: &str, locale: Locale) -> String {
        let clock = paris_clock();
        let error = parse_operator_input(raw, None).unwrap_err();
        Renderer::new(locale, &clock).command_error(&error)
    }

    #[test]
    fn the_priority_change_reads_as_in_the_guide() {
        let clock = paris_clock();
        let n = TicketNumber::new(1001).unwrap();
        assert_eq!(
            Renderer::new(Locale::Fr, &clock).priority_changed(
                n,
                Priority::Medium,
                Priority::Urgent
            ),
            "🚨 Priorité du ticket T1001 changée de medium → urgent"
        );
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
    fn help_lists_every_command_in_both_languages() {
        let clock = paris_clock();
        for locale in [Locale::Fr, Locale::En] {
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
            assert!(fits_in_one_message(&Renderer::new(locale, &clock).start()));
        }
    }
}
