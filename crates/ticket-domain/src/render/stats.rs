//! `/stats`: the detailed statistics and the recommended actions.

use super::format::human_duration;
use super::Renderer;
use crate::ports::TicketStats;

impl Renderer<'_> {
    /// The guide's `📊 STATISTIQUES DÉTAILLÉES`, with pending tickets, tickets created today and
    /// the median first-response time added.
    pub fn stats(&self, stats: &TicketStats) -> String {
        let texts = &self.texts.stats;
        let labels = &self.texts.labels;
        let c = &stats.counts;
        let median = match stats.median_first_response {
            Some(d) => human_duration(d, texts.day),
            None => texts.no_reply_yet.to_owned(),
        };
        let mut out = format!(
            "{}\n\n\
             🎫 {}: {}\n🟢 {}: {}\n⏳ {}: {}\n🔴 {}: {}\n\
             🚨 {}: {}\n⏰ {}: {}\n🆕 {}: {}\n\
             ⏱️ {}: {median}\n",
            texts.title,
            texts.total,
            c.total(),
            labels.open,
            c.open,
            labels.pending,
            c.pending,
            labels.closed,
            c.closed,
            texts.urgent,
            stats.urgent,
            texts.stale,
            stats.stale,
            texts.created_today,
            stats.created_today,
            texts.first_response,
        );
        if !stats.urgent_tickets.is_empty() {
            out.push_str(&format!("\n{}\n", self.texts.list.urgent));
            for (number, name) in &stats.urgent_tickets {
                out.push_str(&format!(
                    "• {number} - {}\n",
                    self.visitor_name(name.as_ref())
                ));
            }
            let more = stats
                .urgent
                .saturating_sub(stats.urgent_tickets.len() as u64);
            if more > 0 {
                out.push_str(&format!("• {}\n", (texts.more_urgent)(more)));
            }
        }
        out.push_str(&format!("\n{}\n", texts.recommended));
        for action in self.recommended_actions(stats) {
            out.push_str(&format!("• {action}\n"));
        }
        out.trim_end().to_owned()
    }

    fn recommended_actions(&self, stats: &TicketStats) -> Vec<String> {
        let texts = &self.texts.stats;
        let actions: Vec<String> = [
            (stats.urgent, texts.handle_urgent),
            (stats.stale, texts.follow_up_stale),
            (stats.counts.open, texts.answer_open),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, action)| action(count))
        .collect();
        if actions.is_empty() {
            vec![texts.nothing_to_do.to_owned()]
        } else {
            actions
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ports::StatusCounts;
    use crate::render::test_support::paris_clock;
    use crate::render::{fits_in_one_message, Locale};
    use crate::ticket::TicketNumber;
    use crate::values::DisplayName;

    fn guide_stats() -> TicketStats {
        TicketStats {
            counts: StatusCounts {
                open: 3,
                pending: 0,
                closed: 22,
            },
            urgent: 1,
            stale: 0,
            created_today: 2,
            median_first_response: Some(Duration::from_secs(12 * 60)),
            urgent_tickets: vec![(
                TicketNumber::new(1002).unwrap(),
                Some(DisplayName::new("Marie Martin").unwrap()),
            )],
        }
    }

    #[test]
    fn stats_follow_the_guide_with_the_added_figures() {
        let clock = paris_clock();
        let text = Renderer::new(Locale::Fr, &clock).stats(&guide_stats());
        assert_eq!(
            text,
            "📊 STATISTIQUES DÉTAILLÉES\n\n\
             🎫 Tickets totaux: 25\n🟢 Ouverts: 3\n⏳ En attente: 0\n🔴 Fermés: 22\n\
             🚨 Urgents: 1\n⏰ Anciens (>7j): 0\n🆕 Créés aujourd'hui: 2\n\
             ⏱️ Première réponse (médiane): 12 min\n\n\
             🚨 Tickets urgents:\n• T1002 - Marie Martin\n\n\
             💡 Actions recommandées:\n• Traiter le 1 ticket urgent\n\
             • Répondre aux 3 tickets ouverts: /tickets open"
        );
    }

    #[test]
    fn with_nothing_to_do_stats_say_so() {
        let clock = paris_clock();
        let stats = TicketStats {
            counts: StatusCounts {
                open: 0,
                pending: 0,
                closed: 0,
            },
            urgent: 0,
            stale: 0,
            created_today: 0,
            median_first_response: None,
            urgent_tickets: vec![],
        };
        let text = Renderer::new(Locale::En, &clock).stats(&stats);
        assert!(text.contains("⏱️ First response (median): no reply yet"));
        assert!(text.ends_with("• Nothing to do, all caught up 🎉"));
    }

    #[test]
    fn german_stats_use_german_words_and_plurals() {
        let clock = paris_clock();
        let text = Renderer::new(Locale::De, &clock).stats(&guide_stats());
        assert!(text.starts_with("📊 DETAILLIERTE STATISTIK\n\n🎫 Tickets gesamt: 25\n"));
        assert!(text.contains("\n⏱️ Erste Antwort (Median): 12 min\n"));
        assert!(text.ends_with(
            "💡 Empfohlene Aktionen:\n• Das dringende Ticket bearbeiten\n\
             • Die 3 offenen Tickets beantworten: /tickets open"
        ));
    }

    #[test]
    fn many_urgent_tickets_are_cut_and_counted() {
        let clock = paris_clock();
        let mut stats = guide_stats();
        stats.urgent = 500;
        stats.stale = 7;
        stats.urgent_tickets = (0..10)
            .map(|i| {
                (
                    TicketNumber::new(1001 + i).unwrap(),
                    Some(DisplayName::new(&"N".repeat(100)).unwrap()),
                )
            })
            .collect();
        let text = Renderer::new(Locale::Fr, &clock).stats(&stats);
        assert!(text.contains("• … et 490 autre(s): /tickets urgent"));
        assert!(text.contains("• Relancer ou fermer les 7 tickets anciens (>7j)"));
        for locale in Locale::ALL {
            let text = Renderer::new(locale, &clock).stats(&stats);
            assert!(fits_in_one_message(&text), "{locale:?}");
        }
    }
}
