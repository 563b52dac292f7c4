//! `/ticket T1001`: a ticket's details and the latest messages of its conversation.

use super::format::{excerpt, shorten, utf16_len};
use super::{Renderer, MAX_MESSAGE_UTF16};
use chrono::{DateTime, Utc};

use crate::ticket::{Author, Message, Note, Status, TicketHistory};
use crate::values::Operator;

/// How many characters of one message the view shows.
const MESSAGE_CHARS: usize = 700;
/// How many characters of the subject the view shows.
const SUBJECT_CHARS: usize = 60;

impl Renderer<'_> {
    /// The guide's `🎫 TICKET T1001` view. The conversation shows the latest messages that fit
    /// in one Telegram message, each cut to 700 characters, and says how many older ones were
    /// left out.
    pub fn ticket_view(&self, history: &TicketHistory) -> String {
        let texts = &self.texts.view;
        let labels = &self.texts.labels;
        let ticket = &history.ticket;
        let mut head = vec![(texts.title)(ticket.number), String::new()];
        head.push(format!(
            "{} {}: {}",
            status_icon(ticket.status),
            labels.status,
            ticket.status.as_str().to_uppercase()
        ));
        head.push(format!(
            "{} {}: {}",
            ticket.priority.icon(),
            labels.priority,
            ticket.priority.as_str().to_uppercase()
        ));
        head.push(format!(
            "👤 {}: {}",
            labels.visitor,
            self.visitor_name(ticket.visitor.name.as_ref())
        ));
        if let Some(email) = &ticket.visitor.email {
            head.push(format!("📧 {}: {email}", labels.email));
        }
        if let Some(assignee) = &ticket.assignee {
            head.push(format!("👥 {}: {}", texts.assignee, assignee.name));
        }
        head.push(format!(
            "📝 {}: {}",
            labels.subject,
            excerpt(&ticket.subject, SUBJECT_CHARS)
        ));
        head.push(format!(
            "📅 {}: {}",
            texts.created,
            self.date_time(ticket.created_at)
        ));
        head.push(format!(
            "⏰ {}: {}",
            texts.last_activity,
            self.date_time(ticket.last_activity_at)
        ));
        if let Some(closed_at) = ticket.closed_at {
            head.push(format!(
                "🔒 {}: {}",
                texts.closed,
                self.date_time(closed_at)
            ));
        }
        if let Some(page) = &ticket.last_page {
            head.push(format!("🌐 {}: {page}", labels.page));
        }
        if let Some(device) = ticket.last_device {
            head.push(self.device(device).to_owned());
        }
        head.push(String::new());
        head.push(texts.conversation.to_owned());
        let head = head.join("\n");

        let footer = format!("\n\n{}", (texts.reply_here)(ticket.number));
        // Room for the conversation, keeping some for the "older messages" line.
        let budget = MAX_MESSAGE_UTF16.saturating_sub(utf16_len(&head) + utf16_len(&footer) + 80);

        let mut shown: Vec<String> = Vec::new();
        let mut used = 0;
        let entries = entries(history);
        for (index, entry) in entries.iter().enumerate().rev() {
            let previous = index.checked_sub(1).map(|i| entries[i].at());
            let block = self.entry_block(entry, previous, &ticket.visitor.name);
            let cost = utf16_len(&block) + 2;
            if used + cost > budget {
                break;
            }
            used += cost;
            shown.push(block);
        }
        shown.reverse();
        let notes_shown = entries
            .iter()
            .rev()
            .take(shown.len())
            .filter(|entry| matches!(entry, Entry::Note(_)))
            .count();
        let messages_shown = (shown.len() - notes_shown) as u64;
        let hidden = history.total_messages.saturating_sub(messages_shown);

        let mut out = head;
        if hidden > 0 {
            out.push('\n');
            out.push_str(&(texts.hidden)(hidden));
        }
        if !shown.is_empty() {
            out.push('\n');
            out.push_str(&shown.join("\n\n"));
        }
        if ticket.status != Status::Closed {
            out.push_str(&footer);
        }
        out.trim_end().to_owned()
    }

    fn entry_block(
        &self,
        entry: &Entry<'_>,
        previous: Option<DateTime<Utc>>,
        visitor_name: &Option<crate::values::DisplayName>,
    ) -> String {
        let view = &self.texts.view;
        let (who, text) = match entry {
            Entry::Message(message) => {
                let who = match message.author {
                    Author::Visitor => format!("👤 {}", self.visitor_name(visitor_name.as_ref())),
                    Author::Operator => with_operator(view.support, message.operator.as_ref()),
                    Author::System => view.system.to_owned(),
                };
                (who, message.text.as_str())
            }
            Entry::Note(note) => (
                with_operator(view.note, note.operator.as_ref()),
                note.text.as_str(),
            ),
        };
        let local = self.clock.local(entry.at());
        let same_day_as_previous =
            previous.is_none_or(|p| self.clock.local(p).date() == local.date());
        let when = if same_day_as_previous {
            local.format("%H:%M").to_string()
        } else {
            local.format(self.texts.date_time).to_string()
        };
        format!("{who} ({when}):\n\"{}\"", shorten(text, MESSAGE_CHARS))
    }
}

