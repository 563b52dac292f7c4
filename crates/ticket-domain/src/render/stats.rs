//! `/stats`: the detailed statistics and the recommended actions.

use super::format::human_duration;
use super::Renderer;
use crate::ports::TicketStats;

impl Renderer<'_> {
    /// The guide's `📊 STATISTIQUES DÉTAILLÉES`, with pending tickets, tickets created today and
    /// the median first-response time added.
    pub fn stats(&self, stats: &TicketStats) -> String {
        let fr = self.fr();
        let c = &stats.counts;
        let median = match stats.median_first_response {
            Some(d) => human_duration(d, if fr { "j" } else { "d" }),
            None if fr => "pas encore de réponse".to_owned(),
            None => "no reply yet".to_owned(),
        };
        let mut out = if fr {
            format!(
                "📊 STATISTIQUES DÉTAILLÉES\n\n\
                 🎫 Tickets totaux: {}\n🟢 Ouverts: {}\n⏳ En attente: {}\n🔴 Fermés: {}\n\
                 🚨 Urgents: {}\n⏰ Anciens (>7j): {}\n🆕 Créés aujourd'hui: {}\n\
                 ⏱️ Première réponse (médiane): {median}\n",
                c.total(),
                c.open,
                c.pending,
                c.closed,
                stats.urgent,
                stats.stale,
                stats.created_today
            )
        } else {
            format!(
                "📊 DETAILED STATISTICS\n\n\
                 🎫 Total tickets: {}\n🟢 Open: {}\n⏳ Pending: {}\n🔴 Closed: {}\n\
                 🚨 Urgent: {}\n⏰ Stale (>7d): {}\n🆕 Created today: {}\n\
                 ⏱️ First response (median): {median}\n",
                c.total(),
                c.open,
                c.pending,
                c.closed,
                stats.urgent,
                stats.stale,
                stats.created_today
            )
        };
        if !stats.urgent_tickets.is_empty() {
            out.push_str(if fr {
                "\n🚨 Tickets urgents:\n"
            } else {
                "\n🚨 Urgent tickets:\n"
            });
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
                out.push_str(&if fr {
                    format!("• … et {more} autre(s): /tickets urgent\n")
                } else {
                    format!("• … and {more} more: /tickets urgent\n")
                });
            }
        }
        out.push_str(if fr {
            "\n💡 Actions recommandées:\n"
        } else {
            "\n💡 Recommended actions:\n"
        });
        for action in self.recommended_actions(stats) {
            out.push_str(&format!("• {action}\n"));
        }
        out.trim_end().to_owned()
    }

    fn recommended_actions(&self, stats: &TicketStats) -> Vec<String> {
        let fr = self.fr();
        let mut actions = Vec::new();
        match (stats.urgent, fr) {
            (0, _) => {}
            (1, true) => actions.push("Traiter le 1 ticket urgent".to_owned()),
            (n, true) => actions.push(format!("Traiter les {n} tickets urgents")),
            (1, false) => actions.push("Handle the 1 urgent ticket".to_owned()),
            (n, false) => actions.push(format!("Handle the {n} urgent tickets")),
        }
        match (stats.stale, fr) {
            (0, _) => {}
            (1, true) => actions.push("Relancer ou fermer le ticket ancien (>7j)".to_owned()),
            (n, true) => actions.push(format!("Relancer ou fermer les {n} tickets anciens (>7j)")),
            (1, false) => actions.push("Follow up or close the stale ticket (>7d)".to_owned()),
            (n, false) => actions.push(format!("Follow up or close the {n} stale tickets (>7d)")),
        }
        match (stats.counts.open, fr) {
            (0, _) => {}
            (1, true) => actions.push("Répondre au ticket ouvert: /tickets open".to_owned()),
            (n, true) => actions.push(format!("Répondre aux {n} tickets ouverts: /tickets open")),
            (1, false) => actions.push("Answer the open ticket: /tickets open".to_owned()),
            (n, false) => actions.push(format!("Answer the {n} open tickets: /tickets open")),
        }
        if actions.is_empty() {
            actions.push(
                if fr {
                    "Rien à faire, tout est à jour 🎉"
                } else {
                    "Nothing to do, all caught up 🎉"
                }
                .to_owned(),
            );
        }
        actions
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
        assert!(fits_in_one_message(&text));
    }
}
