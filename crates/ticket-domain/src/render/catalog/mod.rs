//! Every operator text, in one catalog per language: `fr.rs` (the product guide's texts),
//! `en.rs`, `es.rs`, `de.rs`. A catalog is a value of [`Catalog`]: a text missing from one is a
//! compile error, and a text with values is a function whose `format!` the compiler checks.
//!
//! A sentence is in the catalog whole, emoji included (a test checks that every language has
//! the French emoji in the French order); a line of a field and its value (`👤 Client: Jean`)
//! is laid out by the renderer, the catalog giving the field's word. Adding a language is one
//! file here, a [`Locale`] variant and its arm in [`Locale::catalog`].

mod de;
mod en;
mod es;
mod fr;

use super::Locale;
use crate::command::{Button, CommandName};
use crate::ticket::{Priority, TicketNumber};

/// The texts of one language.
pub(crate) struct Catalog {
    /// A date and time as `chrono` formats it: `%d/%m/%Y %H:%M`.
    pub(crate) date_time: &'static str,
    /// Field names shared by several texts.
    pub(crate) labels: Labels,
    /// The notification of a visitor's message.
    pub(crate) notification: NotificationTexts,
    /// `/tickets`.
    pub(crate) list: ListTexts,
    /// `/ticket T1001`.
    pub(crate) view: ViewTexts,
    /// `/stats`.
    pub(crate) stats: StatsTexts,
    /// The answers to commands and replies, and the notes visitors see.
    pub(crate) answers: AnswerTexts,
    /// A command that could not be understood.
    pub(crate) errors: ErrorTexts,
    /// `/help` and `/start`.
    pub(crate) help: HelpTexts,
    /// Each listed command's words in `/help` and in the chat's command menu.
    pub(crate) commands: CommandTexts,
    /// Digests of several tickets' notifications.
    pub(crate) digest: DigestTexts,
    /// The words of the notification's buttons.
    pub(crate) buttons: ButtonTexts,
}

/// Field names shared by several texts (`👤 Client: …`).
pub(crate) struct Labels {
    /// The visitor, in a notification, a ticket, a confirmation: `Client`.
    pub(crate) visitor: &'static str,
    /// A visitor who gave no name: `Visiteur anonyme`.
    pub(crate) anonymous: &'static str,
    /// `Email`.
    pub(crate) email: &'static str,
    /// The visitor's text in a notification: `Message`.
    pub(crate) message: &'static str,
    /// The page of the site the visitor wrote from: `Page`.
    pub(crate) page: &'static str,
    /// A ticket's subject: `Sujet`.
    pub(crate) subject: &'static str,
    /// A ticket's status: `Status`.
    pub(crate) status: &'static str,
    /// A ticket's priority: `Priorité`.
    pub(crate) priority: &'static str,
    /// Open tickets, in the list's summary and the statistics: `Ouverts`.
    pub(crate) open: &'static str,
    /// Pending tickets: `En attente`.
    pub(crate) pending: &'static str,
    /// Closed tickets: `Fermés`.
    pub(crate) closed: &'static str,
    /// The device line of a phone: `📱 Mobile`.
    pub(crate) mobile: &'static str,
    /// Of a tablet: `📱 Tablette`.
    pub(crate) tablet: &'static str,
    /// Of a computer: `💻 Ordinateur`.
    pub(crate) desktop: &'static str,
}

/// The notification of a visitor's message.
pub(crate) struct NotificationTexts {
    /// The heading of a new ticket: `🆕 NOUVEAU TICKET T1001`.
    pub(crate) created: fn(TicketNumber) -> String,
    /// Of a message on an open or pending ticket: `📝 RÉPONSE TICKET T1001`.
    pub(crate) appended: fn(TicketNumber) -> String,
    /// Of a message that reopened a closed ticket: `🔓 TICKET T1001 ROUVERT PAR LE CLIENT`.
    pub(crate) reopened: fn(TicketNumber) -> String,
    /// When the visitor wrote: `Heure`.
    pub(crate) time: &'static str,
    /// `💡 Répondez avec /ticket T1001 pour voir l'historique`.
    pub(crate) history_hint: fn(TicketNumber) -> String,
    /// `🛠️ Commandes: /tickets /close T1001 /help`.
    pub(crate) commands_hint: fn(TicketNumber) -> String,
}

