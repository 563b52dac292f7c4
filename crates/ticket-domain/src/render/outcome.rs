//! Short answers to the operator: confirmations, refusals, and the notes visitors see.

use super::ticket_view::status_icon;
use super::Renderer;
use crate::ticket::{Priority, Status, Ticket, TicketNumber};

impl Renderer<'_> {
    /// `✅ Ticket T1001 fermé avec succès.` with the client and subject, as the guide shows.
    pub fn closed(&self, ticket: &Ticket) -> String {
        let labels = &self.texts.labels;
        format!(
            "{}\n👤 {}: {}\n📝 {}: \"{}\"",
            (self.texts.answers.closed)(ticket.number),
            labels.visitor,
            self.visitor_name(ticket.visitor.name.as_ref()),
            labels.subject,
            super::format::excerpt(&ticket.subject, 40)
        )
    }

    /// `🔓 Ticket T1001 rouvert avec succès.` with the client, as the guide shows.
    pub fn reopened(&self, ticket: &Ticket) -> String {
        format!(
            "{}\n👤 {}: {}",
            (self.texts.answers.reopened)(ticket.number),
            self.texts.labels.visitor,
            self.visitor_name(ticket.visitor.name.as_ref())
        )
    }

    /// `🚨 Priorité du ticket T1001 changée de medium → urgent` (the new priority's icon).
    pub fn priority_changed(&self, number: TicketNumber, from: Priority, to: Priority) -> String {
        if from == to {
            (self.texts.answers.same_priority)(number, to)
        } else {
            (self.texts.answers.priority_changed)(number, from, to)
        }
    }

    /// The confirmation that a reply went to a ticket, naming it.
    pub fn reply_sent(&self, ticket: &Ticket, previous_status: Status) -> String {
        let name = self.visitor_name(ticket.visitor.name.as_ref());
        let mut text = (self.texts.answers.reply_sent)(ticket.number, &name);
        if previous_status == Status::Closed {
            text.push('\n');
            text.push_str(self.texts.answers.reply_reopened);
        }
        text
    }

    /// An internal note was stored on `number`.
    pub fn note_added(&self, number: TicketNumber) -> String {
        (self.texts.answers.note_added)(number)
    }

    /// Ticket `number` is now `name`'s.
    pub fn assigned(&self, number: TicketNumber, name: &str) -> String {
        (self.texts.answers.assigned)(number, name)
    }

    /// Ticket `number` is nobody's now.
    pub fn unassigned(&self, number: TicketNumber) -> String {
        (self.texts.answers.unassigned)(number)
    }

    /// How to assign ticket `number` to a colleague.
    pub fn assign_how(&self, number: TicketNumber) -> String {
        (self.texts.answers.assign_how)(number)
    }

    /// `/take` from nobody known.
    pub fn take_needs_telegram(&self) -> &'static str {
        self.texts.answers.take_needs_telegram
    }

    /// No ticket has this number.
    pub fn ticket_not_found(&self, number: TicketNumber) -> String {
        (self.texts.answers.not_found)(number)
    }

    /// `/close` on a closed ticket.
    pub fn already_closed(&self, number: TicketNumber) -> String {
        (self.texts.answers.already_closed)(number)
    }

    /// `/reopen` on a ticket that is not closed.
    pub fn not_closed(&self, number: TicketNumber, status: Status) -> String {
        let status = format!("{} {}", status_icon(status), status.as_str().to_uppercase());
        (self.texts.answers.not_closed)(number, &status)
    }

    /// Plain text with no ticket to go to.
    pub fn no_reply_target(&self) -> String {
        self.texts.answers.no_reply_target.to_owned()
    }

    /// The only answer a chat that is not an operator's ever gets.
    pub fn not_authorised(&self) -> String {
        self.texts.answers.not_authorised.to_owned()
    }

    /// A photo, sticker, voice note or other non-text message.
    pub fn text_only(&self) -> String {
        self.texts.answers.text_only.to_owned()
    }

    /// A typed line that is not text (not valid UTF-8) or is too long to be a command or a
    /// reply: nothing was done with it.
    pub fn unreadable_line(&self) -> String {
        self.texts.answers.unreadable_line.to_owned()
    }

    /// Storage failed: nothing was done.
    pub fn internal_error(&self) -> String {
        self.texts.answers.internal_error.to_owned()
    }

    /// The system note visitors see when the support closes their ticket.
    pub fn note_closed(&self) -> &'static str {
        self.texts.answers.note_closed
    }

    /// The system note visitors see when the support reopens their ticket.
    pub fn note_reopened(&self) -> &'static str {
        self.texts.answers.note_reopened
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::Locale;

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
    fn spanish_and_german_confirmations_name_the_ticket() {
        let clock = paris_clock();
        let n = TicketNumber::new(1001).unwrap();
        assert_eq!(
            Renderer::new(Locale::Es, &clock).priority_changed(n, Priority::Low, Priority::High),
            "🔴 Prioridad del ticket T1001 cambiada de low → high"
        );
        assert_eq!(
            Renderer::new(Locale::De, &clock).ticket_not_found(n),
            "❌ Ticket T1001 existiert nicht. Siehe /tickets"
        );
    }
}