/// `🎧 Support · Marie`: the author's label with the team member's name, when known.
fn with_operator(label: &str, operator: Option<&Operator>) -> String {
    match operator {
        Some(operator) => format!("{label} · {}", operator.name),
        None => label.to_owned(),
    }
}

/// A line of the conversation as the team sees it: a message, or one of the team's notes.
enum Entry<'h> {
    Message(&'h Message),
    Note(&'h Note),
}

impl Entry<'_> {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Message(message) => message.sent_at,
            Self::Note(note) => note.written_at,
        }
    }
}

/// The messages and the notes of `history` in time order (a note after the messages of its
/// instant).
fn entries(history: &TicketHistory) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = history.messages.iter().map(Entry::Message).collect();
    entries.extend(history.notes.iter().map(Entry::Note));
    entries.sort_by_key(|entry| (entry.at(), matches!(entry, Entry::Note(_))));
    entries
}

/// The guide's status icons: 🟢 open, ⏳ pending, 🔴 closed.
pub(super) fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Open => "🟢",
        Status::Pending => "⏳",
        Status::Closed => "🔴",
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::{fits_in_one_message, Locale};
    use crate::ticket::{MessageId, Priority, Ticket, TicketNumber};
    use crate::values::{DisplayName, Email};
    use crate::visitor::{VisitorId, VisitorProfile};

    fn history(messages: Vec<(Author, &str, i64)>, total: u64) -> TicketHistory {
        let start = Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap();
        let messages: Vec<Message> = messages
            .into_iter()
            .enumerate()
            .map(|(i, (author, text, minutes))| Message {
                id: MessageId(i as i64 + 1),
                author,
                text: text.into(),
                sent_at: start + Duration::minutes(minutes),
                page: None,
                operator: None,
            })
            .collect();
        TicketHistory {
            ticket: Ticket {
                number: TicketNumber::new(1001).unwrap(),
                visitor: VisitorProfile {
                    id: VisitorId(1),
                    name: Some(DisplayName::new("Jean Dupont").unwrap()),
                    email: Some(Email::new("jean@email.com").unwrap()),
                },
                subject: "Problème avec ma commande...".into(),
                status: Status::Open,
                priority: Priority::Medium,
                created_at: start,
                last_activity_at: start + Duration::minutes(110),
                closed_at: None,
                last_page: None,
                last_device: None,
                assignee: None,
            },
            messages,
            total_messages: total,
            notes: Vec::new(),
        }
    }

    #[test]
    fn notes_and_the_names_of_who_answered_are_in_the_conversation() {
        let clock = paris_clock();
        let mut h = history(
            vec![
                (Author::Visitor, "Bonjour", 0),
                (Author::Operator, "Bonjour Jean", 5),
            ],
            2,
        );
        let marie = Operator::from_telegram(501, "Marie").unwrap();
        h.messages[1].operator = Some(marie.clone());
        h.notes.push(Note {
            text: "client fidèle, geste commercial ok".into(),
            operator: Some(marie),
            written_at: h.messages[0].sent_at + Duration::minutes(2),
        });

        let text = Renderer::new(Locale::Fr, &clock).ticket_view(&h);

        let visitor = text.find("👤 Jean Dupont (14:30)").unwrap();
        let note = text
            .find("🔒 Note interne · Marie (14:32):\n\"client fidèle, geste commercial ok\"")
            .unwrap();
        let reply = text
            .find("🎧 Support · Marie (14:35):\n\"Bonjour Jean\"")
            .unwrap();
        assert!(visitor < note && note < reply, "{text}");
        assert!(
            !text.contains("plus ancien"),
            "notes are not hidden messages: {text}"
        );
    }

    #[test]
    fn a_ticket_is_shown_as_the_guide_shows_it() {
        let clock = paris_clock();
        let h = history(
            vec![
                (
                    Author::Visitor,
                    "Bonjour, j'ai un problème avec ma commande",
                    0,
                ),
                (
                    Author::Operator,
                    "Bonjour Jean, pouvez-vous me donner plus de détails ?",
                    5,
                ),
            ],
            2,
        );
        let text = Renderer::new(Locale::Fr, &clock).ticket_view(&h);
        assert_eq!(
            text,
            "🎫 TICKET T1001\n\n\
             🟢 Status: OPEN\n\
             🟡 Priorité: MEDIUM\n\
             👤 Client: Jean Dupont\n\
             📧 Email: jean@email.com\n\
             📝 Sujet: Problème avec ma commande...\n\
             📅 Créé: 15/01/2024 14:30\n\
             ⏰ Dernière activité: 15/01/2024 16:20\n\n\
             💬 CONVERSATION:\n\
             👤 Jean Dupont (14:30):\n\"Bonjour, j'ai un problème avec ma commande\"\n\n\
             🎧 Support (14:35):\n\"Bonjour Jean, pouvez-vous me donner plus de détails ?\"\n\n\
             ↩️ Écrivez votre réponse : elle ira au ticket T1001."
        );
    }

    #[test]
    fn a_long_conversation_shows_the_latest_messages_and_counts_the_hidden_ones() {
        let clock = paris_clock();
        let long = "x".repeat(4_000);
        let messages: Vec<(Author, &str, i64)> = (0..30)
            .map(|i| (Author::Visitor, long.as_str(), i))
            .collect();
        let text = Renderer::new(Locale::Fr, &clock).ticket_view(&history(messages, 130));
        assert!(fits_in_one_message(&text), "{} units", utf16_len(&text));
        let shown = text.matches("👤 Jean Dupont (").count() as u64;
        assert!(shown >= 3, "{shown}");
        assert!(text.contains(&format!(
            "({} message(s) plus ancien(s) non affiché(s))",
            130 - shown
        )));
        assert!(text.contains(" […]\""));
    }

    #[test]
    fn a_spanish_ticket_keeps_the_layout_of_the_guide() {
        let clock = paris_clock();
        let h = history(vec![(Author::Operator, "Hola", 0)], 4);
        let text = Renderer::new(Locale::Es, &clock).ticket_view(&h);
        assert!(text.starts_with(
            "🎫 TICKET T1001\n\n🟢 Estado: OPEN\n🟡 Prioridad: MEDIUM\n👤 Cliente: Jean Dupont\n"
        ));
        assert!(text.contains("\n💬 CONVERSACIÓN:\n(3 mensaje(s) anterior(es) no mostrado(s))\n"));
        assert!(text.ends_with(
            "🎧 Soporte (14:30):\n\"Hola\"\n\n↩️ Escriba su respuesta: irá al ticket T1001."
        ));
    }

    #[test]
    fn a_long_conversation_fits_in_one_message_in_every_language() {
        let clock = paris_clock();
        let long = "🎉".repeat(3_000);
        let messages: Vec<(Author, &str, i64)> = (0..30)
            .map(|i| (Author::Visitor, long.as_str(), i * 60 * 24))
            .collect();
        for locale in Locale::ALL {
            let text = Renderer::new(locale, &clock).ticket_view(&history(messages.clone(), 9_999));
            assert!(
                fits_in_one_message(&text),
                "{locale:?}: {} units",
                utf16_len(&text)
            );
        }
    }

    #[test]
    fn a_message_on_another_day_shows_its_date() {
        let clock = paris_clock();
        let h = history(
            vec![(Author::Visitor, "a", 0), (Author::System, "b", 60 * 24)],
            2,
        );
        let text = Renderer::new(Locale::En, &clock).ticket_view(&h);
        assert!(
            text.contains("⚙️ System (16/01/2024 14:30):\n\"b\""),
            "{text}"
        );
    }
}