/// `/tickets`.
pub(crate) struct ListTexts {
    /// `🎫 GESTION DES TICKETS`.
    pub(crate) title: &'static str,
    /// `📊 Résumé:`.
    pub(crate) summary: &'static str,
    /// Every ticket, in the summary: `Total`.
    pub(crate) total: &'static str,
    /// The heading of the default list: `📋 Tickets ouverts et en attente:`.
    pub(crate) active: &'static str,
    /// Of `/tickets open`: `🟢 Tickets ouverts:`.
    pub(crate) open: &'static str,
    /// Of `/tickets pending`: `⏳ Tickets en attente:`.
    pub(crate) pending: &'static str,
    /// Of `/tickets closed`: `🔴 Tickets fermés:`.
    pub(crate) closed: &'static str,
    /// Of `/tickets urgent` (and of the statistics' urgent tickets): `🚨 Tickets urgents:`.
    pub(crate) urgent: &'static str,
    /// Of `/tickets all`: `📋 Tous les tickets:`.
    pub(crate) all: &'static str,
    /// A ticket's status in a list: `🟢 ouvert`.
    pub(crate) mark_open: &'static str,
    /// `⏳ en attente`.
    pub(crate) mark_pending: &'static str,
    /// `🔴 fermé`.
    pub(crate) mark_closed: &'static str,
    /// `📄 Page 2/3`.
    pub(crate) page: fn(u64, u64) -> String,
    /// After the page, the command of the next one: ` · suite: /tickets 3`.
    pub(crate) next_page: fn(&str) -> String,
    /// A page past the end, with the command of the first:
    /// `📄 La page 9 n'existe pas (il y a 2 page(s)). Voir /tickets 1`.
    pub(crate) no_such_page: fn(u32, u64, &str) -> String,
    /// Nothing to do: `✨ Aucun ticket à traiter. Tout est à jour !`.
    pub(crate) all_caught_up: &'static str,
    /// A filter that matches nothing: `✨ Aucun ticket ne correspond.`.
    pub(crate) no_match: &'static str,
}

/// `/ticket T1001`.
pub(crate) struct ViewTexts {
    /// `🎫 TICKET T1001`.
    pub(crate) title: fn(TicketNumber) -> String,
    /// When the ticket was created: `Créé`.
    pub(crate) created: &'static str,
    /// `Dernière activité`.
    pub(crate) last_activity: &'static str,
    /// When the ticket was closed: `Fermé`.
    pub(crate) closed: &'static str,
    /// `💬 CONVERSATION:`.
    pub(crate) conversation: &'static str,
    /// The author of the operator's messages: `🎧 Support`.
    pub(crate) support: &'static str,
    /// The author of the system's notes: `⚙️ Système`.
    pub(crate) system: &'static str,
    /// Before an internal note of the team: `🔒 Note interne`.
    pub(crate) note: &'static str,
    /// Who the ticket is assigned to: `Assigné à`.
    pub(crate) assignee: &'static str,
    /// How many older messages are not shown: `(3 message(s) plus ancien(s) non affiché(s))`.
    pub(crate) hidden: fn(u64) -> String,
    /// Under an open ticket: `↩️ Écrivez votre réponse : elle ira au ticket T1001.`.
    pub(crate) reply_here: fn(TicketNumber) -> String,
}

/// `/stats`.
pub(crate) struct StatsTexts {
    /// `📊 STATISTIQUES DÉTAILLÉES`.
    pub(crate) title: &'static str,
    /// `Tickets totaux`.
    pub(crate) total: &'static str,
    /// `Urgents`.
    pub(crate) urgent: &'static str,
    /// Tickets without activity for more than 7 days: `Anciens (>7j)`.
    pub(crate) stale: &'static str,
    /// `Créés aujourd'hui`.
    pub(crate) created_today: &'static str,
    /// `Première réponse (médiane)`.
    pub(crate) first_response: &'static str,
    /// No ticket was answered yet: `pas encore de réponse`.
    pub(crate) no_reply_yet: &'static str,
    /// The unit of days in a duration: `j` (`3 j 4 h`).
    pub(crate) day: &'static str,
    /// Urgent tickets beyond those listed: `… et 490 autre(s): /tickets urgent`.
    pub(crate) more_urgent: fn(u64) -> String,
    /// `💡 Actions recommandées:`.
    pub(crate) recommended: &'static str,
    /// `Traiter les 2 tickets urgents`.
    pub(crate) handle_urgent: fn(u64) -> String,
    /// `Relancer ou fermer les 7 tickets anciens (>7j)`.
    pub(crate) follow_up_stale: fn(u64) -> String,
    /// `Répondre aux 3 tickets ouverts: /tickets open`.
    pub(crate) answer_open: fn(u64) -> String,
    /// `Rien à faire, tout est à jour 🎉`.
    pub(crate) nothing_to_do: &'static str,
}

