//! What a forum group shows: each ticket's topic name (`🟡 T1001 · Jean Dupont`), the visitor's
//! messages posted in the topic, and the one-line announcement of a new ticket in General.

use super::Renderer;
use crate::notification::OperatorNotification;
use crate::ticket::{Priority, Status, TicketNumber, VisitorMessageEffect};
use crate::values::DisplayName;

/// Telegram's limit for a topic name, in characters.
pub const MAX_TOPIC_NAME_CHARS: usize = 128;
/// How much of the first message the announcement in General quotes, in characters.
const ANNOUNCEMENT_EXCERPT_CHARS: usize = 80;

impl Renderer<'_> {
    /// The name of a ticket's topic: its icon (✅ once closed, else the priority's), its
    /// number and the visitor's name, cut to Telegram's 128 characters (with `…`).
    pub fn topic_name(
        &self,
        number: TicketNumber,
        priority: Priority,
        status: Status,
        visitor: Option<&DisplayName>,
    ) -> String {
        let icon = match status {
            Status::Closed => "✅",
            Status::Open | Status::Pending => priority.icon(),
        };
        let name = format!("{icon} {number} · {}", self.visitor_name(visitor));
        truncate_chars(&name, MAX_TOPIC_NAME_CHARS)
    }

    /// A visitor message as its ticket's topic shows it: the guide's whole card for a new
    /// ticket (the topic's first message), the text alone for a follow-up (the topic says which
    /// ticket it is), the reopening heading then the text when it reopened the ticket.
    pub fn topic_message(&self, n: &OperatorNotification) -> String {
        match n.effect {
            VisitorMessageEffect::Created => self.notification(n),
            VisitorMessageEffect::Appended => format!("💬 {}", n.text),
            VisitorMessageEffect::Reopened => format!(
                "{}\n💬 {}",
                (self.texts.notification.reopened)(n.ticket),
                n.text
            ),
        }
    }

    /// Several visitor messages of one ticket as its topic shows them when they are sent
    /// together (delivery fell behind): one line each, in order.
    pub fn topic_messages(&self, notifications: &[OperatorNotification]) -> String {
        notifications
            .iter()
            .map(|n| self.topic_message(n))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The announcement of a new ticket in the forum's General topic: `🆕 T1001 · Jean Dupont:
    /// the start of the first message…`.
    pub fn topic_announcement(&self, n: &OperatorNotification) -> String {
        let excerpt = truncate_chars(n.text.trim(), ANNOUNCEMENT_EXCERPT_CHARS);
        let excerpt = excerpt.replace(['\n', '\r'], " ");
        format!(
            "🆕 {} · {}: {excerpt}",
            n.ticket,
            self.visitor_name(n.visitor_name.as_ref())
        )
    }
}

/// `text` cut to at most `max` characters, the last one `…` when it was cut.
fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::Locale;

    fn t1001() -> TicketNumber {
        TicketNumber::new(1001).unwrap()
    }

    fn jean() -> DisplayName {
        DisplayName::new("Jean Dupont").unwrap()
    }

    fn message(effect: VisitorMessageEffect, text: &str) -> OperatorNotification {
        OperatorNotification {
            effect,
            ticket: t1001(),
            visitor_name: Some(jean()),
            visitor_email: None,
            text: text.to_owned(),
            sent_at: Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap(),
            page: None,
            device: None,
        }
    }

    #[test]
    fn the_topic_name_follows_priority_and_status() {
        let clock = paris_clock();
        let r = Renderer::new(Locale::Fr, &clock);
        let name = |priority, status| r.topic_name(t1001(), priority, status, Some(&jean()));
        assert_eq!(
            name(Priority::Medium, Status::Open),
            "🟡 T1001 · Jean Dupont"
        );
        assert_eq!(
            name(Priority::Urgent, Status::Pending),
            "🚨 T1001 · Jean Dupont"
        );
        assert_eq!(
            name(Priority::Low, Status::Closed),
            "✅ T1001 · Jean Dupont"
        );
        assert_eq!(
            r.topic_name(t1001(), Priority::High, Status::Open, None),
            "🔴 T1001 · Visiteur anonyme"
        );
    }

    #[test]
    fn the_longest_name_fits_and_a_longer_text_is_cut() {
        let clock = paris_clock();
        let longest = DisplayName::new(&"é".repeat(crate::values::MAX_NAME_CHARS)).unwrap();
        let name = Renderer::new(Locale::Fr, &clock).topic_name(
            TicketNumber::new(u32::MAX).unwrap(),
            Priority::Medium,
            Status::Open,
            Some(&longest),
        );
        assert!(name.chars().count() <= MAX_TOPIC_NAME_CHARS, "{name}");
        assert!(name.ends_with('é'), "{name}");
        let cut = truncate_chars(&"x".repeat(200), MAX_TOPIC_NAME_CHARS);
        assert_eq!(cut.chars().count(), MAX_TOPIC_NAME_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_chars("court", MAX_TOPIC_NAME_CHARS), "court");
    }

    #[test]
    fn a_follow_up_in_its_topic_is_the_text_alone() {
        let clock = paris_clock();
        let r = Renderer::new(Locale::Fr, &clock);
        assert_eq!(
            r.topic_message(&message(VisitorMessageEffect::Appended, "Merci")),
            "💬 Merci"
        );
        let reopened = r.topic_message(&message(VisitorMessageEffect::Reopened, "Encore moi"));
        assert!(reopened.ends_with("\n💬 Encore moi"), "{reopened}");
        assert!(reopened.contains("T1001"), "{reopened}");
        let card = r.topic_message(&message(VisitorMessageEffect::Created, "Bonjour"));
        assert!(card.starts_with("🆕 NOUVEAU TICKET T1001"), "{card}");
    }

    #[test]
    fn the_announcement_is_one_short_line() {
        let clock = paris_clock();
        let text = format!("Bonjour\nj'ai un souci {}", "x".repeat(200));
        let line = Renderer::new(Locale::Fr, &clock)
            .topic_announcement(&message(VisitorMessageEffect::Created, &text));
        assert!(line.starts_with("🆕 T1001 · Jean Dupont: Bonjour j'ai un souci"));
        assert!(!line.contains('\n'));
        assert!(line.ends_with('…'));
    }
}
