//! The notification the operator receives when a visitor writes.

use super::Renderer;
use crate::notification::OperatorNotification;
use crate::ticket::{Device, VisitorMessageEffect};
use crate::values::DisplayName;

impl Renderer<'_> {
    /// The guide's `🆕 NOUVEAU TICKET` / `📝 RÉPONSE TICKET` layout (and `🔓 TICKET ROUVERT`
    /// when the visitor wrote on a closed ticket). The visitor's text is included literally and
    /// whole, so the result can exceed one Telegram message.
    pub fn notification(&self, n: &OperatorNotification) -> String {
        let texts = &self.texts.notification;
        let labels = &self.texts.labels;
        let number = n.ticket;
        let heading = match n.effect {
            VisitorMessageEffect::Created => (texts.created)(number),
            VisitorMessageEffect::Appended => (texts.appended)(number),
            VisitorMessageEffect::Reopened => (texts.reopened)(number),
        };
        let mut lines = vec![heading, String::new()];
        lines.push(format!(
            "👤 {}: {}",
            labels.visitor,
            self.visitor_name(n.visitor_name.as_ref())
        ));
        if let Some(email) = &n.visitor_email {
            lines.push(format!("📧 {}: {email}", labels.email));
        }
        lines.push(format!("💬 {}: {}", labels.message, n.text));
        lines.push(format!("⏰ {}: {}", texts.time, self.date_time(n.sent_at)));
        if let Some(page) = &n.page {
            lines.push(format!("🌐 {}: {page}", labels.page));
        }
        if let Some(device) = n.device {
            lines.push(self.device(device).to_owned());
        }
        lines.push(String::new());
        lines.push("---".to_owned());
        lines.push((texts.history_hint)(number));
        if n.effect != VisitorMessageEffect::Appended {
            lines.push((texts.commands_hint)(number));
        }
        lines.join("\n")
    }

    /// The visitor's name, or a word for an anonymous visitor.
    pub(super) fn visitor_name(&self, name: Option<&DisplayName>) -> String {
        match name {
            Some(name) => name.to_string(),
            None => self.texts.labels.anonymous.to_owned(),
        }
    }

    /// The device line: `📱 Mobile`, `📱 Tablette`, `💻 Ordinateur`.
    pub(super) fn device(&self, device: Device) -> &'static str {
        let labels = &self.texts.labels;
        match device {
            Device::Mobile => labels.mobile,
            Device::Tablet => labels.tablet,
            Device::Desktop => labels.desktop,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::Locale;
    use crate::ticket::TicketNumber;
    use crate::values::Page;

    fn jean(effect: VisitorMessageEffect, text: &str, page: &str) -> OperatorNotification {
        OperatorNotification {
            effect,
            ticket: TicketNumber::new(1001).unwrap(),
            visitor_name: Some(DisplayName::new("Jean Dupont").unwrap()),
            visitor_email: None,
            text: text.to_owned(),
            // 14:30 in Paris in January (UTC+1).
            sent_at: Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap(),
            page: Some(Page::new(page).unwrap()),
            device: Some(Device::Mobile),
        }
    }

    #[test]
    fn a_new_ticket_is_announced_exactly_as_the_guide_shows() {
        let clock = paris_clock();
        let text = Renderer::new(Locale::Fr, &clock).notification(&jean(
            VisitorMessageEffect::Created,
            "Bonjour, vos offres m'intéressent",
            "/prix",
        ));
        assert_eq!(
            text,
            "🆕 NOUVEAU TICKET T1001\n\
             \n\
             👤 Client: Jean Dupont\n\
             💬 Message: Bonjour, vos offres m'intéressent\n\
             ⏰ Heure: 15/01/2024 14:30\n\
             🌐 Page: /prix\n\
             📱 Mobile\n\
             \n\
             ---\n\
             💡 Répondez avec /ticket T1001 pour voir l'historique\n\
             🛠️ Commandes: /tickets /close T1001 /help"
        );
    }

    #[test]
    fn a_follow_up_is_announced_exactly_as_the_guide_shows() {
        let clock = paris_clock();
        let mut n = jean(
            VisitorMessageEffect::Appended,
            "Merci pour votre réponse",
            "/chaines",
        );
        n.sent_at = Utc.with_ymd_and_hms(2024, 1, 15, 14, 45, 0).unwrap();
        let text = Renderer::new(Locale::Fr, &clock).notification(&n);
        assert_eq!(
            text,
            "📝 RÉPONSE TICKET T1001\n\
             \n\
             👤 Client: Jean Dupont\n\
             💬 Message: Merci pour votre réponse\n\
             ⏰ Heure: 15/01/2024 15:45\n\
             🌐 Page: /chaines\n\
             📱 Mobile\n\
             \n\
             ---\n\
             💡 Répondez avec /ticket T1001 pour voir l'historique"
        );
    }

    #[test]
    fn a_reopening_says_so_and_shows_the_email_when_known() {
        let clock = paris_clock();
        let mut n = jean(VisitorMessageEffect::Reopened, "Encore moi", "/");
        n.visitor_email = Some(crate::values::Email::new("jean@email.com").unwrap());
        let text = Renderer::new(Locale::Fr, &clock).notification(&n);
        assert!(text.starts_with("🔓 TICKET T1001 ROUVERT PAR LE CLIENT\n"));
        assert!(text.contains("\n📧 Email: jean@email.com\n"));
    }

    #[test]
    fn english_notifications_use_english_words() {
        let clock = paris_clock();
        let mut n = jean(VisitorMessageEffect::Created, "Hello", "/pricing");
        n.visitor_name = None;
        n.device = Some(Device::Desktop);
        let text = Renderer::new(Locale::En, &clock).notification(&n);
        assert!(text.starts_with("🆕 NEW TICKET T1001\n"));
        assert!(text.contains("👤 Visitor: Anonymous visitor\n"));
        assert!(text.contains("💻 Desktop\n"));
        assert!(text.contains("💡 Reply with /ticket T1001 to see the history"));
    }

    #[test]
    fn spanish_and_german_notifications_keep_the_layout() {
        let clock = paris_clock();
        let n = jean(VisitorMessageEffect::Created, "Hola", "/precios");
        let es = Renderer::new(Locale::Es, &clock).notification(&n);
        assert_eq!(
            es,
            "🆕 NUEVO TICKET T1001\n\
             \n\
             👤 Cliente: Jean Dupont\n\
             💬 Mensaje: Hola\n\
             ⏰ Hora: 15/01/2024 14:30\n\
             🌐 Página: /precios\n\
             📱 Móvil\n\
             \n\
             ---\n\
             💡 Envíe /ticket T1001 para ver el historial\n\
             🛠️ Comandos: /tickets /close T1001 /help"
        );
        let de = Renderer::new(Locale::De, &clock).notification(&n);
        assert!(de.starts_with("🆕 NEUES TICKET T1001\n\n👤 Kunde: Jean Dupont\n"));
        assert!(de.contains("\n⏰ Uhrzeit: 15.01.2024 14:30\n"), "{de}");
    }

    #[test]
    fn markup_in_the_visitor_text_is_kept_literally() {
        let clock = paris_clock();
        let raw = "<b>gras</b> & *_[]` 🎉";
        let text = Renderer::new(Locale::Fr, &clock).notification(&jean(
            VisitorMessageEffect::Created,
            raw,
            "/",
        ));
        assert!(text.contains(&format!("💬 Message: {raw}\n")));
    }
}