/// The answers to commands and replies, and the notes visitors see.
pub(crate) struct AnswerTexts {
    /// `✅ Ticket T1001 fermé avec succès.`.
    pub(crate) closed: fn(TicketNumber) -> String,
    /// `🔓 Ticket T1001 rouvert avec succès.`.
    pub(crate) reopened: fn(TicketNumber) -> String,
    /// `/priority` to the priority the ticket has: `ℹ️ Le ticket T1001 est déjà en priorité high.`.
    pub(crate) same_priority: fn(TicketNumber, Priority) -> String,
    /// From, to, with the new priority's icon:
    /// `🚨 Priorité du ticket T1001 changée de medium → urgent`.
    pub(crate) priority_changed: fn(TicketNumber, Priority, Priority) -> String,
    /// With the visitor's name: `✅ Réponse envoyée au ticket T1001 (Jean Dupont).`.
    pub(crate) reply_sent: fn(TicketNumber, &str) -> String,
    /// An internal note stored: `🔒 Note ajoutée au ticket T1001 (visible de l'équipe
    /// seulement).`.
    pub(crate) note_added: fn(TicketNumber) -> String,
    /// `👥 Ticket T1001 assigné à Marie.`.
    pub(crate) assigned: fn(TicketNumber, &str) -> String,
    /// `👥 Le ticket T1001 n'est plus assigné.`.
    pub(crate) unassigned: fn(TicketNumber) -> String,
    /// `/assign` without a colleague's message replied to: how to name them.
    pub(crate) assign_how: fn(TicketNumber) -> String,
    /// `/take` from nobody known (the console).
    pub(crate) take_needs_telegram: &'static str,
    /// After it, when the reply reopened the ticket: `🔓 Le ticket était fermé : …`.
    pub(crate) reply_reopened: &'static str,
    /// `❌ Le ticket T4242 n'existe pas. Voir /tickets`.
    pub(crate) not_found: fn(TicketNumber) -> String,
    /// `/close` on a closed ticket.
    pub(crate) already_closed: fn(TicketNumber) -> String,
    /// `/reopen` on a ticket that is not closed, with its status (`🟢 OPEN`).
    pub(crate) not_closed: fn(TicketNumber, &str) -> String,
    /// Plain text with no ticket to go to.
    pub(crate) no_reply_target: &'static str,
    /// The only answer a chat that is not an operator's gets.
    pub(crate) not_authorised: &'static str,
    /// A photo, sticker, voice note or other non-text message.
    pub(crate) text_only: &'static str,
    /// A console line that is not UTF-8 or is too long.
    pub(crate) unreadable_line: &'static str,
    /// Storage failed: nothing was done.
    pub(crate) internal_error: &'static str,
    /// The note visitors see when the support closes their ticket.
    pub(crate) note_closed: &'static str,
    /// The note visitors see when the support reopens their ticket.
    pub(crate) note_reopened: &'static str,
}

/// A command that could not be understood (the usage line follows, but for unknown commands).
pub(crate) struct ErrorTexts {
    /// `❓ Commande inconnue : /frob. …`.
    pub(crate) unknown_command: fn(&str) -> String,
    /// `⚠️ Il manque un argument.`.
    pub(crate) missing_argument: &'static str,
    /// `⚠️ Argument en trop : « now ».`.
    pub(crate) unexpected_argument: fn(&str) -> String,
    /// `⚠️ Ce n'est pas un numéro de ticket (exemple : T1001).`.
    pub(crate) not_a_ticket_number: &'static str,
    /// `⚠️ Priorité inconnue : « critical ». …`.
    pub(crate) unknown_priority: fn(&str) -> String,
    /// A `/tickets` argument that is neither a filter nor a page number.
    pub(crate) not_a_filter: fn(&str) -> String,
    /// `⚠️ Le message est vide.`.
    pub(crate) empty_message: &'static str,
    /// A message of so many characters (more than the limit, 4,000).
    pub(crate) too_long: fn(usize) -> String,
    /// Before the usage line: `Usage :`.
    pub(crate) usage: &'static str,
}

