//! `/tickets`: the summary and a page of the list.

use super::format::excerpt;
use super::Renderer;
use crate::command::ListFilter;
use crate::ports::{StatusCounts, TicketListPage};
use crate::ticket::{Status, Ticket};

/// How many characters of a subject the list shows.
const SUBJECT_CHARS: usize = 40;

impl Renderer<'_> {
    /// The guide's `🎫 GESTION DES TICKETS` list: the summary by status, then one page of the
    /// tickets matching `filter` (most urgent first, then latest activity), and how to see the
    /// next page. `page` counts from 1; `page_size` tickets a page.
    pub fn ticket_list(
        &self,
        counts: StatusCounts,
        filter: ListFilter,
        page: u32,
        page_size: u32,
        tickets: &TicketListPage,
    ) -> String {
        let texts = &self.texts.list;
        let labels = &self.texts.labels;
        let mut out = format!("{}\n\n{}\n", texts.title, texts.summary);
        out.push_str(&format!("• 🟢 {}: {}\n", labels.open, counts.open));
        out.push_str(&format!("• ⏳ {}: {}\n", labels.pending, counts.pending));
        out.push_str(&format!("• 🔴 {}: {}\n", labels.closed, counts.closed));
        out.push_str(&format!("• 📈 {}: {}\n\n", texts.total, counts.total()));

        let pages = tickets.total_matching.div_ceil(u64::from(page_size)).max(1);
        if tickets.tickets.is_empty() {
            out.push_str(&self.empty_list(filter, page, pages, tickets.total_matching));
            return out;
        }
        out.push_str(self.list_heading(filter));
        out.push('\n');
        let marks_status = matches!(
            filter,
            ListFilter::Active | ListFilter::Urgent | ListFilter::All
        );
        for ticket in &tickets.tickets {
            out.push_str(&self.list_item(ticket, marks_status));
        }
        if pages > 1 {
            out.push_str(&self.page_footer(filter, page, pages));
        }
        out.trim_end().to_owned()
    }

    fn list_heading(&self, filter: ListFilter) -> &'static str {
        let texts = &self.texts.list;
        match filter {
            ListFilter::Active => texts.active,
            ListFilter::Open => texts.open,
            ListFilter::Pending => texts.pending,
            ListFilter::Closed => texts.closed,
            ListFilter::Urgent => texts.urgent,
            ListFilter::All => texts.all,
        }
    }

    fn list_item(&self, ticket: &Ticket, marks_status: bool) -> String {
        let status = if marks_status {
            format!(" · {}", self.status_mark(ticket.status))
        } else {
            String::new()
        };
        let assignee = ticket
            .assignee
            .as_ref()
            .map(|assignee| format!(" · 👥 {}", assignee.name))
            .unwrap_or_default();
        format!(
            "{} {} - {}{status}{assignee}\n   \"{}\"\n   📅 {}\n\n",
            ticket.priority.icon(),
            ticket.number,
            self.visitor_name(ticket.visitor.name.as_ref()),
            excerpt(&ticket.subject, SUBJECT_CHARS),
            self.date_time(ticket.last_activity_at),
        )
    }

    /// `🟢 ouvert`, `⏳ en attente`, `🔴 fermé`.
    pub(super) fn status_mark(&self, status: Status) -> &'static str {
        let texts = &self.texts.list;
        match status {
            Status::Open => texts.mark_open,
            Status::Pending => texts.mark_pending,
            Status::Closed => texts.mark_closed,
        }
    }

    fn list_command(filter: ListFilter, page: u64) -> String {
        match filter {
            ListFilter::Active => format!("/tickets {page}"),
            other => format!("/tickets {} {page}", other.as_str()),
        }
    }

    fn page_footer(&self, filter: ListFilter, page: u32, pages: u64) -> String {
        let texts = &self.texts.list;
        let page = u64::from(page);
        let mut footer = (texts.page)(page, pages);
        if page < pages {
            footer.push_str(&(texts.next_page)(&Self::list_command(filter, page + 1)));
        }
        footer
    }

    fn empty_list(&self, filter: ListFilter, page: u32, pages: u64, total: u64) -> String {
        let texts = &self.texts.list;
        if total > 0 {
            return (texts.no_such_page)(page, pages, &Self::list_command(filter, 1));
        }
        match filter {
            ListFilter::Active => texts.all_caught_up.to_owned(),
            _ => texts.no_match.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::render::test_support::paris_clock;
    use crate::render::{fits_in_one_message, Locale};
    use crate::ticket::{Priority, TicketNumber};
    use crate::values::DisplayName;
    use crate::visitor::{VisitorId, VisitorProfile};

    fn ticket(
        number: u32,
        name: &str,
        subject: &str,
        priority: Priority,
        status: Status,
    ) -> Ticket {
        let at = Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap();
        Ticket {
            number: TicketNumber::new(number).unwrap(),
            visitor: VisitorProfile {
                id: VisitorId(1),
                name: Some(DisplayName::new(name).unwrap()),
                email: None,
            },
            subject: subject.into(),
            status,
            priority,
            created_at: at,
            last_activity_at: at,
            closed_at: None,
            last_page: None,
            last_device: None,
            assignee: None,
        }
    }

    #[test]
    fn the_list_shows_the_summary_and_the_tickets_as_the_guide_does() {
        let clock = paris_clock();
        let page = TicketListPage {
            tickets: vec![
                ticket(
                    1002,
                    "Marie Martin",
                    "Service ne fonctionne plus",
                    Priority::Urgent,
                    Status::Open,
                ),
                ticket(
                    1001,
                    "Jean Dupont",
                    "Problème avec ma commande numéro 4521 passée hier",
                    Priority::Medium,
                    Status::Pending,
                ),
            ],
            total_matching: 2,
        };
        let counts = StatusCounts {
            open: 1,
            pending: 1,
            closed: 12,
        };
        let text =
            Renderer::new(Locale::Fr, &clock).ticket_list(counts, ListFilter::Active, 1, 10, &page);
        assert_eq!(
            text,
            "🎫 GESTION DES TICKETS\n\n📊 Résumé:\n• 🟢 Ouverts: 1\n• ⏳ En attente: 1\n• 🔴 Fermés: 12\n• 📈 Total: 14\n\n\
             📋 Tickets ouverts et en attente:\n\
             🚨 T1002 - Marie Martin · 🟢 ouvert\n   \"Service ne fonctionne plus\"\n   📅 15/01/2024 14:30\n\n\
             🟡 T1001 - Jean Dupont · ⏳ en attente\n   \"Problème avec ma commande numéro 4521 pa...\"\n   📅 15/01/2024 14:30"
        );
    }

    #[test]
    fn a_long_list_says_how_to_see_the_next_page() {
        let clock = paris_clock();
        let page = TicketListPage {
            tickets: vec![ticket(1001, "Jean", "x", Priority::Low, Status::Closed)],
            total_matching: 25,
        };
        let text = Renderer::new(Locale::Fr, &clock).ticket_list(
            StatusCounts::default(),
            ListFilter::Closed,
            2,
            10,
            &page,
        );
        assert!(
            text.ends_with("📄 Page 2/3 · suite: /tickets closed 3"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_list_says_all_is_caught_up() {
        let clock = paris_clock();
        let page = TicketListPage {
            tickets: vec![],
            total_matching: 0,
        };
        let text = Renderer::new(Locale::En, &clock).ticket_list(
            StatusCounts::default(),
            ListFilter::Active,
            1,
            10,
            &page,
        );
        assert!(text.ends_with("✨ No ticket to handle. All caught up!"));
    }

    #[test]
    fn a_page_past_the_end_points_back_to_the_first() {
        let clock = paris_clock();
        let page = TicketListPage {
            tickets: vec![],
            total_matching: 12,
        };
        let text = Renderer::new(Locale::Fr, &clock).ticket_list(
            StatusCounts::default(),
            ListFilter::Active,
            9,
            10,
            &page,
        );
        assert!(
            text.ends_with("📄 La page 9 n'existe pas (il y a 2 page(s)). Voir /tickets 1"),
            "{text}"
        );
    }

    #[test]
    fn a_german_list_pages_in_german() {
        let clock = paris_clock();
        let page = TicketListPage {
            tickets: vec![ticket(1001, "Jean", "x", Priority::Low, Status::Pending)],
            total_matching: 25,
        };
        let text = Renderer::new(Locale::De, &clock).ticket_list(
            StatusCounts::default(),
            ListFilter::All,
            1,
            10,
            &page,
        );
        assert!(text.starts_with("🎫 TICKETVERWALTUNG\n\n📊 Übersicht:\n• 🟢 Offen: 0\n"));
        assert!(text.contains("\n📋 Alle Tickets:\n🟢 T1001 - Jean · ⏳ wartend\n"));
        assert!(
            text.ends_with("📄 Seite 1/3 · weiter: /tickets all 2"),
            "{text}"
        );
    }

    #[test]
    fn a_full_page_of_long_names_fits_in_one_message() {
        let clock = paris_clock();
        let long_name = "N".repeat(100);
        let tickets = (0..10)
            .map(|i| {
                ticket(
                    1001 + i,
                    &long_name,
                    &"s".repeat(4_000),
                    Priority::Urgent,
                    Status::Open,
                )
            })
            .collect();
        let page = TicketListPage {
            tickets,
            total_matching: 1_000,
        };
        for locale in Locale::ALL {
            let text = Renderer::new(locale, &clock).ticket_list(
                StatusCounts::default(),
                ListFilter::Active,
                1,
                10,
                &page,
            );
            assert!(fits_in_one_message(&text), "{locale:?}");
        }
    }
}