/// `/help` and `/start`.
pub(crate) struct HelpTexts {
    /// `🎫 AIDE — COMMANDES DISPONIBLES`.
    pub(crate) title: &'static str,
    /// What `{message}` in a command's example stands for: `votre message`.
    pub(crate) example_message: &'static str,
    /// The last paragraph: how to answer a visitor.
    pub(crate) footer: &'static str,
    /// `/start`'s greeting, before the help.
    pub(crate) greeting: &'static str,
}

/// A listed command's words.
pub(crate) struct CommandWords {
    /// After its example in `/help`: `fermer un ticket`.
    pub(crate) help: &'static str,
    /// Its description in the chat's command menu, before its example if it has one: `Fermer`.
    pub(crate) menu: &'static str,
}

/// Each listed command's words, and how the menu adds an example.
pub(crate) struct CommandTexts {
    /// `/tickets`.
    pub(crate) tickets: CommandWords,
    /// `/ticket`.
    pub(crate) ticket: CommandWords,
    /// `/reply`.
    pub(crate) reply: CommandWords,
    /// `/note`.
    pub(crate) note: CommandWords,
    /// `/take`.
    pub(crate) take: CommandWords,
    /// `/assign`.
    pub(crate) assign: CommandWords,
    /// `/unassign`.
    pub(crate) unassign: CommandWords,
    /// `/close`.
    pub(crate) close: CommandWords,
    /// `/reopen`.
    pub(crate) reopen: CommandWords,
    /// `/priority`.
    pub(crate) priority: CommandWords,
    /// `/stats`.
    pub(crate) stats: CommandWords,
    /// `/help`.
    pub(crate) help: CommandWords,
    /// What `{message}` stands for in the menu's examples (shorter than in `/help`): `message`.
    pub(crate) menu_message: &'static str,
    /// A menu description and the command's example: `Fermer : /close T1001`.
    pub(crate) menu_with_example: fn(&str, &str) -> String,
}

impl CommandTexts {
    /// The words of a command that `/help` and the menu list (none for `/start`).
    pub(crate) fn of(&self, command: CommandName) -> Option<&CommandWords> {
        match command {
            CommandName::Tickets => Some(&self.tickets),
            CommandName::Ticket => Some(&self.ticket),
            CommandName::Reply => Some(&self.reply),
            CommandName::Note => Some(&self.note),
            CommandName::Take => Some(&self.take),
            CommandName::Assign => Some(&self.assign),
            CommandName::Unassign => Some(&self.unassign),
            CommandName::Close => Some(&self.close),
            CommandName::Reopen => Some(&self.reopen),
            CommandName::Priority => Some(&self.priority),
            CommandName::Stats => Some(&self.stats),
            CommandName::Help => Some(&self.help),
            CommandName::Start => None,
        }
    }
}

/// Digests of several tickets' notifications.
pub(crate) struct DigestTexts {
    /// The first line of a digest of so many (two or more) notifications.
    pub(crate) header: fn(usize) -> String,
    /// The last line: how to answer, with one of its tickets as the example.
    pub(crate) hint: fn(TicketNumber) -> String,
    /// The answer to a plain-text reply to a digest.
    pub(crate) reply_to_digest: &'static str,
}

/// The words of the notification's buttons (their icons are the buttons').
pub(crate) struct ButtonTexts {
    /// [`Button::View`]: `Voir`.
    pub(crate) view: &'static str,
    /// [`Button::Close`]: `Fermer`.
    pub(crate) close: &'static str,
    /// [`Button::Urgent`]: `Urgent`.
    pub(crate) urgent: &'static str,
}

impl ButtonTexts {
    /// The word of `button`.
    pub(crate) fn of(&self, button: Button) -> &'static str {
        match button {
            Button::View => self.view,
            Button::Close => self.close,
            Button::Urgent => self.urgent,
        }
    }
}

impl Locale {
    /// The catalog of this language.
    pub(crate) fn catalog(self) -> &'static Catalog {
        match self {
            Self::Fr => &fr::FR,
            Self::En => &en::EN,
            Self::Es => &es::ES,
            Self::De => &de::DE,
        }
    }
}
